//! Stage 3b: the full-text search index, built in-process by the pagefind
//! crate from the rendered pages and published under `pagefind/`.
//!
//! Only the `<main>` element of a page is indexed (header, menu, breadcrumbs
//! and footer repeat on every page), with Russian stemming, so «инвентаризация»
//! finds «инвентаризации». Pages that only repeat what other pages say, or are
//! not for reading on their own, are left out ([`pages`]): above all the
//! listings of measures ([`address::is_listing`]), which would match any
//! word of any measure and, at 10,000 pages, took a fifth of the indexing.
//!
//! A large site is indexed in shards of about [`SHARD_PAGES`] pages in
//! address order ([`shard`]), each on a thread of its own: a shard builds its bundle
//! as soon as its last page is in, while the pages of the next are still
//! being rendered, and is then dropped, so neither the time after the last
//! page nor the memory grows with the whole site. `pagefind/shards.json`
//! lists the shards after the first; the search page merges them into the
//! first in the browser (pagefind's `mergeIndex`). The real portal is one
//! shard.
//!
//! The measure and report templates mark the search filters (`section`,
//! `status`, `executor`) with `data-pagefind-filter` attributes; `/search/`
//! (`render/search.rs`, `static/js/search.js`) queries the bundle.
//!
//! Same pages in, same bytes out: pages are added in address order (the
//! renderer hands them over in that order, and [`Indexer::add`] refuses any
//! other), shards are cut by the count of pages, and pagefind (1.6) sorts
//! everything it writes (words, filters, fragments by page number), names
//! files by SHA-1 of their content and writes gzip headers without a
//! timestamp. `tests/search.rs` checks two builds byte for byte.

mod live;
mod pages;
mod shard;

pub use live::{LiveIndex, PREVIEW_SHARD_PAGES};

use crate::address;
use crate::render::OutputFile;
use anyhow::{bail, Context as _, Result};
use shard::Shard;
use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::path::Path;

/// Folder of the bundle in the built site.
pub const BUNDLE_DIR: &str = "pagefind";

/// The list of the shards after the first, in the bundle's folder: a JSON
/// array of their folders relative to it (`["2/", "3/"]`).
pub const SHARDS_FILE: &str = "shards.json";

/// Pages in a shard. Each shard costs a reader's browser one more download
/// of pagefind's WebAssembly (58 KB) and its metadata at the first search;
/// at 5,000 pages a 10,000-page portal is two shards and the real one (180
/// pages) one.
pub const SHARD_PAGES: usize = 5000;

/// Environment variable that sets another shard size: the tests use it to
/// check merged shards on a small site.
pub const SHARD_PAGES_VAR: &str = "KADRY_SEARCH_SHARD_PAGES";

/// Builds the search index while the pages are still being rendered. Pages
/// must be offered in address order (pagefind numbers them in the order
/// they come).
pub struct Indexer {
    /// The shard taking pages now.
    current: Shard,
    /// Pages handed to the current shard.
    in_current: usize,
    /// Shards that have all their pages, building or built, not yet taken.
    closed: Vec<Shard>,
    /// Shards started so far.
    started: usize,
    /// How many shards to cut, and after how many pages: the last takes
    /// whatever is left, so a few pages more than expected never make a
    /// shard of their own.
    shards: usize,
    shard_pages: usize,
    last_url: String,
    /// For [`LiveIndex`]: each page's shard and the digest of what it was
    /// handed.
    record: Option<Record>,
}

impl Indexer {
    /// Results are recorded at their site-relative path (`/news/x/`): the
    /// search script puts them below the folder that holds the bundle (its
    /// default `baseUrl`), which is the base path of the site.
    ///
    /// `expected` is about how many pages will be indexed (measures and
    /// reports are most of them): it sets the number of shards.
    pub fn start(expected: usize) -> Result<Indexer> {
        Indexer::sharded(expected, shard_pages()?)
    }

    /// As [`Indexer::start`], with shards of about `shard_pages` pages.
    pub fn sharded(expected: usize, shard_pages: usize) -> Result<Indexer> {
        // pagefind resolves its (unused) default output folder against the
        // working directory and panics without one
        std::env::current_dir().context("поиск: нет текущей папки")?;
        let shard_pages = shard_pages.max(1);
        let shards = ((expected + shard_pages / 2) / shard_pages).max(1);
        Ok(Indexer {
            current: Shard::start(0)?,
            in_current: 0,
            closed: Vec::new(),
            started: 1,
            shards,
            shard_pages: expected.div_ceil(shards),
            last_url: String::new(),
            record: None,
        })
    }

    /// Offers one built file; only Russian pages worth finding are indexed.
    pub fn add(&mut self, file: &OutputFile) -> Result<()> {
        self.add_page(&file.path, &file.bytes)
    }

