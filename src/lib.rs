//! kadry: a static site generator for a regional workforce-provision
//! roadmap transparency portal.
//!
//! The build is a pipeline of stages, one module each:
//! [`content`] loads and checks files → [`model`] builds the roadmap with
//! derived statuses → [`render`] turns it into pages and other outputs →
//! [`output`] writes them atomically. Rendered files stream, a batch at a
//! time, to the writer, to [`links`] (which checks that links written in
//! content lead to pages that exist) and to the [`search`] indexer, so the
//! whole site is never held in memory; the staging folder is swapped in only
//! after the last check passes.

pub mod address;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod publish;
pub mod render;

use chrono::NaiveDate;
use diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub as_of: NaiveDate,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Build the full-text search index (on by default; off for quick
    /// previews and to time the rest of the build).
    pub search: bool,
    /// Print how long each stage took to standard error.
    pub timings: bool,
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
    /// The options of `kadry build` with nothing but the folders and date set.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>, as_of: NaiveDate) -> Self {
        BuildOptions {
            root: root.into(),
            out: out.into(),
            as_of,
            base_url: None,
            search: true,
            timings: false,
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
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Each report's file (relative to the root) and the measure it is on.
    pub report_measures: HashMap<PathBuf, String>,
    /// When any content last changed (see [`render::site_modified`]).
    pub site_modified: Option<NaiveDate>,
}

/// What `kadry serve` keeps of its last good build, so that after an edit
/// to existing reports only the pages that show their measures, and the
/// listings, are rendered again.
pub struct Previous<'p> {
    pub summary: &'p BuildSummary,
    /// Every file of that build, by path relative to the site (`a/index.html`).
    pub files: &'p HashMap<String, Arc<[u8]>>,
}

/// Loads and validates the site under `root`, returning the model and config.
pub fn load_site(
    root: &std::path::Path,
    as_of: NaiveDate,
) -> Result<(config::Config, model::Roadmap), BuildError> {
    load_with(root, as_of, None, None)
}

/// Settings (with `base_url` replaced by `--base-url`, if given), then
/// content, history and the model built from them.
fn load_with(
    root: &std::path::Path,
    as_of: NaiveDate,
    base_url: Option<&str>,
    cache: Option<&Cache>,
) -> Result<(config::Config, model::Roadmap), BuildError> {
    let mut config = config::Config::load(root).map_err(|d| BuildError::Content(d.sorted()))?;
    if let Some(url) = base_url {
        config
            .set_base_url(url)
            .map_err(|d| BuildError::Content(vec![d]))?;
    }
    let content = load::content(root, cache.map(|c| &c.documents))
        .map_err(|d| BuildError::Content(d.sorted()))?;
    let history = load::history::History::from_git(root);
    let urls = address::Urls::new(&config.base_url);
    let markdown = model::markdown::Renderer::new(&urls, cache.map(|c| &c.markdown));
    let roadmap = model::build(content, as_of, &history, &markdown)
        .map_err(|d| BuildError::Content(d.sorted()))?;
    Ok((config, roadmap))
}

/// Loads, validates and renders the site in memory, writing nothing.
pub fn render(opts: &BuildOptions) -> Result<(Vec<render::OutputFile>, BuildSummary), BuildError> {
    let memory = publish::Memory::default();
    let summary = run(opts, prepare(opts)?, &memory, None)?;
    Ok((memory.files.into_inner().unwrap(), summary))
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
    let memory = publish::Memory::default();
    let summary = run(opts, prepare(opts)?, &memory, Some((edited, previous)))?;
    Ok((memory.files.into_inner().unwrap(), summary))
}

/// Renders the site and writes it atomically to `opts.out`: files go to a
/// staging folder as they are rendered, which replaces `opts.out` only if
/// the whole build succeeds. An output that is not kadry's to replace (see
/// [`publish::Target`]) is refused before anything is written; builds into
/// one folder take turns. An old copy that could not be removed after the
/// swap is reported among the warnings.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let failed = |e: publish::OutputError| BuildError::Other(e.into());
    let target = publish::Target::check(&opts.root, &opts.out).map_err(failed)?;
    // content and settings are checked before the lock or staging folder
    // is made, so a content error leaves no trace beside the output
    let loaded = prepare(opts)?;
    let mut lock = target.lock().map_err(failed)?;
    let staging = publish::Staging::new(target, lock.hold().map_err(failed)?).map_err(failed)?;
    let mut summary = run(opts, loaded, &staging, None)?;
    let clock = Instant::now();
    summary.warnings.extend(staging.commit().map_err(failed)?);
    if opts.timings {
        eprintln!("время: замена папки {:.3} с", clock.elapsed().as_secs_f64());
    }
    Ok(summary)
}

