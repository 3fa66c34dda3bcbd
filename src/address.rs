//! The one authority for every address on the portal.
//!
//! An *address* is where a page or file lives below the site's base path:
//! `""` (home), `"roadmap/14/"` (a page, served as `roadmap/14/index.html`)
//! or `"news/atom.xml"` (a file). This module names every address the
//! portal has, maps addresses to output files and back ([`file_of`],
//! [`address_of`]), and, through [`Urls`], turns them into the links pages
//! carry (`/kadry/roadmap/14/`) and the absolute URLs of feeds, the sitemap
//! and open data (`https://example.org/kadry/roadmap/14/`). Links written in
//! content are site-relative (`/roadmap/14/`): [`Urls::content_link`] puts
//! them below the base path and [`content_target`] says which address they
//! name. Nothing else formats a path of the site.

use std::path::{Path, PathBuf};

pub const HOME: &str = "";
pub const ROADMAP: &str = "roadmap/";
pub const SUMMARY: &str = "roadmap/summary/";
pub const TIMELINE: &str = "roadmap/timeline/";
pub const EXECUTORS: &str = "executors/";
pub const SITE_MAP: &str = "sitemap/";
pub const NOT_FOUND: &str = "404.html";
pub const NEWS: &str = "news/";
pub const NEWS_FEED: &str = "news/atom.xml";
pub const DOCUMENTS: &str = "documents/";
pub const INFRASTRUCTURE: &str = "infrastructure/";
pub const OPENDATA: &str = "opendata/";
/// The registry of open-data sets.
pub const OPENDATA_LIST: &str = "opendata/list.csv";
pub const SEARCH: &str = "search/";
pub const INVESTORS: &str = "investors/";
pub const INVESTORS_EN: &str = "en/investors/";
pub const INVESTORS_EMBED: &str = "investors/embed/";
pub const INVESTORS_JSON: &str = "investors/workforce.json";
pub const SITEMAP_XML: &str = "sitemap.xml";
pub const ROBOTS_TXT: &str = "robots.txt";
/// The script of the search bundle, which the search page loads.
pub const SEARCH_SCRIPT: &str = "pagefind/pagefind.js";

/// What the templates link to by name (`{{ site.url.roadmap }}`): the
/// sections in the header and footer, and a few files.
const NAMED: [(&str, &str); 16] = [
    ("home", HOME),
    ("roadmap", ROADMAP),
    ("summary", SUMMARY),
    ("timeline", TIMELINE),
    ("executors", EXECUTORS),
    ("news", NEWS),
    ("documents", DOCUMENTS),
    ("infrastructure", INFRASTRUCTURE),
    ("opendata", OPENDATA),
    ("investors", INVESTORS),
    ("investors_en", INVESTORS_EN),
    ("search", SEARCH),
    ("site_map", SITE_MAP),
    ("search_script", SEARCH_SCRIPT),
    ("robots", ROBOTS_TXT),
    ("news_feed", NEWS_FEED),
];

/// The theme's static files templates link to by name, by their path in
/// the theme's `static/` folder; they are published under hashed names
/// (see [`Assets`]).
const NAMED_ASSETS: [(&str, &str); 7] = [
    ("site_css", "css/site.css"),
    ("print_css", "css/print.css"),
    ("embed_css", "css/embed.css"),
    ("favicon", "favicon.svg"),
    ("search_js", "js/search.js"),
    ("sort_js", "js/sort.js"),
    ("page_js", "js/page.js"),
];

/// The addresses of the theme's static files: each is published under a
/// name that carries a hash of its bytes (`css/site.css` →
/// `css/site.0123456789.css`), so that a server can let browsers and
/// proxies keep it for a year: a changed file gets a new name, and only a
/// changed file does.
#[derive(Debug, Default, Clone)]
pub struct Assets {
    /// Path in the theme's `static/` folder → published address.
    addresses: std::collections::BTreeMap<String, String>,
}

