//! Search: the pagefind bundle is part of the build and as reproducible as
//! the rest of it; the static indexes under /search/ list every measure.

mod common;

use common::{build, date, differing, read, read_site, site};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    let mut files = real_files();
    let mut built: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with(kadry::publish::search::BUNDLE_DIR))
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    built.sort();
    files.retain(|f| !f.path.starts_with(kadry::publish::search::BUNDLE_DIR));

    // every file, pages sorted by address: the same bundle as the build's
    files.sort_by_key(|f| kadry::address::address_of(&f.path));
    let mut indexer = kadry::publish::search::Indexer::start(103).unwrap();
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
    let mut indexer = kadry::publish::search::Indexer::start(103).unwrap();
    let refused = files.iter().find_map(|f| indexer.add(f).err());
    assert!(
        refused.is_some_and(|e| e.to_string().contains("не по порядку")),
        "pages out of order were accepted"
    );
}

/// The languages' page counts in a bundle's pagefind-entry.json.
fn page_count(entry: &[u8]) -> u64 {
    let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
    entry["languages"]
        .as_object()
        .unwrap()
        .values()
        .map(|l| l["page_count"].as_u64().unwrap())
        .sum()
}

#[test]
fn a_large_index_comes_in_shards_that_hold_every_page_once() {
    use kadry::publish::search::{Indexer, BUNDLE_DIR, SHARDS_FILE};
    let mut files = real_files();
    files.retain(|f| !f.path.starts_with(BUNDLE_DIR));
    files.sort_by_key(|f| kadry::address::address_of(&f.path));
    let bundle = |shard_pages: usize| {
        let mut indexer = Indexer::sharded(103, shard_pages).unwrap();
        for f in &files {
            indexer.add(f).unwrap();
        }
        let out = indexer.finish().unwrap();
        out.into_iter()
            .map(|f| (f.path.to_string_lossy().into_owned(), f.bytes))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let whole = bundle(5000);
    let shards = bundle(30);
    let file = |b: &std::collections::BTreeMap<String, Vec<u8>>, name: &str| {
        b.get(&format!("{BUNDLE_DIR}/{name}"))
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };

    assert_eq!(file(&whole, SHARDS_FILE), b"[]");
    // 103 expected pages in shards of about 30: three cut, the last takes the rest
    assert_eq!(file(&shards, SHARDS_FILE), br#"["2/","3/"]"#);
    let counts: Vec<u64> = ["", "2/", "3/"]
        .iter()
        .map(|s| page_count(&file(&shards, &format!("{s}pagefind-entry.json"))))
        .collect();
    assert_eq!(
        counts.iter().sum::<u64>(),
        page_count(&file(&whole, "pagefind-entry.json")),
        "shards hold {counts:?}"
    );
    assert!(counts[..2].iter().all(|&n| n == 35), "{counts:?}");
    // the scripts come from the first shard only
    assert!(shards.contains_key(&format!("{BUNDLE_DIR}/pagefind.js")));
    assert!(!shards
        .keys()
        .any(|k| k.starts_with(&format!("{BUNDLE_DIR}/2/pagefind")) && k.ends_with(".js")));
    assert!(shards.contains_key(&format!("{BUNDLE_DIR}/3/wasm.ru.pagefind")));
}

#[test]
fn the_preview_index_takes_edited_pages_and_gives_what_a_new_index_would() {
    use kadry::publish::search::{index_site, LiveIndex};
    let mut files = real_files();
    files.retain(|f| !f.path.starts_with(kadry::publish::search::BUNDLE_DIR));
    let before: Vec<_> = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let bundle = |files: Vec<kadry::render::OutputFile>| {
        files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect::<Vec<_>>()
    };

    // an editor's new word in one report: only that page changed
    let report = "reports/14.1/2018-12-26-inventarizaciya-zavershena/index.html";
    let mut after = before.clone();
    let page = after
        .iter_mut()
        .find(|(p, _)| p == Path::new(report))
        .expect("the report page");
    let html = String::from_utf8(page.1.clone()).unwrap();
    page.1 = html
        .replacen("</main>", "<p>Словонайдётсятолькоздесь.</main>", 1)
        .into_bytes();

    // one shard, as the real portal is; then several, of which one takes the edit
    for shard_pages in [5000, 30] {
        let (mut live, first) = LiveIndex::sharded(pairs(&before), shard_pages).unwrap();
        let (_, fresh_before) = LiveIndex::sharded(pairs(&before), shard_pages).unwrap();
        let first = bundle(first);
        assert!(first == bundle(fresh_before));
        if shard_pages == 5000 {
            assert!(first == bundle(index_site(pairs(&before)).unwrap()));
        }

        let updated = live.update(pairs(&after)).unwrap();
        let updated = bundle(updated.expect("an edited page is taken in place"));
        let (_, anew) = LiveIndex::sharded(pairs(&after), shard_pages).unwrap();
        let anew = bundle(anew);
        assert_eq!(updated.len(), anew.len());
        for (x, y) in updated.iter().zip(&anew) {
            assert_eq!(x.0, y.0);
            assert!(x.1 == y.1, "{} differs from a new index's", x.0.display());
        }
        assert!(updated != first);
        if shard_pages == 30 {
            // the edit changes one shard; the others give the same files
            let shards = |b: &[(PathBuf, Vec<u8>)]| {
                b.iter()
                    .filter(|(p, _)| p.to_string_lossy().contains("pagefind-entry.json"))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let (was, now) = (shards(&first), shards(&updated));
            assert!(was.len() > 2, "{} shards", was.len());
            let changed = was.iter().zip(&now).filter(|(a, b)| a != b).count();
            assert_eq!(changed, 1, "shards whose entry changed of {}", was.len());
        }

        // a new page changes the numbering: the preview indexes anew
        let mut added = after.clone();
        added.push((
            PathBuf::from("news/2030-01-01-x/index.html"),
            b"<!DOCTYPE html><html lang=ru><title>x</title><main><h1>x</h1></main>".to_vec(),
        ));
        assert!(live.update(pairs(&added)).unwrap().is_none());
    }
}

/// Files as the (path, bytes) the indexers take.
fn pairs(files: &[(PathBuf, Vec<u8>)]) -> impl Iterator<Item = (&Path, &[u8])> + Clone {
    files.iter().map(|(p, b)| (p.as_path(), b.as_slice()))
}

/// Every file of the real portal, rendered in memory with its search index.
fn real_files() -> Vec<kadry::render::OutputFile> {
    let dir = site("real");
    let opts = kadry::BuildOptions::new(dir.path(), dir.path().join("public"), date("2026-11-26"));
    let Ok((files, _)) = kadry::render(&opts) else {
        panic!("the real portal does not render");
    };
    files
}
