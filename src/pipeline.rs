//! What a build is asked for and what it answers: the options of `kadry
//! build`, `check` and `serve`, the cache `kadry serve` keeps between builds,
//! the summary of a build and why a build stopped.

use crate::diagnostics::Diagnostic;
use crate::{load, model};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// The date statuses are judged against; `None`: today in the
    /// settings' time zone (see [`crate::config::Config::today`]).
    pub as_of: Option<NaiveDate>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Build the full-text search index (on by default; off for quick
    /// previews and to time the rest of the build).
    pub search: bool,
    /// Print how long each stage took to standard error.
    pub timings: bool,
    /// Refuse to build when git cannot give the whole history (`kadry
    /// build --require-history`) instead of warning.
    pub require_history: bool,
    /// Treat warnings as errors (`--strict`): `build` publishes nothing.
    pub strict: bool,
    /// Show reports and news marked `draft = true` (`kadry serve`); a
    /// build leaves them out.
    pub drafts: bool,
    /// What earlier builds of `kadry serve` loaded and rendered.
    pub cache: Option<Arc<Cache>>,
}

/// What `kadry serve` keeps between builds, so that an edit costs only what
/// it changed: report documents as loaded, and rendered Markdown.
#[derive(Default)]
pub struct Cache {
    pub documents: load::Cache,
    pub markdown: model::markdown::Cache,
}

impl BuildOptions {
    /// The options of `kadry build` with nothing but the folders and date
    /// (a date, or `None` for today) set.
    pub fn new(
        root: impl Into<PathBuf>,
        out: impl Into<PathBuf>,
        as_of: impl Into<Option<NaiveDate>>,
    ) -> Self {
        BuildOptions {
            root: root.into(),
            out: out.into(),
            as_of: as_of.into(),
            base_url: None,
            search: true,
            timings: false,
            require_history: false,
            strict: false,
            drafts: false,
            cache: None,
        }
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// Mistakes in the content, for the editor to fix.
    Content(Vec<Diagnostic>),
    /// Anything else: templates, disk.
    Other(anyhow::Error),
}

pub struct BuildSummary {
    /// HTML pages rendered (by a partial render: only those re-rendered).
    pub pages: usize,
    pub files: usize,
    pub measures: usize,
    pub reports: usize,
    /// Reports and news items left out as drafts.
    pub drafts: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Each report's file (relative to the root) and the measure it is on.
    pub report_measures: HashMap<PathBuf, String>,
    /// When any content last changed (see [`render::site_modified`]).
    pub site_modified: Option<NaiveDate>,
    /// With a cache (`kadry serve`): what each page of many measures was
    /// rendered from, for the next rebuild to compare (see
    /// [`crate::render::memo`]).
    pub page_digests: crate::render::memo::Digests,
}

/// What `kadry serve` keeps of its last good build, so that after an edit
/// to existing reports only the pages that show their measures, and the
/// listings whose content changed, are rendered again.
pub struct Previous<'p> {
    pub summary: &'p BuildSummary,
    /// Every file of that build, by path relative to the site (`a/index.html`).
    pub files: &'p HashMap<String, Arc<[u8]>>,
}