impl Assets {
    /// Names the files `(path in static/, bytes)`.
    pub fn new<'f>(files: impl IntoIterator<Item = (&'f Path, &'f [u8])>) -> Assets {
        let addresses = files
            .into_iter()
            .map(|(path, bytes)| {
                let path = address_of(path);
                let hashed = hashed_name(&path, bytes);
                (path, hashed)
            })
            .collect();
        Assets { addresses }
    }

    /// The published address of a file of the theme's `static/` folder;
    /// a path the theme does not have is kept as it is (and the link check
    /// reports it).
    pub fn address<'a>(&'a self, path: &'a str) -> &'a str {
        self.addresses.get(path).map_or(path, String::as_str)
    }
}

/// Hex digits of the content hash in an asset's name: 40 bits, so two
/// versions of one file never meet by chance.
const HASH_DIGITS: usize = 10;

/// `css/site.css` with `bytes` → `css/site.<hash>.css` (the hash goes
/// before the last extension; a name without one gets it at the end).
fn hashed_name(path: &str, bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hash: String = digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(HASH_DIGITS)
        .map(|d| char::from_digit(u32::from(d), 16).unwrap_or('0'))
        .collect();
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            format!("{}.{hash}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}.{hash}"),
    }
}

pub fn section(id: &str) -> String {
    format!("roadmap/{id}/")
}

pub fn measure(section_id: &str, id: &str) -> String {
    format!("roadmap/{section_id}/{id}/")
}

/// Whether the page at `address` lists pages that have pages of their own:
/// the roadmap, its sections, summary and timeline, the documents, the
/// executors and each executor's measures, the news list, the search pages
/// and the site map. A search for any word of a measure would find these
/// too, above the measure.
pub fn is_listing(address: &str) -> bool {
    let is_section = address
        .strip_prefix(ROADMAP)
        .and_then(|rest| rest.strip_suffix('/'))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'));
    [ROADMAP, SUMMARY, TIMELINE, DOCUMENTS, NEWS, SITE_MAP].contains(&address)
        || is_section
        || address.starts_with(EXECUTORS)
        || address.starts_with(SEARCH)
}

/// A measure's Atom feed.
pub fn measure_feed(section_id: &str, id: &str) -> String {
    format!("{}atom.xml", measure(section_id, id))
}

/// A report page; `slug` is `<measure>/<name>`.
pub fn report(slug: &str) -> String {
    format!("reports/{slug}/")
}

pub fn executor(id: &str) -> String {
    format!("executors/{id}/")
}

/// An executor's Atom feed.
pub fn executor_feed(id: &str) -> String {
    format!("{}atom.xml", executor(id))
}

pub fn news_item(slug: &str) -> String {
    format!("news/{slug}/")
}

/// One of the search pages that list the site without JavaScript.
pub fn search_listing(name: &str) -> String {
    format!("{SEARCH}{name}")
}

/// The page of a dataset shown on the infrastructure page.
pub fn infrastructure(dataset: &str) -> String {
    format!("{INFRASTRUCTURE}{dataset}/")
}

/// Every name templates link by, with its address.
fn named_addresses(assets: &Assets) -> impl Iterator<Item = (&'static str, &str)> {
    let files = NAMED_ASSETS
        .iter()
        .map(|&(name, path)| (name, assets.address(path)));
    NAMED.iter().copied().chain(files)
}

/// The addresses of the pages templates know by name (see [`NAMED`]), to
/// mark the current section in the menu.
pub fn named() -> std::collections::BTreeMap<&'static str, &'static str> {
    NAMED.into_iter().collect()
}

/// The folder of an open-data set (`opendata/0000000000-kadry-roadmap/`), where its
/// page, data, structure and passport files live.
pub fn opendata_set(identifier: &str) -> String {
    format!("{OPENDATA}{identifier}/")
}

/// The output file of an address: a page is its folder's `index.html`.
pub fn file_of(address: &str) -> PathBuf {
    if address.is_empty() || address.ends_with('/') {
        PathBuf::from(format!("{address}index.html"))
    } else {
        PathBuf::from(address)
    }
}

/// The address an output file is served at: `roadmap/14/index.html` →
/// `roadmap/14/`, `news/atom.xml` → itself; `/` separated on any platform.
pub fn address_of(file: &Path) -> String {
    let parts: Vec<_> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    let path = parts.join("/");
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
        _ => path,
    }
}

