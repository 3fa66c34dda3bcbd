//! One shard of the search index: a pagefind index of a run of pages, built
//! on a thread of its own, published as a bundle of its own.
//!
//! The first shard is the bundle the search page loads (`pagefind/`); the
//! others (`pagefind/2/`, `pagefind/3/`, …) hold only what the browser needs
//! to merge them into it (`mergeIndex`): their entry, WebAssembly, metadata,
//! words, filters and fragments, not pagefind's scripts again.

use super::pages::LANGUAGE;
use super::BUNDLE_DIR;
use crate::render::OutputFile;
use anyhow::{anyhow, Context as _, Result};
use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Files of pagefind's bundle the portal never loads: the stock search UIs
/// (`search.js` is our own, with Russian plurals) and the result highlighter.
const UNUSED: [&str; 8] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "playground/",
];

/// pagefind's scripts: loaded from the first shard only.
const SCRIPTS: [&str; 2] = ["pagefind.js", "pagefind-worker.js"];

/// What a shard's worker is asked to do.
enum Job {
    /// Index this page (address, HTML); a page already indexed at that
    /// address is replaced in place.
    Page(String, String),
    /// Build the bundle from the pages so far and send it back.
    Bundle(SyncSender<Result<Vec<OutputFile>>>),
}

/// A shard: a pagefind index on a thread of its own that takes pages and
/// builds its bundle when asked, as often as asked (`kadry serve` hands it
/// edited pages again).
pub(super) struct Shard {
    jobs: Option<SyncSender<Job>>,
    worker: Option<JoinHandle<()>>,
    /// The bundle asked for and not yet taken.
    asked: Option<Receiver<Result<Vec<OutputFile>>>>,
    built: Option<Result<Vec<OutputFile>>>,
}

impl Shard {
    /// Starts shard `number` (0 for the first).
    pub(super) fn start(number: usize) -> Result<Shard> {
        // a few batches of pages in flight: enough to keep both sides busy
        let (jobs, receiver) = sync_channel(256);
        let worker = std::thread::Builder::new()
            .name(format!("search-index-{number}"))
            .spawn(move || work(receiver, number))
            .context("поиск: не удалось запустить поток")?;
        Ok(Shard {
            jobs: Some(jobs),
            worker: Some(worker),
            asked: None,
            built: None,
        })
    }

    /// Hands one page over.
    pub(super) fn add(&self, url: String, html: String) {
        if let Some(jobs) = &self.jobs {
            // a closed channel means the worker stopped: the bundle says why
            let _ = jobs.send(Job::Page(url, html));
        }
    }

    /// Asks for the bundle of the pages handed over so far.
    pub(super) fn ask(&mut self) {
        let (reply, answer) = sync_channel(1);
        self.built = None;
        self.asked = Some(answer);
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Bundle(reply));
        }
    }

    /// Whether the bundle asked for is built: [`Shard::bundle`] will not wait.
    pub(super) fn is_built(&mut self) -> bool {
        if self.built.is_none() {
            self.built = self.asked.as_ref().and_then(|a| a.try_recv().ok());
        }
        self.built.is_some()
    }

    /// Waits for the bundle asked for (asking now if not yet asked): its
    /// files, with paths in the site.
    pub(super) fn bundle(&mut self) -> Result<Vec<OutputFile>> {
        if self.built.is_none() && self.asked.is_none() {
            self.ask();
        }
        let built = match self.built.take() {
            Some(built) => built,
            None => self
                .asked
                .as_ref()
                .and_then(|a| a.recv().ok())
                .unwrap_or_else(|| Err(anyhow!("поиск: поток индексации завершился аварийно"))),
        };
        self.asked = None;
        built
    }
}

impl Drop for Shard {
    fn drop(&mut self) {
        // the worker ends when its channel closes, building nothing more
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The folder of shard `number` in the site.
pub(super) fn folder(number: usize) -> PathBuf {
    match number {
        0 => PathBuf::from(BUNDLE_DIR),
        n => Path::new(BUNDLE_DIR).join((n + 1).to_string()),
    }
}

/// Whether a file of pagefind's bundle is published with shard `number`.
fn kept(name: &str, number: usize) -> bool {
    let unused = UNUSED.iter().any(|u| name == *u || name.starts_with(u));
    !unused && (number == 0 || !SCRIPTS.contains(&name))
}

/// The worker: indexes pages and builds bundles until its channel closes.
/// After a failed page it only answers with that failure.
fn work(jobs: Receiver<Job>, number: usize) {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(jobs, format!("поиск: не удалось запустить tokio: {e}")),
    };
    let config = PagefindServiceConfig::builder()
        .force_language(LANGUAGE.to_string())
        .root_selector("main".to_string())
        .build();
    let mut index = match PagefindIndex::new(Some(config)) {
        Ok(index) => index,
        Err(e) => return fail(jobs, format!("поиск: {e:#}")),
    };
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Page(url, html) => {
                if let Err(e) = runtime.block_on(index.add_html_file(None, Some(url.clone()), html))
                {
                    return fail(jobs, format!("поиск: страница {url}: {e:#}"));
                }
            }
            Job::Bundle(reply) => {
                let bundle = runtime
                    .block_on(index.get_files())
                    .map_err(|e| anyhow!("поиск: {e:#}"))
                    .and_then(|files| published(files, number));
                let _ = reply.send(bundle);
            }
        }
    }
}

/// Answers every request for a bundle with `error` until the channel closes.
fn fail(jobs: Receiver<Job>, error: String) {
    while let Ok(job) = jobs.recv() {
        if let Job::Bundle(reply) = job {
            let _ = reply.send(Err(anyhow!("{error}")));
        }
    }
}

/// pagefind's files of shard `number` as published: in its folder, without
/// those the portal never loads, in path order.
fn published(bundle: Vec<SyntheticFile>, number: usize) -> Result<Vec<OutputFile>> {
    let folder = folder(number);
    let mut out: Vec<OutputFile> = bundle
        .into_iter()
        .filter(|f| kept(&f.filename.to_string_lossy(), number))
        .map(|f| OutputFile {
            path: folder.join(f.filename),
            bytes: f.contents,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    let entry = if number == 0 {
        "pagefind.js"
    } else {
        "pagefind-entry.json"
    };
    if !out.iter().any(|f| f.path == folder.join(entry)) {
        return Err(anyhow!("поиск: pagefind не создал {entry}"));
    }
    Ok(out)
}
