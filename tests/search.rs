//! Search: the pagefind bundle is part of the build and as reproducible as
//! the rest of it; the static indexes under /search/ list every measure.

mod common;

use common::{build, date, differing, read, read_site, site};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Measure pages linked from a page: `/roadmap/14/14.1/` → "14.1".
fn linked_measures(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let main = scraper::Selector::parse("main a[href]").unwrap();
    doc.select(&main)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|href| {
            let parts: Vec<&str> = href.trim_matches('/').split('/').collect();
            match parts[..] {
                ["roadmap", section, id] if id.starts_with(&format!("{section}.")) => {
                    Some(id.to_string())
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn the_build_has_the_russian_index_and_static_indexes_of_all_measures() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();

    for file in ["pagefind/pagefind.js", "pagefind/wasm.ru.pagefind"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let entry = read(&out, "pagefind/pagefind-entry.json");
    assert!(entry.contains(r#""ru":{"#), "{entry}");
    assert!(
        !entry.contains(r#""en":{"#),
        "English pages are not indexed: {entry}"
    );
    // the stock UIs are not shipped: search.js is the portal's own
    assert!(!out.join("pagefind/pagefind-ui.js").exists());

    for index in ["az", "by-number", "by-executor", "by-status", "by-month"] {
        let html = read(&out, &format!("search/{index}/index.html"));
        let measures = linked_measures(&html);
        assert_eq!(measures.len(), 74, "/search/{index}/ lists {measures:?}");
    }
    let by_month = common::text(&read(&out, "search/by-month/index.html"));
    assert!(by_month.contains("Декабрь 2018"), "{by_month}");
    let az = common::text(&read(&out, "search/az/index.html"));
    assert!(az.contains("А — "), "{az}");

    // /search/ works without JavaScript: it links to every static index
    let search = read(&out, "search/index.html");
    for index in ["az", "by-number", "by-executor", "by-status", "by-month"] {
        assert!(
            search.contains(&format!("href=/search/{index}/>")),
            "/search/ does not link to /search/{index}/"
        );
    }
    assert!(search.contains("Content-Security-Policy"));

    // the filters are marked in the pages the index is built from
    let measure = read(&out, "roadmap/14/14.1/index.html");
    for filter in [
        "data-pagefind-filter=section:14",
        "data-pagefind-filter=status:",
        "data-pagefind-filter=executor:",
    ] {
        assert!(measure.contains(filter), "14.1 lacks {filter}");
    }
}

#[test]
fn two_builds_are_byte_identical_including_the_search_index() {
    let dir = site("real");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(dir.path(), &a, "2026-11-26").unwrap();
    build(dir.path(), &b, "2026-11-26").unwrap();
    let (a, b) = (read_site(&a), read_site(&b));
    let bundle: Vec<&PathBuf> = a.keys().filter(|p| p.starts_with("pagefind")).collect();
    assert!(bundle.len() > 10, "{bundle:?}");
    let differ = differing(&a, &b);
    assert!(differ.is_empty(), "differ between two builds: {differ:?}");
}

#[test]
fn the_index_takes_pages_in_address_order_only() {
    let dir = site("real");
    let opts = kadry::BuildOptions::new(dir.path(), dir.path().join("public"), date("2026-11-26"));
    let Ok((mut files, _)) = kadry::render(&opts) else {
        panic!("the real portal does not render");
    };
    let mut built: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with(kadry::publish::search::BUNDLE_DIR))
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    built.sort();
    files.retain(|f| !f.path.starts_with(kadry::publish::search::BUNDLE_DIR));

    // every file, pages sorted by address: the same bundle as the build's
    files.sort_by_key(|f| kadry::address::address_of(&f.path));
    let mut indexer = kadry::publish::search::Indexer::start().unwrap();
    for f in &files {
        indexer.add(f).unwrap();
    }
    let again: Vec<_> = indexer
        .finish()
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    assert_eq!(again.len(), built.len());
    for (x, y) in again.iter().zip(&built) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs", x.0.display());
    }

    // pagefind numbers pages as they come: another order is refused
    files.reverse();
    let mut indexer = kadry::publish::search::Indexer::start().unwrap();
    let refused = files.iter().find_map(|f| indexer.add(f).err());
    assert!(
        refused.is_some_and(|e| e.to_string().contains("не по порядку")),
        "pages out of order were accepted"
    );
}
