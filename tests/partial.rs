//! `kadry serve` after an edit to a report renders only the pages that show
//! the report's measure and the listings whose content changed; merged into
//! the previous build, they must give exactly the site a whole build gives.

mod common;

use common::{date, differing, site};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn by_path(files: Vec<kadry::render::OutputFile>) -> Files {
    files
        .into_iter()
        .filter(|f| !f.path.starts_with(kadry::publish::search::BUNDLE_DIR))
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
        .collect()
}

/// A report of measure 14.1 in the `real` fixture.
const REPORT: &str = "content/reports/14.1/2018-12-26-inventarizaciya-zavershena.md";

/// A report of measure 1.7, in another section.
const OTHER_REPORT: &str = "content/reports/1.7/2019-12-20-itogi-informirovaniya-2019.md";

/// An edit of one report file: its path and what becomes of its text.
type Edit<'e> = (&'e str, &'e dyn Fn(String) -> String);

/// Files by path relative to the site.
type Files = BTreeMap<String, Vec<u8>>;

/// What a partial rebuild rendered, and the paths an edit changed.
type Step = (Files, Vec<String>);

/// Appends a paragraph to a report's text.
fn add_paragraph(text: String) -> String {
    text + "\nАбзац, добавленный при проверке частичной пересборки.\n"
}

/// For each edit in turn, as `kadry serve` makes them one after another:
/// what the partial rebuild renders, and what the edit changed in a whole
/// build. Fails unless each partial rebuild merged into the files before
/// it is the whole build, byte for byte, and the edited report's page
/// changed.
fn edit_reports(edits: &[Edit]) -> Vec<Step> {
    let dir = site("real");
    // as kadry serve does it: documents and Markdown kept between builds
    let opts = kadry::BuildOptions {
        search: false,
        cache: Some(Arc::default()),
        ..kadry::BuildOptions::new(dir.path(), dir.path().join("public"), date("2026-11-26"))
    };
    let (files, mut summary) = kadry::render(&opts).unwrap();
    let mut before = by_path(files);
    let mut steps = Vec::new();
    for (report, edit) in edits {
        let edited = PathBuf::from(report);
        let path = dir.path().join(&edited);
        fs::write(&path, edit(fs::read_to_string(&path).unwrap())).unwrap();

        let previous_files: HashMap<String, Arc<[u8]>> = before
            .iter()
            .map(|(k, v)| (k.clone(), Arc::from(v.as_slice())))
            .collect();
        let (partial, partial_summary) = kadry::render_partial(
            &opts,
            std::slice::from_ref(&edited),
            &kadry::Previous {
                summary: &summary,
                files: &previous_files,
            },
        )
        .unwrap();
        let partial = by_path(partial);
        let mut merged = before.clone();
        merged.extend(partial.clone());

        let (whole, whole_summary) = kadry::render(&opts).unwrap();
        let whole = by_path(whole);
        assert!(
            partial_summary.pages < whole_summary.pages / 2,
            "{} of {} pages rendered again",
            partial_summary.pages,
            whole_summary.pages
        );
        let differ = differing(&whole, &merged);
        assert!(differ.is_empty(), "partial rebuild differs in {differ:?}");
        // and the edit did change the site
        let changed: Vec<String> = differing(&whole, &before).into_iter().cloned().collect();
        let page = report
            .trim_start_matches("content/")
            .trim_end_matches(".md");
        assert!(
            changed.iter().any(|k| k.starts_with(page)),
            "{page} not among {changed:?}"
        );
        steps.push((partial, changed));
        (before, summary) = (merged, partial_summary);
    }
    steps
}

/// What a partial rebuild after `edit` of [`REPORT`] renders, and what the
/// edit changed in a whole build (see [`edit_reports`]).
fn edit_report(edit: impl Fn(String) -> String) -> Step {
    let text = fs::read_to_string(common::repo().join(REPORT)).unwrap();
    assert!(
        text.contains("measure = \"14.1\""),
        "fixture changed: {text}"
    );
    edit_reports(&[(REPORT, &edit)]).remove(0)
}

#[test]
fn a_partial_rebuild_after_a_change_of_status_equals_a_whole_build() {
    // change a report's status and text (moving it to another measure
    // takes moving its file, which a preview rebuilds whole)
    let (partial, changed) = edit_report(|text| {
        add_paragraph(text.replace("status = \"done\"", "status = \"delayed\""))
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
    let (partial, _) = edit_report(add_paragraph);
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
fn successive_edits_keep_what_the_pages_they_skip_were_rendered_from() {
    let steps = edit_reports(&[(REPORT, &add_paragraph), (OTHER_REPORT, &add_paragraph)]);
    // the first edit renders neither section 1 nor the executors of 1.7;
    // the second still knows what they were rendered from, and, their
    // content unchanged, leaves them too
    let (second, _) = &steps[1];
    assert!(
        !second.contains_key("roadmap/1/index.html"),
        "section 1 rendered again: {:?}",
        second.keys().collect::<Vec<_>>()
    );
    assert!(second.contains_key("reports/1.7/2019-12-20-itogi-informirovaniya-2019/index.html"));
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
