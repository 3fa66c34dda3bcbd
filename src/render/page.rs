//! A page of the portal as a family lists it (address, template, data,
//! breadcrumbs, what it shows) and how every page is rendered: the theme's
//! Tera templates, the context each template sees, minification.

use super::memo::Memo;
use super::{ru, Ctx, OutputFile};
use crate::address;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tera::{Context, Tera};

#[derive(Serialize, Clone)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) url: String,
}
impl Crumb {
    pub(super) fn new(title: impl Into<String>, url: String) -> Crumb {
        Crumb {
            title: title.into(),
            url,
        }
    }
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
    pub(super) fn includes(self, measure: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Measures(changed) => changed.contains(measure),
        }
    }
}

/// Context that is built only when its page is rendered.
pub(super) type LazyContext<'a> = Box<dyn Fn(&mut Context) + Send + Sync + 'a>;

/// A page to render: its address below the base path, template and data.
pub(super) struct Page<'a> {
    /// `""` for home, `"roadmap/14/"`, or a file name such as `"404.html"`.
    pub(super) path: String,
    pub(super) template: &'static str,
    pub(super) title: String,
    /// Breadcrumbs above the page, from home; the page itself is not included.
    pub(super) crumbs: Vec<Crumb>,
    pub(super) context: Context,
    /// Data too large to hold for every page at once.
    pub(super) lazy: Option<LazyContext<'a>>,
    /// The only measures the page shows; `None` for a page that may show
    /// any of them (listings, counts), which every change re-renders.
    pub(super) shows: Option<Vec<&'a str>>,
    /// Language of the page (`ru` or `en`).
    pub(super) lang: &'static str,
    /// When the page's sources last changed; the whole site's date if unset.
    pub(super) modified: Option<NaiveDate>,
    /// What the page is about, as a schema.org item for its JSON-LD (an
    /// organisation, a news article, a dataset).
    pub(super) about: Option<Value>,
}
impl<'a> Page<'a> {
    pub(super) fn new(
        path: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
    ) -> Self {
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
            about: None,
        }
    }

    pub(super) fn about(mut self, item: Value) -> Self {
        self.about = Some(item);
        self
    }

    pub(super) fn modified(mut self, date: Option<NaiveDate>) -> Self {
        self.modified = date;
        self
    }

    pub(super) fn in_lang(mut self, lang: &'static str) -> Self {
        self.lang = lang;
        self
    }

    pub(super) fn under(mut self, crumbs: &[Crumb]) -> Self {
        self.crumbs = crumbs.to_vec();
        self
    }

    pub(super) fn with(mut self, key: &str, value: &impl Serialize) -> Self {
        self.context.insert(key, value);
        self
    }

    /// Adds to the context when the page is rendered, not when it is listed.
    pub(super) fn with_lazy(mut self, add: impl Fn(&mut Context) + Send + Sync + 'a) -> Self {
        self.lazy = Some(Box::new(add));
        self
    }

    /// Marks the page as showing only these measures.
    pub(super) fn showing(mut self, measures: Vec<&'a str>) -> Self {
        self.shows = Some(measures);
        self
    }

    /// Whether the page may show more than one measure: a listing, a
    /// section, an executor (what [`Memo`] remembers).
    fn shows_many(&self) -> bool {
        self.shows.as_ref().is_none_or(|shown| shown.len() > 1)
    }

    pub(super) fn in_scope(&self, scope: Scope) -> bool {
        match (scope, &self.shows) {
            (Scope::Measures(_), Some(shown)) => shown.iter().any(|id| scope.includes(id)),
            _ => true,
        }
    }
}

/// The theme's templates, with kadry's filters.
pub(super) fn templates(theme_dir: &Path) -> Result<Tera> {
    let glob = format!("{}/templates/**/*.html", theme_dir.display());
    let mut tera = Tera::default();
    tera.add_raw_templates(crate::load::theme::templates(theme_dir)?)
        .with_context(|| format!("шаблоны темы {glob}"))?;
    tera.register_filter("plural", plural_filter);
    tera.register_filter("shorten", shorten_filter);
    Ok(tera)
}

/// `{{ text | shorten(length=150) }}`: the text, or its start up to the
/// last whole word within `length` characters followed by «…», so that a
/// description or title never ends mid-word.
fn shorten_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("shorten: value is not text"))?;
    let length =
        args.get("length")
            .and_then(Value::as_u64)
            .ok_or_else(|| tera::Error::msg("shorten: length must be a number"))? as usize;
    Ok(Value::String(ru::shorten(text, length)))
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

/// One page rendered with its template and minified; `None` when `memo`
/// finds it rendered by the last build from the same template and context.
pub(super) fn render(
    tera: &Tera,
    site: &Value,
    page: &Page,
    ctx: &Ctx,
    memo: Option<&Memo>,
) -> Result<Option<OutputFile>> {
    let urls = ctx.urls;
    let modified = page.modified.or(ctx.modified);
    let mut context = page.context.clone();
    if let Some(add) = &page.lazy {
        add(&mut context);
    }
    context.insert("site", site);
    let canonical = urls.absolute(&page.path);
    let json_ld = super::structured::json_ld(&super::structured::PageFacts {
        site_title: &ctx.config.title,
        home: &urls.absolute(address::HOME),
        title: &page.title,
        url: &canonical,
        lang: page.lang,
        modified: modified.map(|d| d.format("%Y-%m-%d").to_string()),
        crumbs: &page.crumbs,
        about: page.about.as_ref(),
    });
    context.insert(
        "page",
        &json!({
            "title": page.title,
            "path": page.path,
            "url": urls.page(&page.path),
            "canonical": canonical,
            "json_ld": json_ld,
            "crumbs": page.crumbs,
            "lang": page.lang,
            "modified": modified.map(|d| d.format("%Y-%m-%d").to_string()),
            "modified_text": modified.map(ru::long_date),
        }),
    );
    if let Some(memo) = memo.filter(|_| page.shows_many()) {
        let same;
        (context, same) = memo.unchanged(&page.path, page.template, context)?;
        if same {
            return Ok(None);
        }
    }
    let html = tera
        .render(page.template, &context)
        .map_err(|e| anyhow::anyhow!(error_chain(&e)))
        .with_context(|| format!("шаблон {} для страницы /{}", page.template, page.path))?;
    Ok(Some(OutputFile {
        path: address::file_of(&page.path),
        bytes: minify(html.as_bytes()),
    }))
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
