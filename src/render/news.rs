//! `/news/` and `/news/<slug>/`: news items of the media plan (measure 1.7)
//! and other milestones; and the Atom 1.0 feeds (RFC 4287) that let readers
//! follow the portal without visiting it:
//!
//! - `/news/atom.xml` — news items and reports together;
//! - `/roadmap/<section>/<id>/atom.xml` — the reports on one measure;
//! - `/executors/<id>/atom.xml` — reports on the measures an executor answers
//!   for, and the news it published.
//!
//! Feeds hold what the pages hold: items dated on or before the as-of date.
//! Their dates come from the content, never from the clock, so the same input
//! and as-of date give byte-identical feeds.

use super::views::{self, OrgRef};
use super::{escape, ru, Crumb, Ctx, Family, OutputFile, Page, Scope};
use crate::address;
use crate::model::status::Status;
use crate::model::{Measure, News, Organization, Report};
use chrono::{NaiveDate, NaiveTime};
use rayon::prelude::*;
use serde::Serialize;

/// Offset of the region's local time (Moscow time, no daylight saving):
/// dates in the content are local days, feeds need a full timestamp.
const UTC_OFFSET: &str = "+03:00";

/// A measure as a news item or a document registry row refers to it.
#[derive(Serialize)]
pub(super) struct MeasureRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub status: Status,
}

pub(super) fn measure_ref<'a>(ctx: &Ctx, m: &'a Measure) -> MeasureRef<'a> {
    MeasureRef {
        id: &m.id,
        title: &m.title,
        url: ctx.urls.measure(&m.section_id, &m.id),
        status: m.status,
    }
}

#[derive(Serialize)]
pub(super) struct NewsView<'a> {
    #[serde(flatten)]
    news: &'a News,
    url: String,
    date_text: String,
    author_org: Option<OrgRef<'a>>,
    measure_refs: Vec<MeasureRef<'a>>,
}

fn news_view<'a>(ctx: &Ctx<'a>, n: &'a News) -> NewsView<'a> {
    NewsView {
        news: n,
        url: ctx.urls.page(&address::news_item(&n.slug)),
        date_text: ru::long_date(n.date),
        author_org: n
            .author
            .as_deref()
            .and_then(|id| views::org_ref(ctx.roadmap, ctx.urls, id)),
        measure_refs: n
            .measures
            .iter()
            .filter_map(|id| ctx.roadmap.measure(id))
            .map(|m| measure_ref(ctx, m))
            .collect(),
    }
}

/// A news item as a schema.org `NewsArticle`, published by the portal.
fn article_item(ctx: &Ctx, n: &News) -> serde_json::Value {
    let mut item = serde_json::json!({
        "@type": "NewsArticle",
        "headline": n.title,
        "description": n.summary,
        "datePublished": n.date.format("%Y-%m-%d").to_string(),
        "inLanguage": "ru",
        "publisher": {"@type": "Organization", "name": ctx.config.operator.name},
    });
    if let Some(modified) = n.modified {
        item["dateModified"] = serde_json::json!(modified.format("%Y-%m-%d").to_string());
    }
    if let Some(org) = n
        .author
        .as_deref()
        .and_then(|id| ctx.roadmap.organization(id))
    {
        item["author"] = serde_json::json!({
            "@type": "Organization",
            "name": org.name,
            "url": ctx.urls.absolute(&address::executor(&org.id)),
        });
    }
    item
}

/// The `n` newest news items, for the home page.
pub(super) fn latest<'a>(ctx: &Ctx<'a>, n: usize) -> Vec<NewsView<'a>> {
    ctx.roadmap
        .news
        .iter()
        .take(n)
        .map(|item| news_view(ctx, item))
        .collect()
}
/// The news pages and every Atom feed (site-wide, per measure, per executor).
pub(super) struct NewsAndFeeds;

impl<'a> Family<'a> for NewsAndFeeds {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }

    fn files(&self, ctx: &Ctx<'a>, scope: Scope) -> anyhow::Result<Vec<OutputFile>> {
        Ok(files(ctx, scope))
    }
}

fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let news_crumb = Crumb::new("Новости", ctx.urls.page(address::NEWS));
    let views: Vec<NewsView> = ctx.roadmap.news.iter().map(|n| news_view(ctx, n)).collect();
    let list_modified = ctx.roadmap.news.iter().filter_map(|n| n.modified).max();
    let mut pages = vec![Page::new(address::NEWS, "news.html", "Новости")
        .under(std::slice::from_ref(&ctx.home))
        .modified(list_modified)
        .with("news", &views)
        .with("feed_url", &ctx.urls.page(address::NEWS_FEED))];
    let crumbs = [ctx.home.clone(), news_crumb];
    for (n, view) in ctx.roadmap.news.iter().zip(&views) {
        pages.push(
            Page::new(address::news_item(&n.slug), "news_item.html", &n.title)
                .under(&crumbs)
                .about(article_item(ctx, n))
                .modified(n.modified)
                .with("item", view)
                .with("feed_url", &ctx.urls.page(address::NEWS_FEED)),
        );
    }
    pages
}

