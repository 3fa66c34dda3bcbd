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
use anyhow::{anyhow, bail, Context as _, Result};
use pagefind::api::PagefindIndex;
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

/// A shard taking pages, or building its bundle once it has them all.
pub(super) struct Shard {
    /// Pages as (address, HTML); `None` asks for the bundle.
    sender: Option<SyncSender<Option<(String, String)>>>,
    worker: Option<JoinHandle<Result<Vec<OutputFile>>>>,
}

impl Shard {
    /// Starts shard `number` (0 for the first).
    pub(super) fn start(number: usize) -> Result<Shard> {
        // a few batches of pages in flight: enough to keep both sides busy
        let (sender, receiver) = sync_channel(256);
        let worker = std::thread::Builder::new()
            .name(format!("search-index-{number}"))
            .spawn(move || build(receiver, number))
            .context("поиск: не удалось запустить поток")?;
        Ok(Shard {
            sender: Some(sender),
            worker: Some(worker),
        })
    }

    /// Hands one page over.
    pub(super) fn add(&self, url: String, html: String) {
        if let Some(sender) = &self.sender {
            // a closed channel means the worker failed: `finish` says why
            let _ = sender.send(Some((url, html)));
        }
    }

    /// Says that all pages are in: the shard builds its bundle.
    pub(super) fn close(&mut self) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(None);
        }
    }

    /// Whether the bundle is built: [`Shard::finish`] will not wait.
    pub(super) fn is_built(&self) -> bool {
        self.worker.as_ref().is_some_and(JoinHandle::is_finished)
    }

    /// Waits for the bundle's files, with paths in the site.
    pub(super) fn finish(mut self) -> Result<Vec<OutputFile>> {
        self.close();
        let worker = self.worker.take().expect("finish runs once");
        worker
            .join()
            .map_err(|_| anyhow!("поиск: поток индексации завершился аварийно"))?
    }
}

impl Drop for Shard {
    fn drop(&mut self) {
        // on a failed build: close the channel without asking for the bundle,
        // so the worker stops instead of building it for nothing
        self.sender = None;
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

fn build(pages: Receiver<Option<(String, String)>>, number: usize) -> Result<Vec<OutputFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("поиск: не удалось запустить tokio")?;
    let bundle = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(LANGUAGE.to_string())
            .root_selector("main".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config))?;
        loop {
            match pages.recv() {
                Ok(Some((url, html))) => {
                    index
                        .add_html_file(None, Some(url.clone()), html)
                        .await
                        .with_context(|| format!("поиск: страница {url}"))?;
                }
                Ok(None) => break index.get_files().await,
                Err(_) => bail!("поиск: сборка остановлена до конца индексации"),
            }
        }
    })?;

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
