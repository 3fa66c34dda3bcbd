//! Stage 3: render the model into the portal's files — HTML pages from the
//! theme's Tera templates, static assets, `sitemap.xml` and `robots.txt`.
//!
//! Pages are listed first (address, template, context), then rendered and
//! minified in parallel, a batch at a time in address order, and handed to a
//! [`Sink`] as they are done, so the site is never held in memory whole. Each
//! page's work depends only on the shared views. Large contexts (a measure
//! with its reports, an executor's measures) are built only when their page
//! is rendered.

mod charts;
mod documents;
pub mod escape;
mod infrastructure;
mod investors;
mod news;
mod opendata;
pub mod ru;
mod search;
pub mod summary;
pub mod timeline;
mod views;

use crate::address::{self, Urls};
use crate::config::Config;
use crate::model::Roadmap;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tera::{Context, Tera};
use views::Views;

/// One file of the built site, with its path relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: the staging folder of a build, or memory.
pub trait Sink: Sync {
    /// Takes a batch of files. Batches come one at a time; the HTML pages come
    /// first, in address order across batches, then every other file.
    fn take(&self, files: Vec<OutputFile>) -> Result<()>;
}

/// Pages rendered at once: enough to keep every core busy, few enough that
/// memory does not grow with the site.
const BATCH: usize = 64;

#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    url: String,
}

impl Crumb {
    fn new(title: impl Into<String>, url: String) -> Crumb {
        Crumb {
            title: title.into(),
            url,
        }
    }
}

/// What every family of outputs (core pages, infrastructure, investors, open
/// data) needs to list its pages and files.
struct Ctx<'a> {
    roadmap: &'a Roadmap,
    config: &'a Config,
    as_of: NaiveDate,
    views: &'a Views<'a>,
    urls: &'a Urls,
    /// Breadcrumb to the home page, the root of every trail.
    home: Crumb,
    /// When any content last changed: the date of pages built from all of it.
    modified: Option<NaiveDate>,
}

/// Which pages to render: every page, or (for `kadry serve` after an edit)
/// only those that may show one of the given measures.
#[derive(Clone, Copy)]
pub enum Scope<'s> {
    All,
    Measures(&'s HashSet<String>),
}

impl Scope<'_> {
    /// Whether what shows only this measure is rendered.
    fn includes(self, measure: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Measures(changed) => changed.contains(measure),
        }
    }
}

/// Context that is built only when its page is rendered.
type LazyContext<'a> = Box<dyn Fn(&mut Context) + Send + Sync + 'a>;

/// A page to render: its address below the base path, template and data.
struct Page<'a> {
    /// `""` for home, `"roadmap/14/"`, or a file name such as `"404.html"`.
    path: String,
    template: &'static str,
    title: String,
    /// Breadcrumbs above the page, from home; the page itself is not included.
    crumbs: Vec<Crumb>,
    context: Context,
    /// Data too large to hold for every page at once.
    lazy: Option<LazyContext<'a>>,
    /// The only measures the page shows; `None` for a page that may show
    /// any of them (listings, counts), which every change re-renders.
    shows: Option<Vec<&'a str>>,
    /// Language of the page (`ru` or `en`).
    lang: &'static str,
    /// When the page's sources last changed; the whole site's date if unset.
    modified: Option<NaiveDate>,
}

impl<'a> Page<'a> {
    fn new(path: impl Into<String>, template: &'static str, title: impl Into<String>) -> Self {
        Page {
            path: path.into(),
            template,
            title: title.into(),
            crumbs: Vec::new(),
            context: Context::new(),
            lazy: None,
            shows: None,
            lang: "ru",
            modified: None,
        }
    }

    fn modified(mut self, date: Option<NaiveDate>) -> Self {
        self.modified = date;
        self
    }

    fn in_lang(mut self, lang: &'static str) -> Self {
        self.lang = lang;
        self
    }

    fn under(mut self, crumbs: &[Crumb]) -> Self {
        self.crumbs = crumbs.to_vec();
        self
    }

    fn with(mut self, key: &str, value: &impl Serialize) -> Self {
        self.context.insert(key, value);
        self
    }

    /// Adds to the context when the page is rendered, not when it is listed.
    fn with_lazy(mut self, add: impl Fn(&mut Context) + Send + Sync + 'a) -> Self {
        self.lazy = Some(Box::new(add));
        self
    }

