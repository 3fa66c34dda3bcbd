//! Stage 4: where rendered files go. [`run`] renders the loaded model and
//! takes the files as the renderer streams them (the one [`render::Sink`]):
//! each is checked against the others ([`Claimed`]), shown to the link check
//! ([`links`]) and the search indexer ([`search`], on a thread of its own),
//! and handed to a [`Writer`]: the staging folder of a build ([`Staging`],
//! swapped in atomically over a [`Target`] that is kadry's to replace), with
//! precompressed twins of its text files ([`compress`]), or memory (`kadry
//! check`, `kadry serve`). [`partial`] decides what an edit
//! of reports needs rendered again.

mod claimed;
mod compress;
mod error;
pub mod links;
mod partial;
pub mod search;
mod staging;
mod stopwatch;
mod target;

pub use claimed::Claimed;
pub use error::OutputError;
pub use staging::Staging;
pub use target::{Lock, Target, MARKER};

use crate::pipeline::{BuildError, BuildOptions, BuildSummary, Previous};
use crate::render::{self, OutputFile};
use crate::{config, model};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where a build's files end up.
pub enum Writer<'s> {
    /// Written into the staging folder as they come.
    Disk(&'s Staging<'s>),
    /// Kept in memory (`kadry check`, `kadry serve`).
    Memory(Mutex<Vec<OutputFile>>),
}

impl Writer<'_> {
    pub fn memory() -> Self {
        Writer::Memory(Mutex::default())
    }

    fn write(&self, file: &OutputFile) -> anyhow::Result<()> {
        match self {
            Writer::Disk(staging) => Ok(staging.write(file)?),
            Writer::Memory(_) => Ok(()),
        }
    }

    /// Takes the file once everything has seen it: in memory it is kept,
    /// on disk it is written already and dropped.
    fn keep(&self, file: OutputFile) {
        if let Writer::Memory(files) = self {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        }
    }

    /// Whether text files get precompressed twins: only a site on disk is
    /// served by a web server that sends them.
    fn precompresses(&self) -> bool {
        matches!(self, Writer::Disk(_))
    }

    /// The files kept in memory (none for a build on disk).
    pub fn into_files(self) -> Vec<OutputFile> {
        match self {
            Writer::Disk(_) => Vec::new(),
            Writer::Memory(files) => files.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// Takes the rendered files: writes them, shows them to the link check and
/// the search index, and counts them.
struct Publisher<'a> {
    writer: &'a Writer<'a>,
    links: links::Collector<'a>,
    indexer: Mutex<Option<search::Indexer>>,
    pages: AtomicUsize,
    files: AtomicUsize,
    /// Paths of the files so far, so that none overwrites another.
    claimed: Claimed,
}

impl Publisher<'_> {
    fn put_all(&self, files: Vec<OutputFile>) -> anyhow::Result<()> {
        let twins: Vec<OutputFile> = if self.writer.precompresses() {
            files.par_iter().flat_map_iter(compress::twins).collect()
        } else {
            Vec::new()
        };
        self.claimed.claim(&files)?;
        self.claimed.claim(&twins)?;
        files.par_iter().try_for_each(|f| {
            self.links.record(&f.path, &f.bytes);
            self.writer.write(f)
        })?;
        twins.par_iter().try_for_each(|f| self.writer.write(f))?;
        let html = files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count();
        self.pages.fetch_add(html, Ordering::Relaxed);
        self.files
            .fetch_add(files.len() + twins.len(), Ordering::Relaxed);
        let built = match self.indexer.lock().unwrap().as_mut() {
            Some(indexer) => {
                files.iter().try_for_each(|f| indexer.add(f))?;
                indexer.take_built()?
            }
            None => Vec::new(),
        };
        files.into_iter().for_each(|f| self.writer.keep(f));
        // shards of the search index built meanwhile (no pages: the indexer
        // takes none of them)
        if !built.is_empty() {
            self.put_all(built)?;
        }
        Ok(())
    }
}

impl render::Sink for Publisher<'_> {
    fn take(&self, files: Vec<OutputFile>) -> anyhow::Result<()> {
        self.put_all(files)
    }
}

/// Render the loaded model into `dest`, with the search index and the link
/// check fed from the same stream of files; `partial` narrows the rendering
/// to what edited reports touch (see [`render_partial`]).
pub(crate) fn run(
    opts: &BuildOptions,
    loaded: (config::Config, model::Roadmap),
    writer: &Writer,
    partial: Option<(&[PathBuf], &Previous)>,
) -> Result<BuildSummary, BuildError> {
    let mut lap = stopwatch::Stopwatch::new(opts.timings);
    let (config, roadmap) = loaded;
    let report_measures: HashMap<PathBuf, String> = roadmap
        .reports()
        .map(|r| (PathBuf::from(&r.source), r.measure.clone()))
        .collect();
    let site_modified = render::site_modified(&roadmap);
    let links = links::Collector::new(&roadmap.links);
    let touched = partial::touched(partial, &report_measures, site_modified, &links);
    let scope = touched
        .as_ref()
        .map_or(render::Scope::All, render::Scope::Measures);
    // what pages of many measures are rendered from is kept for `kadry
    // serve` (which has a cache); a partial render compares it with the
    // last build's, whose files stay
    let memo = opts.cache.as_ref().map(|_| {
        let last = partial.filter(|_| touched.is_some());
        render::memo::Memo::new(last.map(|(_, previous)| &previous.summary.page_digests))
    });
    // a partial render sees only some pages: it cannot index the site
    let indexer = if opts.search && partial.is_none() {
        let expected = roadmap.measures().count() + roadmap.reports().count();
        Some(search::Indexer::start(expected).map_err(BuildError::Other)?)
    } else {
        None
    };
    let publisher = Publisher {
        writer,
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
        as_of: roadmap.as_of,
        theme_dir: &theme_dir,
        content_dir: &content_dir,
    };
    render::render_site(&rc, scope, memo.as_ref(), &publisher).map_err(BuildError::Other)?;
    lap.lap("страницы и файлы");
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
        lap.lap("поисковый индекс (после страниц)");
    }
    let Publisher { pages, files, .. } = publisher;
    Ok(BuildSummary {
        pages: pages.into_inner(),
        files: files.into_inner(),
        measures: roadmap.measures().count(),
        reports: roadmap.reports().count(),
        drafts: roadmap.drafts_left_out,
        warnings: roadmap.warnings,
        report_measures,
        site_modified,
        page_digests: memo
            .map(render::memo::Memo::into_digests)
            .unwrap_or_default(),
    })
}
