//! Partial rebuilds for `kadry serve`: after an edit of existing reports,
//! which measures' pages must be rendered again.

use super::links::Collector;
use crate::pipeline::Previous;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The measures whose pages an edit of `edited` reports may change (what
/// the reports were on before and are on now), or `None` when everything
/// must be rendered: no previous build, or the edit moved the site's change
/// date, which every page shows. The previous files that are kept are shown
/// to the link check, as the pages links may lead to.
pub(super) fn touched(
    partial: Option<(&[PathBuf], &Previous)>,
    report_measures: &HashMap<PathBuf, String>,
    site_modified: Option<NaiveDate>,
    links: &Collector,
) -> Option<HashSet<String>> {
    let (edited, previous) = partial?;
    if previous.summary.site_modified != site_modified {
        return None;
    }
    let mut touched = HashSet::new();
    for file in edited {
        touched.extend(previous.summary.report_measures.get(file).cloned());
        touched.extend(report_measures.get(file).cloned());
    }
    for (path, bytes) in previous.files {
        links.record(Path::new(path), bytes);
    }
    Some(touched)
}