    /// Offers the file at `path` with these bytes, as [`Indexer::add`].
    pub fn add_page(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        if !pages::indexed(path, bytes) {
            return Ok(());
        }
        let url = page_url(path);
        if url <= self.last_url {
            bail!(
                "поиск: страница {url} пришла не по порядку (после {})",
                self.last_url
            );
        }
        if self.in_current == self.shard_pages && self.started < self.shards {
            let next = Shard::start(self.started)?;
            let mut full = std::mem::replace(&mut self.current, next);
            full.ask();
            self.closed.push(full);
            self.started += 1;
            self.in_current = 0;
        }
        let html = pages::indexable(bytes);
        self.last_url.clone_from(&url);
        if let Some(record) = &mut self.record {
            record.insert(url.clone(), (self.started - 1, digest(&html)));
        }
        self.current.add(url, html);
        self.in_current += 1;
        Ok(())
    }

    /// The files of the shards built so far, to be written now rather than
    /// held until [`Indexer::finish`].
    pub fn take_built(&mut self) -> Result<Vec<OutputFile>> {
        let mut out = Vec::new();
        let mut building = Vec::new();
        for mut shard in std::mem::take(&mut self.closed) {
            if shard.is_built() {
                out.extend(shard.bundle()?);
            } else {
                building.push(shard);
            }
        }
        self.closed = building;
        Ok(out)
    }

    /// Waits for the index and returns the rest of the bundle's files under
    /// `pagefind/` (all of them, without [`Indexer::take_built`]), in path
    /// order.
    pub fn finish(self) -> Result<Vec<OutputFile>> {
        let shards = self.started;
        let built = self.built()?;
        assemble(built.bundles.into_iter().flatten(), shards)
    }

    /// Waits for every shard not taken yet.
    fn built(self) -> Result<Built> {
        let Indexer {
            current,
            mut closed,
            record,
            ..
        } = self;
        closed.push(current);
        let bundles = closed
            .iter_mut()
            .map(Shard::bundle)
            .collect::<Result<Vec<_>>>()?;
        Ok(Built {
            shards: closed,
            bundles,
            record: record.unwrap_or_default(),
        })
    }

    /// An indexer for these files (path, bytes), sorted by address, in
    /// shards of about `shard_pages` pages.
    fn for_site(files: &[(&Path, &[u8])], shard_pages: usize) -> Result<Indexer> {
        let expected = files
            .iter()
            .filter(|(path, bytes)| pages::indexed(path, bytes))
            .count();
        Indexer::sharded(expected, shard_pages)
    }
}

/// Pages in a shard: [`SHARD_PAGES`] unless [`SHARD_PAGES_VAR`] says
/// otherwise.
fn shard_pages() -> Result<usize> {
    shard_pages_or(SHARD_PAGES)
}

/// Pages in a shard: `default` unless [`SHARD_PAGES_VAR`] says otherwise.
fn shard_pages_or(default: usize) -> Result<usize> {
    match std::env::var(SHARD_PAGES_VAR) {
        Ok(n) => {
            n.parse::<usize>().ok().filter(|&n| n > 0).with_context(|| {
                format!("поиск: {SHARD_PAGES_VAR}={n}: нужно целое число больше 0")
            })
        }
        Err(_) => Ok(default),
    }
}

/// The shards not taken during the build, once built.
struct Built {
    shards: Vec<Shard>,
    /// Each shard's files.
    bundles: Vec<Vec<OutputFile>>,
    /// The record of pages, if kept.
    record: Record,
}

/// Each page's shard and the digest of what the shard was handed, by URL.
type Record = BTreeMap<String, (usize, u64)>;

/// The URL a page is recorded at in the index: site-relative.
fn page_url(path: &Path) -> String {
    format!("/{}", address::address_of(path))
}

/// A digest of what a shard is handed of a page, to see which pages an
/// edit changed.
fn digest(html: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    html.hash(&mut hasher);
    hasher.finish()
}

/// The bundle's files: those of the shards, and the list of the shards
/// after the first, in path order.
fn assemble(files: impl Iterator<Item = OutputFile>, shards: usize) -> Result<Vec<OutputFile>> {
    let mut out: Vec<OutputFile> = files.collect();
    let others: Vec<String> = (1..shards)
        .map(|n| {
            let folder = shard::folder(n);
            let below = folder.strip_prefix(BUNDLE_DIR).unwrap_or(&folder);
            format!("{}/", below.to_string_lossy())
        })
        .collect();
    out.push(OutputFile {
        path: Path::new(BUNDLE_DIR).join(SHARDS_FILE),
        bytes: serde_json::to_vec(&others).context("поиск: список частей")?,
    });
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Files (path, bytes) in address order.
fn by_address<'f>(files: impl Iterator<Item = (&'f Path, &'f [u8])>) -> Vec<(&'f Path, &'f [u8])> {
    let mut files: Vec<_> = files.collect();
    files.sort_by_cached_key(|(path, _)| address::address_of(path));
    files
}

/// The bundle for a whole site at once, from its files as (path, bytes) in
/// any order, as a build makes it (shards of [`SHARD_PAGES`]); the indexer
/// takes only the pages worth finding. The tests hold [`LiveIndex`] to it.
pub fn index_site<'f>(
    files: impl Iterator<Item = (&'f Path, &'f [u8])>,
) -> Result<Vec<OutputFile>> {
    let files = by_address(files);
    let mut indexer = Indexer::for_site(&files, shard_pages()?)?;
    for (path, bytes) in files {
        indexer.add_page(path, bytes)?;
    }
    indexer.finish()
}