/// The address a content file's page is published under, as it follows
/// from the file's path (relative to the site root):
/// `content/reports/14.1/2019-01-20-x.md` → `reports/14.1/2019-01-20-x/`,
/// `content/roadmap/14/_index.md` → `roadmap/14/`. Used for files that
/// could not be loaded, whose fields are unknown.
pub fn page_of_source(source: &Path) -> Option<String> {
    let below = source.strip_prefix("content").ok()?.with_extension("");
    let below = if below.file_name()? == "_index" {
        below.parent()?.to_path_buf()
    } else {
        below
    };
    // a section's folder may be numbered with a leading zero (`01`), its
    // address never is (`roadmap/1/`)
    let parts: Vec<String> = below
        .iter()
        .map(|p| p.to_string_lossy())
        .map(|p| match p.trim_start_matches('0') {
            t if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.to_string(),
            _ => p.into_owned(),
        })
        .collect();
    Some(format!("{}/", parts.join("/")))
}

/// What a site-relative link written in content (`/roadmap/14/#x`) leads
/// to: the address (`roadmap/14/`) and the fragment, if any.
pub fn content_target(url: &str) -> (&str, Option<&str>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    (path.strip_prefix('/').unwrap_or(path), fragment)
}

/// Whether a link written in content is site-relative (`/roadmap/`), as
/// opposed to another site's (`//host/`, `https://`) or page-relative.
pub fn is_site_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// The URLs of addresses on a site served from `base_url`.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://example.org/kadry/`, always ending in `/`.
    base_url: String,
    /// The path part of `base_url`: `/` or `/kadry/`.
    base_path: String,
}

impl Urls {
    /// `base_url` is the checked setting (see `config`), ending in `/`.
    pub fn new(base_url: &str) -> Urls {
        let base_url = format!("{}/", base_url.trim_end_matches('/'));
        let after_scheme = base_url.split_once("://").map_or(&*base_url, |(_, r)| r);
        let base_path = match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        };
        Urls {
            base_url,
            base_path,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `/` or `/kadry/`: the prefix of every link a page carries.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The link to an address from a page of the site: `/kadry/roadmap/`.
    pub fn page(&self, address: &str) -> String {
        format!("{}{address}", self.base_path)
    }

    /// The absolute URL of an address, for feeds, the sitemap, open data
    /// and anything read away from the site.
    pub fn absolute(&self, address: &str) -> String {
        format!("{}{address}", self.base_url)
    }

    pub fn section(&self, id: &str) -> String {
        self.page(&section(id))
    }

    pub fn measure(&self, section_id: &str, id: &str) -> String {
        self.page(&measure(section_id, id))
    }

    pub fn executor(&self, id: &str) -> String {
        self.page(&executor(id))
    }

    pub fn report(&self, slug: &str) -> String {
        self.page(&report(slug))
    }

    /// The links templates use by name (see [`NAMED`], [`NAMED_ASSETS`]).
    pub fn named(&self, assets: &Assets) -> std::collections::BTreeMap<&'static str, String> {
        named_addresses(assets)
            .map(|(name, address)| (name, self.page(address)))
            .collect()
    }

