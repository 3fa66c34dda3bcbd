//! Checking links that editors wrote in Markdown against the rendered site:
//! the target page must exist and, with a `#fragment`, contain that id.

use crate::diagnostics::Diagnostic;
use crate::model::ContentLink;
use crate::render::OutputFile;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Returns an error for each link whose page or fragment does not exist.
pub fn check(links: &[ContentLink], files: &[OutputFile], base_path: &str) -> Vec<Diagnostic> {
    if links.is_empty() {
        return Vec::new();
    }
    let by_path: HashMap<&std::path::Path, &OutputFile> =
        files.iter().map(|f| (f.path.as_path(), f)).collect();
    let mut ids_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for link in links {
        let (path, fragment) = match link.url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.url.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let rel = path
            .strip_prefix(base_path)
            .or_else(|| path.strip_prefix('/'))
            .unwrap_or(path);
        let target = if rel.is_empty() || rel.ends_with('/') {
            PathBuf::from(format!("{rel}index.html"))
        } else {
            PathBuf::from(rel)
        };
        let error = |message: String, hint: &str| {
            Diagnostic::error(&link.path, message, hint).at(link.line, 1)
        };
        let Some(file) = by_path.get(target.as_path()) else {
            let hint = if !rel.is_empty() && !rel.ends_with('/') && !rel.contains('.') {
                "адреса страниц портала оканчиваются на «/», например /roadmap/14/14.1/"
            } else {
                "проверьте адрес; все страницы портала перечислены в карте сайта /sitemap/"
            };
            broken.push(error(
                format!("ссылка ведёт на несуществующую страницу {}", link.url),
                hint,
            ));
            continue;
        };
        if let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") {
            let ids = ids_cache
                .entry(target.clone())
                .or_insert_with(|| html_ids(&file.bytes));
            if !ids.contains(fragment) {
                broken.push(error(
                    format!("на странице {path} нет места «#{fragment}»"),
                    "уберите часть после «#» или укажите существующий якорь (например #m-14.1 в таблице раздела)",
                ));
            }
        }
    }
    broken
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

    fn link(url: &str) -> ContentLink {
        ContentLink {
            url: url.into(),
            path: "content/reports/x.md".into(),
            line: 7,
        }
    }

    #[test]
    fn finds_missing_pages_and_fragments() {
        let files = vec![OutputFile {
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
        let broken = check(&links, &files, "/");
        let lines: Vec<String> = broken.iter().map(|d| d.message.clone()).collect();
        assert_eq!(broken.len(), 3, "{lines:?}");
        assert!(lines[0].contains("#m-14.9"));
        assert!(lines[1].contains("/roadmap/99/"));
        assert_eq!(broken[0].line, Some(7));
    }
}
