//! `kadry serve` after an edit to a report renders only the pages that show
//! the report's measure and the listings whose content changed; merged into
//! the previous build, they must give exactly the site a whole build gives.

mod common;

use common::{date, differing, site};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn by_path(files: Vec<kadry::render::OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .filter(|f| !f.path.starts_with(kadry::publish::search::BUNDLE_DIR))
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
        .collect()
}

/// A report of measure 14.1 in the `real` fixture.
const REPORT: &str = "content/reports/14.1/2018-12-26-inventarizaciya-zavershena.md";

/// What a partial rebuild after `edit` of [`REPORT`] renders, and what the
/// edit changed in a whole build; fails unless the partial rebuild merged
/// into the previous files is the whole build, byte for byte.
fn edit_report(edit: impl Fn(String) -> String) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let dir = site("real");
    // as kadry serve does it: documents and Markdown kept between builds
    let opts = kadry::BuildOptions {
        search: false,
        cache: Some(Arc::default()),
        ..kadry::BuildOptions::new(dir.path(), dir.path().join("public"), date("2026-11-26"))
    };
    let (files, summary) = kadry::render(&opts).unwrap();
    let before = by_path(files);
    let previous_files: HashMap<String, Arc<[u8]>> = before
        .iter()
        .map(|(k, v)| (k.clone(), Arc::from(v.as_slice())))
        .collect();

    let edited = PathBuf::from(REPORT);
    let path = dir.path().join(&edited);
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("measure = \"14.1\""),
        "fixture changed: {text}"
    );
    fs::write(&path, edit(text)).unwrap();

    let (partial, partial_summary) = kadry::render_partial(
        &opts,
        std::slice::from_ref(&edited),
        &kadry::Previous {
            summary: &summary,
            files: &previous_files,
        },
    )
    .unwrap();
    let rendered_pages = partial_summary.pages;
    let partial = by_path(partial);
    let mut merged = before.clone();
    merged.extend(partial.clone());

    let (whole, whole_summary) = kadry::render(&opts).unwrap();
    let whole = by_path(whole);
    assert!(
        rendered_pages < whole_summary.pages / 2,
        "{rendered_pages} of {} pages rendered again",
        whole_summary.pages
    );
    let differ = differing(&whole, &merged);
    assert!(differ.is_empty(), "partial rebuild differs in {differ:?}");
    // and the edit did change the site
    let changed: Vec<String> = differing(&whole, &before).into_iter().cloned().collect();
    assert!(
        changed
            .iter()
            .any(|k| k.starts_with("reports/14.1/2018-12-26")),
        "{changed:?}"
    );
    (partial, changed)
}

#[test]
fn a_partial_rebuild_after_a_change_of_status_equals_a_whole_build() {
    // change a report's status and text (moving it to another measure
    // takes moving its file, which a preview rebuilds whole)
    let (partial, changed) = edit_report(|text| {
        text.replace("status = \"done\"", "status = \"delayed\"")
            + "\nАбзац, добавленный при проверке частичной пересборки.\n"
    });
    // the new status shows on the measure's page and in the listings,
    // which are rendered again
    for listing in [
        "roadmap/14/14.1/index.html",
        "roadmap/index.html",
        "search/by-status/index.html",
    ] {
        assert!(changed.iter().any(|k| k == listing), "{changed:?}");
        assert!(partial.contains_key(listing), "{listing} not rendered");
    }
}

#[test]
fn a_change_of_text_alone_leaves_the_listings_as_they_were() {
    let (partial, _) =
        edit_report(|text| text + "\nАбзац, добавленный при проверке частичной пересборки.\n");
    // no listing shows a report's text: their inputs are the same, so
    // they are not rendered again (and the merged site is still whole)
    for listing in [
        "roadmap/index.html",
        "search/by-status/index.html",
        "roadmap/timeline/index.html",
        "sitemap/index.html",
    ] {
        assert!(!partial.contains_key(listing), "{listing} rendered again");
    }
    assert!(partial.contains_key("reports/14.1/2018-12-26-inventarizaciya-zavershena/index.html"));
}

#[test]
fn kept_documents_are_read_again_when_their_file_changes_or_is_named() {
    let dir = site("real");
    let cache = kadry::load::Cache::default();
    let rel = PathBuf::from(REPORT);
    let path = dir.path().join(&rel);
    let title = |content: &kadry::load::Content| {
        content
            .reports
            .iter()
            .find(|d| d.path == rel)
            .map(|d| d.meta.title.clone())
            .unwrap()
    };
    let first = loaded(dir.path(), Some(&cache));
    let old_title = title(&first);

    // a longer title: the size differs, so the file is read again
    let text = fs::read_to_string(&path).unwrap();
    let longer = text.replacen(&old_title, &format!("{old_title} (уточнено)"), 1);
    fs::write(&path, &longer).unwrap();
    let second = loaded(dir.path(), Some(&cache));
    assert_eq!(title(&second), format!("{old_title} (уточнено)"));

    // same size and modification time: only a change event tells
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let same_size = longer.replacen("(уточнено)", "(дополнен)", 1);
    assert_eq!(same_size.len(), longer.len());
    fs::write(&path, &same_size).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let third = loaded(dir.path(), Some(&cache));
    assert_eq!(
        title(&third),
        format!("{old_title} (уточнено)"),
        "kept copy used"
    );
    cache.forget(std::slice::from_ref(&rel));
    let fourth = loaded(dir.path(), Some(&cache));
    assert_eq!(title(&fourth), format!("{old_title} (дополнен)"));

    // and what a fresh load gives is what the cached one gives
    let fresh = loaded(dir.path(), None);
    assert_eq!(fresh.reports.len(), fourth.reports.len());
    assert_eq!(
        format!("{:?}", fresh.reports),
        format!("{:?}", fourth.reports)
    );
    // measures are kept the same way
    assert_eq!(
        format!("{:?}", fresh.sections),
        format!("{:?}", fourth.sections)
    );
}

/// The content of a fixture that loads without problems.
fn loaded(root: &Path, cache: Option<&kadry::load::Cache>) -> kadry::load::Content {
    let content = kadry::load::content(root, cache);
    assert!(content.problems.is_empty(), "{:?}", content.problems);
    content
}