    /// The same, as absolute URLs (for `hreflang` alternates and the like).
    pub fn named_absolute(
        &self,
        assets: &Assets,
    ) -> std::collections::BTreeMap<&'static str, String> {
        named_addresses(assets)
            .map(|(name, address)| (name, self.absolute(address)))
            .collect()
    }

    /// A site-relative link written in content as a page of this site
    /// carries it: `/roadmap/14/` → `/kadry/roadmap/14/`. Other links are
    /// returned as they are.
    pub fn content_link<'u>(&self, url: &'u str) -> std::borrow::Cow<'u, str> {
        if is_site_relative(url) && self.base_path != "/" {
            format!("{}{}", self.base_path, &url[1..]).into()
        } else {
            url.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings() {
        for listing in [
            ROADMAP,
            SUMMARY,
            TIMELINE,
            DOCUMENTS,
            NEWS,
            SITE_MAP,
            EXECUTORS,
            &section("14"),
            &executor("rkc"),
            &search_listing("az/"),
        ] {
            assert!(is_listing(listing), "{listing}");
        }
        for page in [
            HOME,
            INVESTORS,
            INFRASTRUCTURE,
            OPENDATA,
            &measure("14", "14.1"),
            &report("14.1/2019-01-20-x"),
            &news_item("2019-01-15-x"),
            &infrastructure("training-sites"),
        ] {
            assert!(!is_listing(page), "{page}");
        }
    }

    #[test]
    fn pages_and_files() {
        for (address, file) in [
            ("", "index.html"),
            ("roadmap/14/", "roadmap/14/index.html"),
            ("news/atom.xml", "news/atom.xml"),
            ("404.html", "404.html"),
        ] {
            assert_eq!(file_of(address), PathBuf::from(file));
            assert_eq!(address_of(Path::new(file)), address);
        }
        // a file that only ends like a page is not one
        assert_eq!(
            address_of(Path::new("reports/1/xindex.html")),
            "reports/1/xindex.html"
        );
    }

    #[test]
    fn urls_at_the_root_and_below_a_sub_path() {
        let root = Urls::new("https://kadry.example.org/");
        assert_eq!(root.base_path(), "/");
        assert_eq!(root.measure("14", "14.1"), "/roadmap/14/14.1/");
        assert_eq!(
            root.absolute(NEWS_FEED),
            "https://kadry.example.org/news/atom.xml"
        );
        assert_eq!(root.content_link("/roadmap/14/"), "/roadmap/14/");

        let sub = Urls::new("https://example.org/kadry");
        assert_eq!(sub.base_url(), "https://example.org/kadry/");
        assert_eq!(sub.base_path(), "/kadry/");
        assert_eq!(sub.page(HOME), "/kadry/");
        assert_eq!(sub.report("1.1/x"), "/kadry/reports/1.1/x/");
        assert_eq!(sub.executor("mintrud"), "/kadry/executors/mintrud/");
        assert_eq!(sub.absolute(ROADMAP), "https://example.org/kadry/roadmap/");
        assert_eq!(sub.content_link("/roadmap/14/#a"), "/kadry/roadmap/14/#a");
        for other in [
            "//host/x",
            "https://x.org/",
            "#top",
            "files/a.pdf",
            "mailto:a@b",
        ] {
            assert_eq!(sub.content_link(other), other);
        }
    }

    #[test]
    fn content_links_name_addresses() {
        assert_eq!(content_target("/roadmap/14/#a"), ("roadmap/14/", Some("a")));
        assert_eq!(content_target("/news/?q=1"), ("news/", None));
        assert_eq!(content_target("/"), ("", None));
        assert!(is_site_relative("/x") && !is_site_relative("//x") && !is_site_relative("x"));
    }

    #[test]
    fn assets_are_named_by_their_bytes() {
        let v1 = Assets::new([(Path::new("css/site.css"), &b"body{}"[..])]);
        let v1_again = Assets::new([(Path::new("css/site.css"), &b"body{}"[..])]);
        let v2 = Assets::new([(Path::new("css/site.css"), &b"body{color:red}"[..])]);
        let name = v1.address("css/site.css");
        assert!(
            name.starts_with("css/site.") && name.ends_with(".css"),
            "{name}"
        );
        assert_eq!(name.len(), "css/site..css".len() + HASH_DIGITS);
        assert_eq!(name, v1_again.address("css/site.css"));
        assert_ne!(name, v2.address("css/site.css"));
        // what the theme lacks stays as it is, for the link check to report
        assert_eq!(v1.address("js/none.js"), "js/none.js");
        assert_eq!(hashed_name("LICENSE", b""), "LICENSE.e3b0c44298");
        assert_eq!(
            hashed_name(".well-known/x", b""),
            ".well-known/x.e3b0c44298"
        );
        let urls = Urls::new("https://example.org/kadry/");
        assert_eq!(urls.named(&v1)["site_css"], format!("/kadry/{name}"));
    }
}