    /// Marks the page as showing only these measures.
    fn showing(mut self, measures: Vec<&'a str>) -> Self {
        self.shows = Some(measures);
        self
    }

    fn in_scope(&self, scope: Scope) -> bool {
        match (scope, &self.shows) {
            (Scope::Measures(_), Some(shown)) => shown.iter().any(|id| scope.includes(id)),
            _ => true,
        }
    }
}

/// Renders every output file of the site into `sink`.
pub fn render_site(
    roadmap: &Roadmap,
    config: &Config,
    as_of: NaiveDate,
    theme_dir: &Path,
    content_dir: &Path,
    scope: Scope,
    sink: &dyn Sink,
) -> Result<()> {
    let tera = load_templates(theme_dir)?;
    let urls = Urls::new(&config.base_url);
    let views = Views::new(roadmap, &urls);
    let ctx = Ctx {
        roadmap,
        config,
        as_of,
        views: &views,
        urls: &urls,
        home: Crumb::new("Главная", urls.page(address::HOME)),
        modified: site_modified(roadmap),
    };
    let open_data = opendata::OpenData::new(&ctx);
    let mut pages = list_pages(&ctx);
    pages.extend(infrastructure::pages(&ctx));
    pages.extend(investors::pages(&ctx));
    pages.extend(opendata::pages(&ctx, &open_data));
    pages.extend(search::pages(&ctx));
    pages.extend(news::pages(&ctx));
    pages.extend(documents::pages(&ctx));
    pages.extend(timeline::pages(&ctx));
    pages.extend(summary::pages(&ctx));

    let site = json!({
        "title": config.title,
        "description": config.description,
        "base": urls.base_path(),
        "url": urls.named(),
        "address": address::named(),
        "absolute": urls.named_absolute(),
        "base_url": config.base_url,
        "operator": config.operator,
        "as_of": as_of.format("%Y-%m-%d").to_string(),
        "as_of_text": ru::long_date(as_of),
        "roadmap_title": roadmap.title,
    });

    let mut in_order: Vec<&Page> = pages.iter().filter(|p| p.in_scope(scope)).collect();
    in_order.sort_by(|a, b| a.path.cmp(&b.path));
    for batch in in_order.chunks(BATCH) {
        let files = batch
            .par_iter()
            .map(|page| render_page(&tera, &site, page, &ctx))
            .collect::<Result<_>>()?;
        sink.take(files)?;
    }

    // Then the other files, a family at a time so that no more than one is
    // held; a narrower scope leaves out what its edit cannot change.
    sink.take(attachments(roadmap, content_dir, scope)?)?;
    sink.take(investors::files(&ctx)?)?;
    sink.take(opendata::files(&ctx, &open_data)?)?;
    sink.take(news::files(&ctx, scope))?;
    sink.take(vec![sitemap_xml(&urls, &pages), robots_txt(&urls)])?;
    if let Scope::All = scope {
        sink.take(static_files(theme_dir)?)?;
    }
    Ok(())
}

fn load_templates(theme_dir: &Path) -> Result<Tera> {
    let glob = format!("{}/templates/**/*.html", theme_dir.display());
    let mut tera = Tera::default();
    tera.add_raw_templates(crate::load::theme::templates(theme_dir)?)
        .with_context(|| format!("шаблоны темы {glob}"))?;
    tera.register_filter("plural", plural_filter);
    Ok(tera)
}

/// `{{ n | plural(forms="мероприятие|мероприятия|мероприятий") }}` → "5 мероприятий".
fn plural_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value
        .as_u64()
        .ok_or_else(|| tera::Error::msg("plural: value is not a non-negative integer"))?;
    let forms: Vec<&str> = args
        .get("forms")
        .and_then(Value::as_str)
        .map(|s| s.split('|').collect())
        .unwrap_or_default();
    let [one, few, many] = forms[..] else {
        return Err(tera::Error::msg("plural: forms must be \"one|few|many\""));
    };
    Ok(Value::String(format!(
        "{n} {}",
        ru::plural(n, one, few, many)
    )))
}

/// When any content last changed: the date of pages built from all of it.
pub fn site_modified(roadmap: &Roadmap) -> Option<NaiveDate> {
    let sections = roadmap.sections.iter().map(|s| s.modified);
    let news = roadmap.news.iter().map(|n| n.modified);
    let data = roadmap.datasets.iter().map(|d| Some(d.updated));
    sections.chain(news).chain(data).max().flatten()
}

