//! kadry: a static site generator for a regional workforce-provision
//! roadmap transparency portal.
//!
//! The build is a pipeline of stages, one folder each:
//! [`load`] reads every file (settings, documents, attachments, datasets,
//! the theme, git history) → [`model`] checks the content and builds the
//! roadmap with derived statuses, without touching the disk → [`render`]
//! turns it into pages and files, family by family → [`publish`] takes them
//! as they come: writes them to a staging folder (or keeps them in memory),
//! shows them to the link check and the search indexer, and swaps the
//! staging folder in only after the last check passes. [`address`] owns
//! every address and URL of the site; [`cmd`] holds the subcommands.
//!
//! This file is the façade: what a caller (the `kadry` binary, `kadry
//! serve`, the tests) asks for.

pub mod address;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod load;
pub mod model;
mod pipeline;
pub mod publish;
pub mod render;

pub use pipeline::{BuildError, BuildOptions, BuildSummary, Cache, Previous};

use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::Instant;

/// Loads and validates the site under `root`, returning the model and config.
pub fn load_site(
    root: &std::path::Path,
    as_of: NaiveDate,
) -> Result<(config::Config, model::Roadmap), BuildError> {
    let loaded = load_with(&BuildOptions::new(root, PathBuf::new(), as_of))?;
    match loaded.config {
        Some(config) if !loaded.has_errors() => Ok((config, loaded.roadmap)),
        _ => Err(BuildError::Content(loaded.problems)),
    }
}

/// What a build loaded: the settings and the model, every problem found in
/// them, and what is missing from the git history (a warning, reported with
/// a good build).
struct Loaded {
    /// `None` when `kadry.toml` could not be parsed (its errors are among
    /// `problems`; see [`config::Config::load_all`]).
    config: Option<config::Config>,
    /// Built from whatever content could be loaded.
    roadmap: model::Roadmap,
    /// Errors and warnings of the settings, content and model, sorted.
    problems: Vec<diagnostics::Diagnostic>,
    history: Option<diagnostics::Diagnostic>,
}

impl Loaded {
    fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|d| d.severity == diagnostics::Severity::Error)
    }
}

/// Settings (with `base_url` replaced by `--base-url`, if given), history,
/// then content and the model built from them, as of `opts.as_of` or today
/// in the settings' time zone. A mistake in one file stops nothing here:
/// the rest is loaded and checked all the same, so that every problem is
/// found in one pass.
fn load_with(opts: &BuildOptions) -> Result<Loaded, BuildError> {
    let root = &opts.root;
    let cache = opts.cache.as_deref();
    let mut problems = Vec::new();
    let (mut config, found) = config::Config::load_all(root);
    problems.extend(found.sorted());
    if let (Some(config), Some(url)) = (&mut config, &opts.base_url) {
        if let Err(d) = config.set_base_url(url) {
            problems.push(d);
        }
    }
    let history = load::history::History::from_git(root);
    if let Some(refused) = history.status().required().filter(|_| opts.require_history) {
        return Err(BuildError::Content(vec![refused]));
    }
    let content = load::content(root, cache.map(|c| &c.documents));
    let as_of = opts.as_of.unwrap_or_else(|| match &config {
        Some(config) => config.today(),
        None => config::today_in(config::DEFAULT_TIME_ZONE, chrono::Utc::now()),
    });
    // without settings, links are made as if the site were at a host's root
    let base_url = config.as_ref().map_or("http://localhost/", |c| &c.base_url);
    let urls = address::Urls::new(base_url);
    let markdown = model::markdown::Renderer::new(&urls, cache.map(|c| &c.markdown));
    let (roadmap, found) = model::build_all(content, as_of, &history, &markdown, opts.drafts);
    problems.extend(found);
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Ok(Loaded {
        config,
        roadmap,
        problems,
        history: history.status().problem(),
    })
}