/// Loads and checks the content and settings of a build (the model stage),
/// with `--base-url` applied; writes nothing.
fn prepare(opts: &BuildOptions) -> Result<(config::Config, model::Roadmap), BuildError> {
    if let Some(cache) = &opts.cache {
        cache.markdown.next_build();
    }
    load_with(
        &opts.root,
        opts.as_of,
        opts.base_url.as_deref(),
        opts.cache.as_deref(),
    )
}

/// Render the loaded model into `dest`, with the search index and the link
/// check fed from the same stream of files; `partial` narrows the rendering
/// to what edited reports touch (see [`render_partial`]).
fn run(
    opts: &BuildOptions,
    loaded: (config::Config, model::Roadmap),
    dest: &dyn publish::Destination,
    partial: Option<(&[PathBuf], &Previous)>,
) -> Result<BuildSummary, BuildError> {
    let mut clock = Instant::now();
    let mut lap = |stage: &str| {
        if opts.timings {
            let peak = peak_memory().map_or(String::new(), |mib| format!(", пик памяти {mib} МиБ"));
            eprintln!(
                "время: {stage} {:.3} с{peak}",
                clock.elapsed().as_secs_f64()
            );
        }
        clock = Instant::now();
    };
    let (config, roadmap) = loaded;
    lap("загрузка и модель");
    let report_measures: HashMap<PathBuf, String> = roadmap
        .reports()
        .map(|r| (PathBuf::from(&r.source), r.measure.clone()))
        .collect();
    let site_modified = render::site_modified(&roadmap);
    let links = publish::links::Collector::new(&roadmap.links);
    let mut touched = HashSet::new();
    let scope = match partial {
        Some((edited, previous)) if previous.summary.site_modified == site_modified => {
            for file in edited {
                touched.extend(previous.summary.report_measures.get(file).cloned());
                touched.extend(report_measures.get(file).cloned());
            }
            // pages not rendered again are still there for the links to find
            for (path, bytes) in previous.files {
                links.record(Path::new(path), bytes);
            }
            render::Scope::Measures(&touched)
        }
        _ => render::Scope::All,
    };
    // a partial render sees only some pages: it cannot index the site
    let indexer = if opts.search && partial.is_none() {
        Some(publish::search::Indexer::start().map_err(BuildError::Other)?)
    } else {
        None
    };
    let publisher = publish::Publisher {
        dest,
        links,
        indexer: Mutex::new(indexer),
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        claimed: Default::default(),
    };
    let theme_dir = opts.root.join("themes").join(&config.theme);
    let content_dir = opts.root.join("content");
    let rc = render::RenderContext {
        roadmap: &roadmap,
        config: &config,
        as_of: opts.as_of,
        theme_dir: &theme_dir,
        content_dir: &content_dir,
    };
    render::render_site(&rc, scope, &publisher).map_err(BuildError::Other)?;
    lap("страницы и файлы");
    // Links in content point at pages, never into the search bundle: check
    // them before waiting for the index, which a broken link makes useless.
    let indexer = publisher.indexer.lock().unwrap().take();
    let broken = publisher.links.check();
    if !broken.is_empty() {
        let mut all = roadmap.warnings;
        all.extend(broken);
        all.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(BuildError::Content(all));
    }
    if let Some(indexer) = indexer {
        let bundle = indexer.finish().map_err(BuildError::Other)?;
        publisher.put_all(bundle).map_err(BuildError::Other)?;
        lap("поисковый индекс (после страниц)");
    }
    let publish::Publisher { pages, files, .. } = publisher;
    Ok(BuildSummary {
        pages: pages.into_inner(),
        files: files.into_inner(),
        measures: roadmap.measures().count(),
        reports: roadmap.reports().count(),
        warnings: roadmap.warnings,
        report_measures,
        site_modified,
    })
}

/// The process's peak resident memory so far, in MiB (Linux only).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
