//! kadry: a static site generator for a regional workforce-provision
//! roadmap transparency portal.
//!
//! The build is a pipeline of stages, one module each:
//! [`content`] loads and checks files → [`model`] builds the roadmap with
//! derived statuses → [`render`] turns it into pages and other outputs →
//! [`output`] writes them atomically. [`links`] checks, between rendering and
//! writing, that links written in content lead to pages that exist.

pub mod config;
pub mod content;
pub mod datasets;
pub mod deadline;
pub mod diagnostics;
pub mod history;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod status;

use chrono::NaiveDate;
use diagnostics::Diagnostic;
use std::path::PathBuf;

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub as_of: NaiveDate,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub enum BuildError {
    /// Mistakes in the content, for the editor to fix.
    Content(Vec<Diagnostic>),
    /// Anything else: templates, disk.
    Other(anyhow::Error),
}

pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub measures: usize,
    pub reports: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates the site under `root`, returning the model and config.
pub fn load(
    root: &std::path::Path,
    as_of: NaiveDate,
) -> Result<(config::Config, model::Roadmap), BuildError> {
    let config = config::Config::load(root).map_err(|d| BuildError::Content(d.sorted()))?;
    let content = content::load(root).map_err(|d| BuildError::Content(d.sorted()))?;
    let history = history::History::from_git(root);
    let roadmap =
        model::build(content, as_of, &history).map_err(|d| BuildError::Content(d.sorted()))?;
    Ok((config, roadmap))
}

/// Loads, validates and renders the site in memory, writing nothing.
pub fn render(opts: &BuildOptions) -> Result<(Vec<render::OutputFile>, BuildSummary), BuildError> {
    let (mut config, roadmap) = load(&opts.root, opts.as_of)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url);
    }
    let theme_dir = opts.root.join("themes").join(&config.theme);
    let mut files = render::render_site(
        &roadmap,
        &config,
        opts.as_of,
        &theme_dir,
        &opts.root.join("content"),
    )
    .map_err(BuildError::Other)?;
    files.extend(search::index(&files, &config.base_path()).map_err(BuildError::Other)?);
    let broken = links::check(&roadmap.links, &files, &config.base_path());
    if !broken.is_empty() {
        let mut all = roadmap.warnings;
        all.extend(broken);
        all.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(BuildError::Content(all));
    }
    let summary = BuildSummary {
        pages: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count(),
        files: files.len(),
        measures: roadmap.measures().count(),
        reports: roadmap.reports().count(),
        warnings: roadmap.warnings,
    };
    Ok((files, summary))
}

/// Renders the site and writes it atomically to `opts.out`.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let (files, summary) = render(opts)?;
    output::write_atomically(&opts.out, &files).map_err(BuildError::Other)?;
    Ok(summary)
}