/// Why a build with errors in its content or settings stops: those
/// errors, and the links that lead nowhere in what could be loaded (the
/// site is rendered in memory to find them, when the settings allow it).
fn stopped(opts: &BuildOptions, loaded: Loaded) -> BuildError {
    let Loaded {
        config,
        mut roadmap,
        mut problems,
        ..
    } = loaded;
    if let Some(config) = config {
        // a file with errors may be left out of the site: links to its
        // page follow from its own error and are not reported again
        let faulty: Vec<PathBuf> = problems
            .iter()
            .filter(|d| d.severity == diagnostics::Severity::Error)
            .map(|d| d.path.clone())
            .collect();
        roadmap
            .links
            .retain(|l| !publish::links::leads_into(&l.url, &faulty));
        let opts = BuildOptions {
            search: false,
            cache: None,
            ..opts.clone()
        };
        // Err carries the broken links with the warnings already among
        // `problems`; anything else (a template error over incomplete
        // content) is for a run over sound content to report
        if let Err(BuildError::Content(found)) =
            publish::run(&opts, (config, roadmap), &publish::Writer::memory(), None)
        {
            problems.extend(found);
        }
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    BuildError::Content(load::unique(problems))
}

/// Loads, validates and renders the site in memory, writing nothing.
pub fn render(opts: &BuildOptions) -> Result<(Vec<render::OutputFile>, BuildSummary), BuildError> {
    let memory = publish::Writer::memory();
    let summary = publish_loaded(opts, prepare(opts)?, &memory, None)?;
    Ok((memory.into_files(), summary))
}

/// Like [`render`] after the report files `edited` changed, but returns only
/// the pages that may show their measures (before and after the edit), the
/// listings, and the files built from them (those measures' feeds and
/// attachments, their executors' feeds, the site-wide feed, datasets and
/// sitemap); the rest of `previous` is still current. Falls back to
/// everything when the edit moves the site's change date, which every page
/// shows.
pub fn render_partial(
    opts: &BuildOptions,
    edited: &[PathBuf],
    previous: &Previous,
) -> Result<(Vec<render::OutputFile>, BuildSummary), BuildError> {
    let memory = publish::Writer::memory();
    let summary = publish_loaded(opts, prepare(opts)?, &memory, Some((edited, previous)))?;
    Ok((memory.into_files(), summary))
}

/// Renders the site and writes it atomically to `opts.out`: files go to a
/// staging folder as they are rendered, which replaces `opts.out` only if
/// the whole build succeeds. An output that is not kadry's to replace (see
/// [`publish::Target`]) is refused before anything is written; builds into
/// one folder take turns. An old copy that could not be removed after the
/// swap is reported among the warnings. With `opts.strict`, warnings stop
/// the build before the swap.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let failed = |e: publish::OutputError| BuildError::Other(e.into());
    let target = publish::Target::check(&opts.root, &opts.out).map_err(failed)?;
    // content and settings are checked before the lock or staging folder
    // is made, so a content error leaves no trace beside the output
    let loaded = prepare(opts)?;
    let mut lock = target.lock().map_err(failed)?;
    let staging = publish::Staging::new(target, lock.hold().map_err(failed)?).map_err(failed)?;
    let mut summary = publish_loaded(opts, loaded, &publish::Writer::Disk(&staging), None)?;
    if opts.strict && !summary.warnings.is_empty() {
        // the staging folder is removed when dropped: the old site stays
        return Err(BuildError::Content(summary.warnings));
    }
    let clock = Instant::now();
    summary.warnings.extend(staging.commit().map_err(failed)?);
    if opts.timings {
        eprintln!("время: замена папки {:.3} с", clock.elapsed().as_secs_f64());
    }
    Ok(summary)
}

/// Loads and checks the content and settings of a build (the model stage),
/// with `--base-url` applied; writes nothing. With errors, gives every
/// problem found (see [`stopped`]).
fn prepare(opts: &BuildOptions) -> Result<Sound, BuildError> {
    if let Some(cache) = &opts.cache {
        cache.markdown.next_build();
    }
    let clock = Instant::now();
    let loaded = load_with(opts)?;
    if opts.timings {
        eprintln!(
            "время: загрузка и модель {:.3} с",
            clock.elapsed().as_secs_f64()
        );
    }
    match loaded.config {
        Some(config) if !loaded.has_errors() => Ok(Sound {
            site: (config, loaded.roadmap),
            history: loaded.history,
        }),
        _ => Err(stopped(opts, loaded)),
    }
}

/// A site loaded without errors, ready to render.
struct Sound {
    site: (config::Config, model::Roadmap),
    history: Option<diagnostics::Diagnostic>,
}

/// Renders what was loaded into `writer`; the summary's warnings end with
/// the history's. That warning comes with a good build only: with errors
/// in the content nothing is published, and those come first.
fn publish_loaded(
    opts: &BuildOptions,
    loaded: Sound,
    writer: &publish::Writer,
    partial: Option<(&[PathBuf], &Previous)>,
) -> Result<BuildSummary, BuildError> {
    let mut summary = publish::run(opts, loaded.site, writer, partial)?;
    summary.warnings.extend(loaded.history);
    Ok(summary)
}
