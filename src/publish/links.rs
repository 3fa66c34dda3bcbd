//! Checking links that editors wrote in Markdown against the rendered site:
//! the target page must exist and, with a `#fragment`, contain that id.

use crate::address;
use crate::diagnostics::Diagnostic;
use crate::model::ContentLink;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Watches the files of a build go by and keeps what the check needs: every
/// path, and the ids of the pages that links point into with a `#fragment`.
pub struct Collector<'a> {
    links: &'a [ContentLink],
    /// Pages whose ids are needed.
    wanted: HashSet<PathBuf>,
    paths: Mutex<HashSet<PathBuf>>,
    ids: Mutex<HashMap<PathBuf, HashSet<String>>>,
}

impl<'a> Collector<'a> {
    pub fn new(links: &'a [ContentLink]) -> Collector<'a> {
        let wanted = links
            .iter()
            .map(|l| target(&l.url))
            .filter(|t| t.fragment.is_some())
            .map(|t| t.path)
            .collect();
        Collector {
            links,
            wanted,
            paths: Mutex::default(),
            ids: Mutex::default(),
        }
    }

    /// Notes one file of the site; safe to call from several threads at once.
    pub fn record(&self, path: &Path, bytes: &[u8]) {
        if self.links.is_empty() {
            return;
        }
        if self.wanted.contains(path) {
            let ids = html_ids(bytes);
            self.ids.lock().unwrap().insert(path.to_path_buf(), ids);
        }
        self.paths.lock().unwrap().insert(path.to_path_buf());
    }

    /// An error for each link whose page or fragment does not exist.
    pub fn check(&self) -> Vec<Diagnostic> {
        let paths = self.paths.lock().unwrap();
        let ids = self.ids.lock().unwrap();
        let mut broken = Vec::new();
        for link in self.links {
            let Target {
                path: target,
                rel,
                fragment,
            } = target(&link.url);
            let path = link.url.split(['#', '?']).next().unwrap_or("");
            let error = |message: String, hint: &str| {
                Diagnostic::error(&link.path, message, hint).at(link.line, 1)
            };
            if !paths.contains(&target) {
                broken.push(error(
                    format!("ссылка ведёт на несуществующую страницу {}", link.url),
                    &hint(&rel, &paths),
                ));
                continue;
            }
            if let Some(fragment) = fragment {
                if !ids.get(&target).is_some_and(|ids| ids.contains(&fragment)) {
                    broken.push(error(
                        format!("на странице {path} нет места «#{fragment}»"),
                        "уберите часть после «#» или укажите существующий якорь (например #m-14.1 в таблице раздела)",
                    ));
                }
            }
        }
        broken
    }
}

/// Whether `url` leads to the page (or below the page) that one of these
/// content files would have been published as: links into a file that
/// could not be loaded are not reported, that file's own error is.
pub fn leads_into(url: &str, sources: &[PathBuf]) -> bool {
    let (rel, _) = address::content_target(url);
    sources
        .iter()
        .filter_map(|s| address::page_of_source(s))
        .any(|page| rel.starts_with(&page) || format!("{rel}/") == page)
}

/// What to write instead of a link to `rel` (below the base path), which
/// leads nowhere: the address with its trailing «/» when that is a page,
/// else the closest address of the site when one is close enough.
fn hint(rel: &str, paths: &HashSet<PathBuf>) -> String {
    let page = address::file_of(&format!("{rel}/"));
    if !rel.is_empty() && !rel.ends_with('/') && paths.contains(&page) {
        return format!("адреса страниц портала оканчиваются на «/»: /{rel}/");
    }
    let wanted = address::file_of(rel);
    let wanted = wanted.to_string_lossy();
    let closest = paths
        .iter()
        .filter_map(|p| p.to_str())
        .map(|p| (strsim::damerau_levenshtein(&wanted, p), p))
        .filter(|(d, _)| *d <= 3)
        .min();
    match closest {
        Some((_, p)) => format!(
            "возможно, имелось в виду /{}",
            address::address_of(Path::new(p))
        ),
        None => "проверьте адрес; все страницы портала перечислены в карте сайта /sitemap/".into(),
    }
}

/// Where a link leads in the built site.
struct Target {
    /// Output file: `roadmap/14/index.html`.
    path: PathBuf,
    /// The address below the base path, as written: `roadmap/14/`.
    rel: String,
    /// The `#fragment` to look for, if any (`#top` is always there).
    fragment: Option<String>,
}

fn target(url: &str) -> Target {
    let (rel, fragment) = address::content_target(url);
    Target {
        path: address::file_of(rel),
        rel: rel.to_string(),
        fragment: fragment
            .filter(|f| !f.is_empty() && *f != "top")
            .map(str::to_string),
    }
}

/// The values of `id` attributes in (possibly minified) HTML.
fn html_ids(html: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(html);
    let mut ids = HashSet::new();
    for (i, _) in text.match_indices(" id=") {
        let rest = &text[i + 4..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        ids.insert(value.to_string());
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn link(url: &str) -> ContentLink {
        ContentLink {
            url: url.into(),
            path: "content/reports/x.md".into(),
            line: 7,
        }
    }

    #[test]
    fn finds_missing_pages_and_fragments() {
        let files = [OutputFile {
            path: "roadmap/14/index.html".into(),
            bytes: b"<tr id=m-14.1><h2 id=\"section-14\">".to_vec(),
        }];
        let links = [
            link("/roadmap/14/"),
            link("/roadmap/14/#m-14.1"),
            link("/roadmap/14/#section-14"),
            link("/roadmap/14/#m-14.9"),
            link("/roadmap/99/"),
            link("/roadmap/14"),
        ];
        let collector = Collector::new(&links);
        files
            .iter()
            .for_each(|f| collector.record(&f.path, &f.bytes));
        let broken = collector.check();
        let lines: Vec<String> = broken.iter().map(|d| d.message.clone()).collect();
        assert_eq!(broken.len(), 3, "{lines:?}");
        assert!(lines[0].contains("#m-14.9"));
        assert!(lines[1].contains("/roadmap/99/"));
        assert_eq!(broken[0].line, Some(7));
    }
}
