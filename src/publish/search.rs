//! Stage 3b: the full-text search index, built in-process by the pagefind
//! crate from the rendered pages and published under `pagefind/`.
//!
//! Only the `<main>` element of a page is indexed (header, menu, breadcrumbs
//! and footer repeat on every page), with Russian stemming, so «инвентаризация»
//! finds «инвентаризации». Pages that only repeat what other pages say, or are
//! not for reading on their own, are left out (see [`indexed`]): above all
//! the listings of measures ([`address::is_listing`]), which would match any
//! word of any measure and, at 10,000 pages, took a fifth of the indexing.
//!
//! The measure and report templates mark the search filters (`section`,
//! `status`, `executor`) with `data-pagefind-filter` attributes; `/search/`
//! (`render/search.rs`, `static/js/search.js`) queries the bundle.
//!
//! Same pages in, same bytes out: pages are added in address order (the
//! renderer hands them over in that order, and [`Indexer::add`] refuses any
//! other), and pagefind
//! (1.6) sorts everything it writes (words, filters, fragments by page
//! number), names files by SHA-1 of their content and writes gzip headers
//! without a timestamp. `tests/search.rs` checks two builds byte for byte.

use crate::address;
use crate::render::OutputFile;
use anyhow::{anyhow, bail, Context as _, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Folder of the bundle in the built site.
pub const BUNDLE_DIR: &str = "pagefind";

/// Language of the index: the portal is in Russian.
const LANGUAGE: &str = "ru";

/// Pages left out of the index besides the listings, by address.
const SKIPPED: [&str; 2] = [
    // the error page: not content
    address::NOT_FOUND,
    // the investor section again, for embedding into other sites: a duplicate
    address::INVESTORS_EMBED,
];

/// Files of the pagefind bundle the portal never loads: the stock search UIs
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

/// Builds the search index on a thread of its own while the pages are still
/// being rendered: pagefind reads one page at a time, so it would otherwise
/// leave the other cores idle. Pages must be offered in address order
/// (pagefind numbers them in the order they come).
pub struct Indexer {
    /// Pages as (address, HTML); `None` asks for the index.
    sender: Option<SyncSender<Option<(String, String)>>>,
    worker: Option<JoinHandle<Result<Vec<OutputFile>>>>,
    last_url: String,
}

impl Indexer {
    /// Results are recorded at their site-relative path (`/news/x/`): the
    /// search script puts them below the folder that holds the bundle (its
    /// default `baseUrl`), which is the base path of the site.
    pub fn start() -> Result<Indexer> {
        // pagefind resolves its (unused) default output folder against the
        // working directory and panics without one
        std::env::current_dir().context("поиск: нет текущей папки")?;
        // a few batches of pages in flight: enough to keep both sides busy
        let (sender, receiver) = sync_channel(256);
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index_pages(receiver))
            .context("поиск: не удалось запустить поток")?;
        Ok(Indexer {
            sender: Some(sender),
            worker: Some(worker),
            last_url: String::new(),
        })
    }

    /// Offers one built file; only Russian pages worth finding are indexed.
    pub fn add(&mut self, file: &OutputFile) -> Result<()> {
        self.add_page(&file.path, &file.bytes)
    }

    /// Offers the file at `path` with these bytes, as [`Indexer::add`].
    pub fn add_page(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        if !indexed(path, bytes) {
            return Ok(());
        }
        let url = format!("/{}", address::address_of(path));
        if url <= self.last_url {
            bail!(
                "поиск: страница {url} пришла не по порядку (после {})",
                self.last_url
            );
        }
        let html = spaced(&String::from_utf8_lossy(bytes));
        self.last_url.clone_from(&url);
        if let Some(sender) = &self.sender {
            // a closed channel means the worker failed: `finish` says why
            let _ = sender.send(Some((url, html)));
        }
        Ok(())
    }

    /// Waits for the index and returns the bundle's files under `pagefind/`,
    /// in path order.
    pub fn finish(mut self) -> Result<Vec<OutputFile>> {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(None);
        }
        let worker = self.worker.take().expect("finish runs once");
        worker
            .join()
            .map_err(|_| anyhow!("поиск: поток индексации завершился аварийно"))?
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // on a failed build: close the channel without asking for the index,
        // so the worker stops instead of building it for nothing
        self.sender = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The bundle for a whole site at once, from its files as (path, bytes) in
/// any order; the indexer takes only the pages worth finding (`kadry serve`
/// indexes the site it serves after a rebuild that kept the last index).
pub fn index_site<'f>(
    files: impl Iterator<Item = (&'f Path, &'f [u8])>,
) -> Result<Vec<OutputFile>> {
    let mut files: Vec<_> = files.collect();
    files.sort_by_cached_key(|(path, _)| address::address_of(path));
    let mut indexer = Indexer::start()?;
    for (path, bytes) in files {
        indexer.add_page(path, bytes)?;
    }
    indexer.finish()
}

