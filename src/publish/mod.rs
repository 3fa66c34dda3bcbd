//! Stage 4: where rendered files go. Takes [`OutputFile`]s as the renderer
//! streams them; gives a site on disk ([`Staging`], swapped in atomically
//! over a [`Target`] that is kadry's to replace) or in memory ([`Memory`],
//! for `kadry check` and `kadry serve`), after showing every file to the
//! link check ([`links`]) and the search indexer ([`search`]).

mod claimed;
pub mod links;
pub mod search;
mod staging;
mod target;

pub use claimed::Claimed;
pub use staging::{OutputError, Staging};
pub use target::{Lock, Target, MARKER};

use crate::render::{self, OutputFile};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where a build puts its files.
pub trait Destination: Sync {
    fn write(&self, file: &OutputFile) -> anyhow::Result<()>;
    /// Takes the file once everything has seen it: a destination in memory
    /// keeps it, one on disk has written it already and drops it.
    fn keep(&self, file: OutputFile);
}

impl Destination for Staging<'_> {
    fn write(&self, file: &OutputFile) -> anyhow::Result<()> {
        Ok(Staging::write(self, file)?)
    }
    fn keep(&self, _file: OutputFile) {}
}

#[derive(Default)]
pub struct Memory {
    pub files: Mutex<Vec<OutputFile>>,
}

impl Destination for Memory {
    fn write(&self, _file: &OutputFile) -> anyhow::Result<()> {
        Ok(())
    }
    fn keep(&self, file: OutputFile) {
        self.files.lock().unwrap().push(file);
    }
}

/// Takes the rendered files: writes them, shows them to the link check and
/// the search index, and counts them.
pub struct Publisher<'a> {
    pub dest: &'a dyn Destination,
    pub links: links::Collector<'a>,
    pub indexer: Mutex<Option<search::Indexer>>,
    pub pages: AtomicUsize,
    pub files: AtomicUsize,
    /// Paths of the files so far, so that none overwrites another.
    pub claimed: Claimed,
}

impl Publisher<'_> {
    pub fn put_all(&self, files: Vec<OutputFile>) -> anyhow::Result<()> {
        self.claimed.claim(&files)?;
        files.par_iter().try_for_each(|f| {
            self.links.record(&f.path, &f.bytes);
            self.dest.write(f)
        })?;
        let html = files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count();
        self.pages.fetch_add(html, Ordering::Relaxed);
        self.files.fetch_add(files.len(), Ordering::Relaxed);
        if let Some(indexer) = self.indexer.lock().unwrap().as_mut() {
            files.iter().try_for_each(|f| indexer.add(f))?;
        }
        files.into_iter().for_each(|f| self.dest.keep(f));
        Ok(())
    }
}

impl render::Sink for Publisher<'_> {
    fn take(&self, files: Vec<OutputFile>) -> anyhow::Result<()> {
        self.put_all(files)
    }
}