// ---------------------------------------------------------------------------
// Atom feeds

/// One `<entry>` of a feed.
struct Entry {
    id: String,
    title: String,
    date: NaiveDate,
    url: String,
    author: Option<String>,
    summary: String,
}

/// A feed before it is written out.
struct Feed {
    /// Path of the feed file below the site root.
    path: String,
    /// Path of the HTML page the feed follows.
    page: String,
    title: String,
    subtitle: String,
    /// The feed's date when it has no entries.
    fallback: NaiveDate,
    entries: Vec<Entry>,
}

fn rfc3339(d: NaiveDate) -> String {
    rfc3339_at(d, 0)
}

/// `seconds` after the start of the day `d`, in RFC 3339.
fn rfc3339_at(d: NaiveDate, seconds: u32) -> String {
    let time =
        NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0).unwrap_or_default();
    format!(
        "{}T{}{UTC_OFFSET}",
        d.format("%Y-%m-%d"),
        time.format("%H:%M:%S")
    )
}

/// Each entry's `updated`, for entries listed newest first: its day, plus a
/// second for each entry of the same day listed after it. Feed readers (and
/// the W3C validator) take two entries with one `updated` for one entry
/// edited twice; this keeps the day and the listed order.
fn updated_times(entries: &[Entry]) -> Vec<String> {
    let mut later = vec![0u32; entries.len()];
    for i in (1..entries.len()).rev() {
        if entries[i - 1].date == entries[i].date {
            later[i - 1] = later[i] + 1;
        }
    }
    entries
        .iter()
        .zip(later)
        .map(|(e, s)| rfc3339_at(e.date, s))
        .collect()
}

/// The last day a thing changed, as a feed date: never after the as-of date,
/// so a build judged against an earlier date does not claim a later update.
fn changed_on(ctx: &Ctx, modified: Option<NaiveDate>) -> NaiveDate {
    modified.map_or(ctx.as_of, |d| d.min(ctx.as_of))
}

fn demo_note(summary: String, demo: bool) -> String {
    if demo {
        format!("{summary} Демонстрационные данные.")
    } else {
        summary
    }
}

fn news_entry(ctx: &Ctx, n: &News) -> Entry {
    let url = ctx.urls.absolute(&address::news_item(&n.slug));
    Entry {
        id: url.clone(),
        title: n.title.clone(),
        date: n.date,
        url,
        author: n
            .author
            .as_deref()
            .and_then(|id| ctx.roadmap.organization(id))
            .map(|o| o.name.clone()),
        summary: demo_note(n.summary.clone(), n.demo),
    }
}

fn report_entry(ctx: &Ctx, m: &Measure, r: &Report) -> Entry {
    let url = ctx.urls.absolute(&address::report(&r.slug));
    let author = ctx.roadmap.organization(&r.author).map(|o| o.name.clone());
    let mut summary = format!(
        "Статус по отчёту: {}. Мероприятие {}: {}",
        r.status.label(),
        m.id,
        m.title.trim_end_matches('.')
    );
    summary.push('.');
    if let Some(a) = &author {
        summary.push_str(&format!(" Автор: {a}."));
    }
    Entry {
        id: url.clone(),
        title: format!("Отчёт по мероприятию {}: {}", m.id, r.title),
        date: r.date,
        url,
        author,
        summary: demo_note(summary, r.demo),
    }
}

fn measure_entries(ctx: &Ctx, m: &Measure) -> Vec<Entry> {
    m.reports.iter().map(|r| report_entry(ctx, m, r)).collect()
}

fn main_feed(ctx: &Ctx) -> Feed {
    let mut entries: Vec<Entry> = ctx
        .roadmap
        .news
        .iter()
        .map(|n| news_entry(ctx, n))
        .collect();
    for m in ctx.roadmap.measures() {
        entries.extend(measure_entries(ctx, m));
    }
    Feed {
        path: address::NEWS_FEED.into(),
        page: address::NEWS.into(),
        title: format!("Новости и отчёты — {}", ctx.config.title),
        subtitle: "Новости о внедрении стандарта кадрового обеспечения и отчёты исполнителей о ходе выполнения дорожной карты".into(),
        fallback: changed_on(ctx, ctx.modified),
        entries,
    }
}

