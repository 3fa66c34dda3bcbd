//! Every internal link and fragment in the built portal resolves.

mod common;

use common::{build, read_tree, site};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Resolves a link found in `page` to a file path in the site, or `None`
/// for external and mail links.
fn resolve(page: &Path, url: &str) -> Option<(PathBuf, Option<String>)> {
    if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap();
    let joined = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(abs) = path.strip_prefix('/') {
        PathBuf::from(abs)
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

#[test]
fn every_internal_link_and_fragment_resolves() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let files = read_tree(&out);

    let any_ref = scraper::Selector::parse("[href], [src]").unwrap();
    let with_id = scraper::Selector::parse("[id]").unwrap();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    for (path, bytes) in &files {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        ids.insert(
            path.clone(),
            doc.select(&with_id)
                .filter_map(|e| e.attr("id").map(str::to_string))
                .collect(),
        );
        for el in doc.select(&any_ref) {
            if el.value().name() == "link" && el.attr("rel") == Some("canonical") {
                continue;
            }
            let url = el.attr("href").or(el.attr("src")).unwrap();
            links.push((path.clone(), url.to_string()));
        }
    }

    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, url) in &links {
        let Some((target, fragment)) = resolve(page, url) else {
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
    assert!(checked > 2000, "only {checked} internal links found");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn the_checker_itself_catches_breakage() {
    let page = Path::new("roadmap/index.html");
    assert_eq!(
        resolve(page, "/roadmap/14/#m-14.1"),
        Some((
            PathBuf::from("roadmap/14/index.html"),
            Some("m-14.1".into())
        ))
    );
    assert_eq!(
        resolve(page, "../css/site.css"),
        Some((PathBuf::from("css/site.css"), None))
    );
    assert_eq!(resolve(page, "https://example.org/"), None);
}