/// The core pages: home, roadmap, sections, measures, reports, executors,
/// site map and 404.
fn list_pages<'a>(ctx: &Ctx<'a>) -> Vec<Page<'a>> {
    let (roadmap, views, urls) = (ctx.roadmap, ctx.views, ctx.urls);
    let home = ctx.home.clone();
    let roadmap_crumb = Crumb {
        title: "Дорожная карта".into(),
        url: urls.page(address::ROADMAP),
    };
    let executors_crumb = Crumb {
        title: "Исполнители".into(),
        url: urls.page(address::EXECUTORS),
    };

    // Listings of every measure are built when rendered, not held meanwhile.
    let mut pages = vec![
        Page::new(address::HOME, "home.html", "Главная")
            .with("overall", &views.overall)
            .with("latest_reports", &views.latest_reports(5))
            .with("latest_news", &news::latest(ctx, 3))
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::ROADMAP, "roadmap.html", "Дорожная карта")
            .under(std::slice::from_ref(&home))
            .with("overall", &views.overall)
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::EXECUTORS, "executors.html", "Исполнители")
            .under(std::slice::from_ref(&home))
            .with("organizations", &views.organizations),
        Page::new(address::SITE_MAP, "sitemap.html", "Карта сайта")
            .under(std::slice::from_ref(&home))
            .with("organizations", &views.organizations)
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::NOT_FOUND, "404.html", "Страница не найдена"),
    ];

    let in_roadmap = [home.clone(), roadmap_crumb];
    for section in &views.sections {
        let section_title = format!("Раздел {}", section.id);
        pages.push(
            Page::new(address::section(section.id), "section.html", &section_title)
                .under(&in_roadmap)
                .showing(
                    section
                        .measures
                        .iter()
                        .map(|m| m.measure.id.as_str())
                        .collect(),
                )
                .with_lazy(move |c| c.insert("section", section))
                .modified(section.modified),
        );
        let mut crumbs = in_roadmap.to_vec();
        crumbs.push(Crumb {
            title: section_title,
            url: section.url.clone(),
        });
        for m in &section.measures {
            let measure_title = format!("Мероприятие {}", m.measure.id);
            pages.push(
                Page::new(
                    address::measure(section.id, &m.measure.id),
                    "measure.html",
                    &measure_title,
                )
                .under(&crumbs)
                .modified(m.measure.modified)
                .showing(vec![m.measure.id.as_str()])
                .with_lazy(move |c| {
                    c.insert("measure", m);
                    c.insert(
                        "section",
                        &json!({"id": section.id, "title": section.title, "url": section.url}),
                    );
                }),
            );
            let mut report_crumbs = crumbs.clone();
            report_crumbs.push(Crumb {
                title: measure_title,
                url: m.url.clone(),
            });
            for r in &m.report_views {
                pages.push(
                    Page::new(
                        address::report(&r.report.slug),
                        "report.html",
                        format!("Отчёт от {}", r.date_text),
                    )
                    .under(&report_crumbs)
                    .modified(r.report.modified)
                    .showing(vec![m.measure.id.as_str()])
                    .with_lazy(move |c| {
                        c.insert("report", r);
                        c.insert("body_html", &r.report.body_html);
                    }),
                );
            }
        }
    }

    // Each organisation's measures, from one pass over the roadmap.
    let mut answers_for: HashMap<&str, Vec<&views::MeasureView>> = HashMap::new();
    for m in views.measures() {
        for org in &m.measure.responsible {
            answers_for.entry(org.as_str()).or_default().push(m);
        }
    }
    let in_executors = [home, executors_crumb];
    for org in &views.organizations {
        let measures = answers_for.remove(org.org.id.as_str()).unwrap_or_default();
        pages.push(
            Page::new(
                address::executor(&org.org.id),
                "executor.html",
                &org.org.short_name,
            )
            .under(&in_executors)
            .modified(measures.iter().filter_map(|m| m.measure.modified).max())
            .showing(measures.iter().map(|m| m.measure.id.as_str()).collect())
            .with("organization", org)
            .with_lazy(move |c| {
                let rows: Vec<_> = measures.iter().map(|m| m.row()).collect();
                c.insert("measures", &rows);
            }),
        );
    }
    debug_assert_eq!(
        pages
            .iter()
            .filter(|p| p.template == "measure.html")
            .count(),
        roadmap.measures().count()
    );
    pages
}