fn measure_feed(ctx: &Ctx, m: &Measure) -> Feed {
    Feed {
        path: address::measure_feed(&m.section_id, &m.id),
        page: address::measure(&m.section_id, &m.id),
        title: format!("Мероприятие {}: отчёты — {}", m.id, ctx.config.title),
        subtitle: format!("Отчёты о ходе выполнения мероприятия {}: {}", m.id, m.title),
        fallback: changed_on(ctx, m.modified),
        entries: measure_entries(ctx, m),
    }
}

fn executor_feed(ctx: &Ctx, o: &Organization) -> Feed {
    let measures: Vec<&Measure> = o
        .measures
        .iter()
        .filter_map(|id| ctx.roadmap.measure(id))
        .collect();
    let mut entries: Vec<Entry> = measures
        .iter()
        .flat_map(|m| measure_entries(ctx, m))
        .collect();
    entries.extend(
        ctx.roadmap
            .news
            .iter()
            .filter(|n| n.author.as_deref() == Some(o.id.as_str()))
            .map(|n| news_entry(ctx, n)),
    );
    Feed {
        path: address::executor_feed(&o.id),
        page: address::executor(&o.id),
        title: format!("{}: отчёты и новости — {}", o.short_name, ctx.config.title),
        subtitle: format!(
            "Отчёты по мероприятиям, за которые отвечает {}, и его новости",
            o.name
        ),
        fallback: changed_on(ctx, measures.iter().filter_map(|m| m.modified).max()),
        entries,
    }
}

fn write_feed(ctx: &Ctx, mut feed: Feed) -> OutputFile {
    // Newest first; on the same day, a stable order by id.
    feed.entries
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let updated = updated_times(&feed.entries);
    let self_url = ctx.urls.absolute(&feed.path);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ru\">\n");
    x.push_str(&format!("  <id>{}</id>\n", escape::xml(&self_url)));
    x.push_str(&format!("  <title>{}</title>\n", escape::xml(&feed.title)));
    x.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape::xml(&feed.subtitle)
    ));
    let feed_updated = updated
        .first()
        .map_or_else(|| rfc3339(feed.fallback), Clone::clone);
    x.push_str(&format!("  <updated>{feed_updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape::xml(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape::xml(&ctx.urls.absolute(&feed.page))
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape::xml(&ctx.config.operator.name)
    ));
    x.push_str("  <generator>kadry</generator>\n");
    for (e, updated) in feed.entries.iter().zip(&updated) {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", escape::xml(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", escape::xml(&e.title)));
        x.push_str(&format!("    <updated>{updated}</updated>\n"));
        x.push_str(&format!("    <published>{}</published>\n", rfc3339(e.date)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape::xml(&e.url)
        ));
        if let Some(a) = &e.author {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape::xml(a)
            ));
        }
        x.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape::xml(&e.summary)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: address::file_of(&feed.path),
        bytes: x.into_bytes(),
    }
}

/// The Atom feeds of the site: under a narrower scope, the site-wide feed
/// and those of the measures in scope and of their executors.
fn files(ctx: &Ctx, scope: Scope) -> Vec<OutputFile> {
    let measures: Vec<&Measure> = ctx
        .roadmap
        .measures()
        .filter(|m| scope.includes(&m.id))
        .collect();
    let executors: Vec<&Organization> = ctx
        .roadmap
        .organizations
        .iter()
        .filter(|o| o.measures.iter().any(|id| scope.includes(id)))
        .collect();
    let mut files = vec![write_feed(ctx, main_feed(ctx))];
    files.par_extend(
        measures
            .par_iter()
            .map(|m| write_feed(ctx, measure_feed(ctx, m))),
    );
    files.par_extend(
        executors
            .par_iter()
            .map(|o| write_feed(ctx, executor_feed(ctx, o))),
    );
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_local_midnight_in_rfc3339() {
        let d = NaiveDate::from_ymd_opt(2018, 12, 26).unwrap();
        assert_eq!(rfc3339(d), "2018-12-26T00:00:00+03:00");
        assert!(chrono::DateTime::parse_from_rfc3339(&rfc3339(d)).is_ok());
    }

    #[test]
    fn entries_of_one_day_are_a_second_apart_in_listed_order() {
        let entry = |day: u32| Entry {
            id: String::new(),
            title: String::new(),
            date: NaiveDate::from_ymd_opt(2018, 12, day).unwrap(),
            url: String::new(),
            author: None,
            summary: String::new(),
        };
        let entries = [entry(27), entry(26), entry(26), entry(26), entry(25)];
        assert_eq!(
            updated_times(&entries),
            [
                "2018-12-27T00:00:00+03:00",
                "2018-12-26T00:00:02+03:00",
                "2018-12-26T00:00:01+03:00",
                "2018-12-26T00:00:00+03:00",
                "2018-12-25T00:00:00+03:00",
            ]
        );
    }
}
