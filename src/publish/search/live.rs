//! `kadry serve`'s search index, kept between rebuilds: its shards stay
//! alive, and after an edit only the pages whose indexed text changed are
//! handed to their shards again (pagefind replaces a page of the same
//! address in place) and only those shards build their bundles again.
//! Takes the served site's files; gives the whole bundle, the same as a
//! new index of those files in shards of the same size would give.

use super::shard::Shard;
use super::{assemble, by_address, digest, page_url, pages, shard_pages_or, Indexer, Record};
use crate::render::OutputFile;
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::Path;

/// Pages in a shard of the preview's index. An edit builds again the
/// shards of the pages it changed, each whole (about 0.4 s per 1,000
/// pages), so the preview cuts smaller shards than a build; its reader is
/// on the same machine, where the extra downloads cost nothing to notice.
pub const PREVIEW_SHARD_PAGES: usize = 1000;

/// The search index of a served site, ready to take its next edit.
pub struct LiveIndex {
    shards: Vec<Shard>,
    /// Each shard's files, as last built.
    bundles: Vec<Vec<OutputFile>>,
    pages: Record,
}

impl LiveIndex {
    /// Indexes a whole site (files as (path, bytes), in any order) in
    /// shards of about [`PREVIEW_SHARD_PAGES`] pages: the index, and the
    /// bundle's files.
    pub fn new<'f>(
        files: impl Iterator<Item = (&'f Path, &'f [u8])>,
    ) -> Result<(LiveIndex, Vec<OutputFile>)> {
        LiveIndex::sharded(files, shard_pages_or(PREVIEW_SHARD_PAGES)?)
    }

    /// As [`LiveIndex::new`], in shards of about `shard_pages` pages.
    pub fn sharded<'f>(
        files: impl Iterator<Item = (&'f Path, &'f [u8])>,
        shard_pages: usize,
    ) -> Result<(LiveIndex, Vec<OutputFile>)> {
        let files = by_address(files);
        let mut indexer = Indexer::for_site(&files, shard_pages)?;
        indexer.record = Some(Record::new());
        for (path, bytes) in files {
            indexer.add_page(path, bytes)?;
        }
        let built = indexer.built()?;
        let live = LiveIndex {
            shards: built.shards,
            bundles: built.bundles,
            pages: built.record,
        };
        let files = live.files()?;
        Ok((live, files))
    }

    /// The bundle for the site now made of `files`, rebuilding only the
    /// shards of pages that changed; `None` when pages were added or
    /// removed (their numbers and shards would change: index anew).
    pub fn update<'f>(
        &mut self,
        files: impl Iterator<Item = (&'f Path, &'f [u8])>,
    ) -> Result<Option<Vec<OutputFile>>> {
        let mut changed = Vec::new();
        let mut seen = 0;
        for (path, bytes) in files {
            if !pages::indexed(path, bytes) {
                continue;
            }
            let url = page_url(path);
            let Some(&(shard, before)) = self.pages.get(&url) else {
                return Ok(None);
            };
            seen += 1;
            let html = pages::indexable(bytes);
            let now = digest(&html);
            if now != before {
                changed.push((url, shard, now, html));
            }
        }
        if seen != self.pages.len() {
            return Ok(None);
        }
        let mut dirty = BTreeSet::new();
        for (url, shard, now, html) in changed {
            self.shards[shard].add(url.clone(), html);
            self.pages.insert(url, (shard, now));
            dirty.insert(shard);
        }
        // all dirty shards build at once, each on its thread
        for &shard in &dirty {
            self.shards[shard].ask();
        }
        for &shard in &dirty {
            self.bundles[shard] = self.shards[shard].bundle()?;
        }
        self.files().map(Some)
    }

    fn files(&self) -> Result<Vec<OutputFile>> {
        assemble(self.bundles.iter().flatten().cloned(), self.shards.len())
    }
}
