//! Stage 3: render the model into the portal's files.
//!
//! Takes a [`RenderContext`] (the model, the settings, the as-of date, where
//! the theme and content are) and gives [`OutputFile`]s to a [`Sink`]. The
//! outputs come in families, one module each behind the [`Family`] trait
//! (as mdBook's renderers): `core` (home, roadmap, sections, measures,
//! reports, executors and the report attachments), `infrastructure`,
//! `investors`, `opendata`, `search`, `news` (with the feeds), `documents`,
//! `timeline` and `summary`; `site_files` adds the sitemap, `robots.txt` and
//! the theme's static files (under content-hashed names, which pages link to). Every address comes from [`crate::address`].
//!
//! Pages are listed first, then rendered from the theme's Tera templates
//! (`page`) and minified in parallel, a batch at a time in address order,
//! and handed to the sink as they are done, so the site is never held in
//! memory whole. Large contexts (a measure with its reports, an executor's
//! measures) are built only when their page is rendered. Templates only
//! display what Rust prepared (`views`, `ru` for Russian plurals and dates).

mod charts;
mod core;
mod documents;
pub mod escape;
mod frame;
mod infrastructure;
mod investors;
pub mod memo;
mod news;
mod opendata;
mod page;
pub mod ru;
mod search;
mod site_files;
mod structured;
pub mod summary;
pub mod timeline;
mod views;

pub use page::{minify, Scope};

use crate::address::{self, Urls};
use crate::config::Config;
use crate::model::Roadmap;
use anyhow::Result;
use chrono::NaiveDate;
use page::{Crumb, Page};
use rayon::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use views::Views;

/// One file of the built site, with its path relative to the output folder.
#[derive(Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: the publishing stage, which writes them to a
/// staging folder or keeps them in memory.
pub trait Sink: Sync {
    /// Takes a batch of files. Batches come one at a time; the HTML pages come
    /// first, in address order across batches, then every other file.
    fn take(&self, files: Vec<OutputFile>) -> Result<()>;
}

/// What a build renders from.
pub struct RenderContext<'a> {
    pub roadmap: &'a Roadmap,
    pub config: &'a Config,
    /// The date statuses are judged against.
    pub as_of: NaiveDate,
    /// The theme's folder (`themes/default`).
    pub theme_dir: &'a Path,
    /// The content folder, where attachments are read from.
    pub content_dir: &'a Path,
}

/// One family of outputs. Made once per build, with what its pages and
/// files share computed then; lists its pages before any page is rendered,
/// and makes its other files after the last page.
trait Family<'a> {
    /// Its pages, in the order the sitemap lists them.
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>>;

    /// Its files other than pages; a narrower `scope` leaves out what its
    /// edit cannot change.
    fn files(&self, _ctx: &Ctx<'a>, _scope: Scope) -> Result<Vec<OutputFile>> {
        Ok(Vec::new())
    }
}

/// Pages rendered at once: enough to keep every core busy, few enough that
/// memory does not grow with the site.
const BATCH: usize = 64;

/// What every family of outputs (core pages, infrastructure, investors, open
/// data) needs to list its pages and files.
struct Ctx<'a> {
    roadmap: &'a Roadmap,
    config: &'a Config,
    /// Where report attachments are read from.
    content_dir: &'a Path,
    as_of: NaiveDate,
    views: &'a Views<'a>,
    urls: &'a Urls,
    /// Breadcrumb to the home page, the root of every trail.
    home: Crumb,
    /// When any content last changed: the date of pages built from all of it.
    modified: Option<NaiveDate>,
}

impl Ctx<'_> {
    /// The address of the open-data set `name` (`roadmap`, or a table's
    /// file stem), whose folder is its identifier `<ИНН>-kadry-<name>`.
    fn dataset_address(&self, name: &str) -> String {
        address::opendata_set(&self.dataset_identifier(name))
    }

    /// The identifier of the open-data set `name`, after the operator's INN.
    fn dataset_identifier(&self, name: &str) -> String {
        crate::model::opendata::identifier(self.config.operator.inn(), name)
    }
}

/// Renders every output file of the site into `sink`; with a `memo`,
/// records what pages of many measures are rendered from, and leaves out
/// those rendered from the same by the build it remembers.
pub fn render_site(
    rc: &RenderContext,
    scope: Scope,
    memo: Option<&memo::Memo>,
    sink: &dyn Sink,
) -> Result<()> {
    let tera = page::templates(rc.theme_dir)?;
    let statics = site_files::StaticFiles::load(rc.theme_dir)?;
    let urls = Urls::new(&rc.config.base_url);
    let views = Views::new(rc.roadmap, &urls);
    let ctx = Ctx {
        roadmap: rc.roadmap,
        config: rc.config,
        content_dir: rc.content_dir,
        as_of: rc.as_of,
        views: &views,
        urls: &urls,
        home: Crumb::new("Главная", urls.page(address::HOME)),
        modified: site_modified(rc.roadmap),
    };
    let investors = investors::InvestorPages::new(&ctx);
    let open_data = opendata::build(&ctx)?;
    // the order of the families is the order of the sitemap
    let families: [&dyn Family; 9] = [
        &core::Core,
        &infrastructure::Infrastructure,
        &investors,
        &open_data,
        &search::Search,
        &news::NewsAndFeeds,
        &documents::Documents,
        &timeline::Timeline,
        &summary::SummaryPage,
    ];
    let pages: Vec<Page> = families.iter().flat_map(|f| f.pages(&ctx)).collect();

    let site = site_context(&ctx, &statics.assets);
    let mut in_order: Vec<&Page> = pages.iter().filter(|p| p.in_scope(scope)).collect();
    in_order.sort_by(|a, b| a.path.cmp(&b.path));
    for batch in in_order.chunks(BATCH) {
        let files: Vec<Option<OutputFile>> = batch
            .par_iter()
            .map(|page| page::render(&tera, &site, page, &ctx, memo))
            .collect::<Result<_>>()?;
        sink.take(files.into_iter().flatten().collect())?;
    }

    // Then the other files, a family at a time so that no more than one is
    // held; a narrower scope leaves out what its edit cannot change.
    for family in families {
        sink.take(family.files(&ctx, scope)?)?;
    }
    sink.take(vec![
        site_files::sitemap_xml(&urls, &pages, ctx.modified),
        site_files::robots_txt(&urls),
    ])?;
    if let Scope::All = scope {
        sink.take(statics.into_files())?;
    }
    Ok(())
}

/// What every template sees as `site`.
fn site_context(ctx: &Ctx, assets: &address::Assets) -> serde_json::Value {
    let (config, urls) = (ctx.config, ctx.urls);
    json!({
        "title": config.title,
        "description": config.description,
        "base": urls.base_path(),
        "url": urls.named(assets),
        "address": address::named(),
        "absolute": urls.named_absolute(assets),
        "base_url": config.base_url,
        "operator": config.operator,
        "as_of": ctx.as_of.format("%Y-%m-%d").to_string(),
        "as_of_text": ru::long_date(ctx.as_of),
        "roadmap_title": ctx.roadmap.title,
        "frame": frame::russian(),
    })
}

/// When any content last changed: the date of pages built from all of it.
pub fn site_modified(roadmap: &Roadmap) -> Option<NaiveDate> {
    let sections = roadmap.sections.iter().map(|s| s.modified);
    let news = roadmap.news.iter().map(|n| n.modified);
    let data = roadmap.datasets.iter().map(|d| Some(d.updated));
    sections.chain(news).chain(data).max().flatten()
}
