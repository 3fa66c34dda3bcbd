//! Every internal link and fragment in the built portal resolves.

mod common;

use common::{read_tree, site};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where a site is served: `https://example.org/kadry/` and its path.
struct Base<'b> {
    url: &'b str,
    path: &'b str,
}

const ROOT: Base = Base {
    url: "https://kadry.example.org/",
    path: "/",
};

const SUB_PATH: Base = Base {
    url: "https://example.org/kadry/",
    path: "/kadry/",
};

/// Resolves a link found in `page` to a file path in the site, or `None`
/// for other sites and mail links. An address of this host outside the
/// base path (`/roadmap/` on a site at `/kadry/`) resolves to a path that
/// starts with `..`, which no file has.
fn resolve(page: &Path, url: &str, base: &Base) -> Option<(PathBuf, Option<String>)> {
    let url = match url.strip_prefix(base.url) {
        Some(rest) => format!("{}{rest}", base.path),
        None if url.contains("://") || url.starts_with("//") => return None,
        None if url.starts_with("mailto:") || url.starts_with("tel:") => return None,
        None => url.to_string(),
    };
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url.as_str(), None),
    };
    let path = path.split('?').next().unwrap();
    let joined = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(from_host) = path.strip_prefix('/') {
        match path.strip_prefix(base.path) {
            Some(inside) => PathBuf::from(inside),
            None if path == base.path.trim_end_matches('/') => PathBuf::new(),
            None => return Some((Path::new("..").join(from_host), fragment)),
        }
    } else {
        page.parent().unwrap().join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(parts.pop().is_some(), "{url} climbs above the site root");
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into()),
            _ => {}
        }
    }
    let mut file: PathBuf = parts.iter().collect();
    if path.ends_with('/')
        || path.is_empty() && page.ends_with("index.html") && file.as_os_str().is_empty()
    {
        file = file.join("index.html");
    }
    Some((file, fragment))
}

/// Every link in every page (`href`, `src`, canonical included) and every
/// address in the feeds and the sitemap, as (file it is in, URL).
fn links_of(files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<(PathBuf, String)> {
    let any_ref = scraper::Selector::parse("[href], [src]").unwrap();
    let mut links = Vec::new();
    for (path, bytes) in files {
        let text = std::str::from_utf8(bytes).unwrap_or("");
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                let doc = scraper::Html::parse_document(text);
                for el in doc.select(&any_ref) {
                    let url = el.attr("href").or(el.attr("src")).unwrap();
                    links.push((path.clone(), url.to_string()));
                }
            }
            Some("xml") => {
                for piece in text.split(['<', '>', '"']) {
                    if piece.starts_with("http") && !piece.contains(' ') {
                        links.push((path.clone(), piece.replace("&amp;", "&")));
                    }
                }
            }
            _ => {}
        }
    }
    links
}

/// Builds the real portal at `base` and lists every link that leads to no
/// file of the site, or to no such id in it; also returns how many links
/// were checked.
fn broken_links(base: &Base) -> (Vec<String>, usize) {
    let dir = site("real");
    let out = dir.path().join("public");
    kadry::build(&kadry::BuildOptions {
        base_url: Some(base.url.into()),
        ..kadry::BuildOptions::new(dir.path(), &out, common::date("2026-11-26"))
    })
    .unwrap();
    let files = read_tree(&out);

    let with_id = scraper::Selector::parse("[id]").unwrap();
    let mut ids: BTreeMap<&PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.extension().is_some_and(|e| e == "html") {
            let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
            let found = doc.select(&with_id).filter_map(|e| e.attr("id"));
            ids.insert(path, found.map(str::to_string).collect());
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, url) in &links_of(&files) {
        let Some((target, fragment)) = resolve(page, url, base) else {
            continue;
        };
        checked += 1;
        if !files.contains_key(&target) {
            broken.push(format!(
                "{}: {url} → no file {}",
                page.display(),
                target.display()
            ));
            continue;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty() && f != "top") {
            if !ids.get(&target).is_some_and(|s| s.contains(&f)) {
                broken.push(format!("{}: {url} → no id «{f}»", page.display()));
            }
        }
    }
    (broken, checked)
}

fn assert_all_resolve(base: &Base) {
    let (broken, checked) = broken_links(base);
    assert!(checked > 2000, "only {checked} internal links found");
    assert!(
        broken.is_empty(),
        "{} broken links at {}:\n{}",
        broken.len(),
        base.url,
        broken.join("\n")
    );
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    assert_all_resolve(&ROOT);
}

/// The portal deployed below a path: every link of every page, the links
/// editors wrote in Markdown among them, stays below it.
#[test]
fn every_link_resolves_below_a_sub_path() {
    assert_all_resolve(&SUB_PATH);
}

#[test]
fn the_checker_itself_catches_breakage() {
    let page = Path::new("roadmap/index.html");
    assert_eq!(
        resolve(page, "/roadmap/14/#m-14.1", &ROOT),
        Some((
            PathBuf::from("roadmap/14/index.html"),
            Some("m-14.1".into())
        ))
    );
    assert_eq!(
        resolve(page, "../css/site.css", &ROOT),
        Some((PathBuf::from("css/site.css"), None))
    );
    assert_eq!(resolve(page, "https://example.org/", &ROOT), None);
    // below a sub-path: its own absolute URLs are checked, the host's
    // other paths lead nowhere
    assert_eq!(
        resolve(page, "https://example.org/kadry/news/", &SUB_PATH),
        Some((PathBuf::from("news/index.html"), None))
    );
    assert_eq!(
        resolve(page, "/kadry/", &SUB_PATH),
        Some((PathBuf::from("index.html"), None))
    );
    assert_eq!(
        resolve(page, "/roadmap/4/4.1/", &SUB_PATH),
        Some((PathBuf::from("../roadmap/4/4.1/"), None))
    );
}