fn index_pages(pages: Receiver<Option<(String, String)>>) -> Result<Vec<OutputFile>> {
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

    let mut out: Vec<OutputFile> = bundle
        .into_iter()
        .filter(|f| {
            let name = f.filename.to_string_lossy();
            !UNUSED.iter().any(|u| name == *u || name.starts_with(u))
        })
        .map(|f| OutputFile {
            path: Path::new(BUNDLE_DIR).join(f.filename),
            bytes: f.contents,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    if !out
        .iter()
        .any(|f| f.path == Path::new(BUNDLE_DIR).join("pagefind.js"))
    {
        return Err(anyhow!("поиск: pagefind не создал pagefind.js"));
    }
    Ok(out)
}

/// Whether a built file is a Russian page worth finding.
fn indexed(path: &Path, bytes: &[u8]) -> bool {
    let page = address::address_of(path);
    path.extension().is_some_and(|e| e == "html")
        && !SKIPPED.contains(&page.as_str())
        && !address::is_listing(&page)
        // pages in other languages (English summaries) would need an index
        // and a search page of their own
        && html_lang(bytes).is_none_or(|lang| lang == LANGUAGE || lang.starts_with("ru-"))
}

/// The `lang` of the `<html>` element, quoted or not (the pages are minified).
fn html_lang(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let tag_start = head.find("<html")?;
    let tag = &head[tag_start..tag_start + head[tag_start..].find('>')?];
    let value = &tag[tag.find("lang=")? + "lang=".len()..];
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(value.len());
    Some(value[..end].to_string())
}

/// Elements whose boundaries separate words.
const BLOCKS: [&str; 42] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The page with a space before every start tag of a block element, for the index
/// only. The minified pages have no whitespace between tags and omit optional
/// end tags (`</p>`, `</dd>`, `</td>`), and pagefind separates words only at
/// the end tags of a few elements, so `<dt>Срок<dd>Декабрь` would be indexed
/// as the one word «СрокДекабрь».
fn spaced(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    for (i, _) in html.match_indices('<') {
        // opening tags only: a space before `</h1>` would keep pagefind from
        // ending the heading's sentence with a full stop in excerpts
        let rest = &html[i + 1..];
        let name = &rest[..rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len())];
        if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
            out.push_str(&html[copied..i]);
            out.push(' ');
            copied = i;
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_boundaries_separate_words() {
        assert_eq!(
            spaced("<dl><dt>Срок<dd>Декабрь 2018</dl><p>a<b>b</b>c</p>"),
            " <dl> <dt>Срок <dd>Декабрь 2018</dl> <p>a<b>b</b>c</p>"
        );
        assert_eq!(
            spaced("<table><tr><th>Курс<th>Часы"),
            " <table> <tr> <th>Курс <th>Часы"
        );
        assert_eq!(spaced("<dfn>x</dfn><time>y"), "<dfn>x</dfn><time>y");
    }

    #[test]
    fn languages() {
        assert_eq!(
            html_lang(b"<!DOCTYPE html><html lang=ru><head>").as_deref(),
            Some("ru")
        );
        assert_eq!(html_lang(b"<html lang=\"en\">").as_deref(), Some("en"));
        assert_eq!(html_lang(b"<html><body>").as_deref(), None);
        assert!(indexed(Path::new("index.html"), b"<html lang=ru>"));
        assert!(!indexed(Path::new("roadmap/index.html"), b"<html lang=ru>"));
        assert!(!indexed(
            Path::new("investors/en/index.html"),
            b"<html lang=en>"
        ));
        assert!(!indexed(Path::new("404.html"), b"<html lang=ru>"));
        assert!(!indexed(
            Path::new("search/az/index.html"),
            b"<html lang=ru>"
        ));
        assert!(!indexed(
            Path::new("executors/rkc/index.html"),
            b"<html lang=ru>"
        ));
        assert!(indexed(
            Path::new("roadmap/14/14.1/index.html"),
            b"<html lang=ru>"
        ));
        assert!(!indexed(Path::new("data.csv"), b""));
    }
}