fn render_page(tera: &Tera, site: &Value, page: &Page, ctx: &Ctx) -> Result<OutputFile> {
    let urls = ctx.urls;
    let modified = page.modified.or(ctx.modified);
    let mut context = page.context.clone();
    if let Some(add) = &page.lazy {
        add(&mut context);
    }
    context.insert("site", site);
    context.insert(
        "page",
        &json!({
            "title": page.title,
            "path": page.path,
            "url": urls.page(&page.path),
            "canonical": urls.absolute(&page.path),
            "crumbs": page.crumbs,
            "lang": page.lang,
            "modified": modified.map(|d| d.format("%Y-%m-%d").to_string()),
            "modified_text": modified.map(ru::long_date),
        }),
    );
    let html = tera
        .render(page.template, &context)
        .map_err(|e| anyhow::anyhow!(error_chain(&e)))
        .with_context(|| format!("шаблон {} для страницы /{}", page.template, page.path))?;
    Ok(OutputFile {
        path: address::file_of(&page.path),
        bytes: minify(html.as_bytes()),
    })
}

/// Tera hides the useful part of an error in its source chain.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Minifies a rendered page as every page of the site is minified.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::spec_compliant();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    minify_html::minify(html, &cfg)
}

fn sitemap_xml(urls: &Urls, pages: &[Page<'_>]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.template != "404.html") {
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape::xml(&urls.absolute(&page.path))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: address::file_of(address::SITEMAP_XML),
        bytes: xml.into_bytes(),
    }
}

fn robots_txt(urls: &Urls) -> OutputFile {
    OutputFile {
        path: address::file_of(address::ROBOTS_TXT),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute(address::SITEMAP_XML)
        )
        .into_bytes(),
    }
}

/// Report attachments, published at their path under `content/`. Their
/// bytes are checked again as they are read: a file changed since the
/// model accepted it must still be an accepted document inside `content/`.
fn attachments(roadmap: &Roadmap, content_dir: &Path, scope: Scope) -> Result<Vec<OutputFile>> {
    let reader = crate::load::attachments::Reader::new(content_dir);
    let mut seen = HashSet::new();
    roadmap
        .reports()
        .filter(|r| scope.includes(&r.measure))
        .flat_map(|r| r.attachments.iter())
        // one file attached to two reports is published once
        .filter(|a| seen.insert(a.file.as_str()))
        .map(|a| {
            let bytes = reader.bytes(&a.file)?;
            if let Err((message, _)) = crate::model::attachments::check_format(&a.file, &bytes) {
                anyhow::bail!("{message}");
            }
            Ok(OutputFile {
                path: PathBuf::from(&a.file),
                bytes,
            })
        })
        .collect()
}

/// The paths of one build's files, to refuse two that would be one file
/// where letter case is not told apart (Windows and macOS hosts, sync
/// tools), or a file where another one's folder is; the last guard behind
/// the content checks, which name the editor's file and line.
#[derive(Default)]
pub struct Claimed {
    /// Case-folded paths of files, and of the folders they are in.
    paths: std::sync::Mutex<(HashMap<String, String>, HashSet<String>)>,
}

impl Claimed {
    /// Records a batch of files, or fails naming the two that clash.
    pub fn claim(&self, files: &[OutputFile]) -> Result<()> {
        let mut guard = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        let (taken, folders) = &mut *guard;
        for file in files {
            let path = file.path.to_string_lossy();
            let normal = file
                .path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            anyhow::ensure!(normal, "файл сайта {path} ведёт за пределы папки сайта");
            let folded = path.to_lowercase();
            let parents: Vec<&str> = folded
                .match_indices('/')
                .map(|(i, _)| &folded[..i])
                .collect();
            let clash = taken
                .get(&folded)
                .or_else(|| parents.iter().find_map(|p| taken.get(*p)))
                .cloned()
                .or_else(|| folders.contains(&folded).then(|| format!("папка {path}/")));
            if let Some(other) = clash {
                anyhow::bail!(
                    "два файла сайта попали бы в одно место: {path} и {other} (заглавные и строчные буквы не различаются); переименуйте один из них"
                );
            }
            folders.extend(parents.iter().map(|p| p.to_string()));
            taken.insert(folded, path.into_owned());
        }
        Ok(())
    }
}

/// The theme's static assets, copied as they are.
fn static_files(theme_dir: &Path) -> Result<Vec<OutputFile>> {
    let files = crate::load::theme::static_files(theme_dir)?;
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}
