//! What the investor page templates (`investors.html`,
//! `investors_embed.html`) see, in one language.
//!
//! Takes the gathered [`Facts`] and a [`Lang`]; gives the view
//! [`InvestorsView`] passed to the templates as `inv`. Every word comes from
//! [`super::strings`]; this file only arranges the facts.

use super::super::views::MeasureView;
use super::super::Ctx;
use super::facts::{Facts, Forecast, OnlineCourses, TopProfessions, TrainingSites};
use super::strings::{self, Lang};
use crate::address;
use crate::load::InvestorsMeta;
use crate::model::datasets::Dataset;
use crate::model::status::Status;
use serde::Serialize;

/// What the `ui::status` macro shows.
#[derive(Serialize)]
struct StatusView {
    slug: &'static str,
    label: &'static str,
    icon: &'static str,
}

fn status_view(lang: Lang, s: Status) -> StatusView {
    StatusView {
        slug: s.slug(),
        label: lang.status(s),
        icon: s.icon(),
    }
}

#[derive(Serialize)]
struct MeasureItem<'a> {
    id: &'a str,
    title: &'a str,
    /// `Some("ru")` on the English page when the title has no translation.
    title_lang: Option<&'static str>,
    url: String,
    status: StatusView,
}

#[derive(Serialize)]
struct Row {
    label: String,
    /// Set when the label is in another language than the page.
    label_lang: Option<&'static str>,
    value: String,
}

#[derive(Serialize)]
struct DatasetRef {
    title: String,
    url: String,
    updated: String,
    updated_text: String,
    demo: bool,
}

#[derive(Serialize)]
struct ForecastView {
    source: DatasetRef,
    period: String,
    total_text: String,
    total_number: String,
    /// "Дополнительная потребность в кадрах на 2019–2025 годы: 60 000 человек"
    summary: String,
    by_year: Vec<Row>,
    by_group: Vec<Row>,
    by_group_caption: String,
    by_year_caption: String,
}

#[derive(Serialize)]
struct Profession<'a> {
    name: &'a str,
    sector: &'a str,
}

#[derive(Serialize)]
struct Level<'a> {
    slug: &'a str,
    label: String,
    count_text: String,
    professions: Vec<Profession<'a>>,
}

#[derive(Serialize)]
struct TopView<'a> {
    source: DatasetRef,
    summary: String,
    levels: Vec<Level<'a>>,
}

#[derive(Serialize)]
struct SitesView {
    source: DatasetRef,
    summary: String,
    by_kind: Vec<Row>,
    municipalities: Vec<Row>,
    infrastructure_url: String,
}

#[derive(Serialize)]
struct CourseView<'a> {
    name: &'a str,
    provider: &'a str,
    hours_text: String,
    audience: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct CoursesView<'a> {
    source: DatasetRef,
    summary: String,
    courses: Vec<CourseView<'a>>,
}

#[derive(Serialize)]
struct ContactView<'a> {
    name: &'a str,
    email: &'a str,
    phone: &'a str,
    address: &'a str,
    organization: Option<&'a str>,
    organization_url: Option<String>,
    demo: bool,
    coordinator: Option<MeasureItem<'a>>,
}

#[derive(Serialize)]
struct Step<'a> {
    title: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
pub(super) struct InvestorsView<'a> {
    title: &'a str,
    lead: &'a str,
    body_html: &'a str,
    demo: bool,
    /// Any fact on the page is demonstration data.
    any_demo: bool,
    steps: Vec<Step<'a>>,
    procedure: Vec<MeasureItem<'a>>,
    forecast: Option<ForecastView>,
    top: Option<TopView<'a>>,
    sites: Option<SitesView>,
    courses: Option<CoursesView<'a>>,
    contact: ContactView<'a>,
    /// Short facts for the top of the page and the embed.
    facts: Vec<Fact>,
    /// Every fact is demonstration data: one label for all of them.
    facts_demo: bool,
    /// The other language's version of the page.
    other: Alternate,
    json_url: String,
    opendata_url: String,
    embed_url: String,
    /// The HTML code to copy (the template escapes it again for the page).
    embed_code: String,
    page_url: String,
}

#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    name: &'static str,
    url: String,
}

/// A key fact, one sentence, for the top of the page and the embed.
#[derive(Serialize)]
struct Fact {
    text: String,
    demo: bool,
}

fn measure_item<'a>(lang: Lang, en: &'a InvestorsMeta, m: &'a MeasureView<'a>) -> MeasureItem<'a> {
    let translated = match lang {
        Lang::Ru => None,
        Lang::En => en.measure_titles.get(&m.measure.id),
    };
    MeasureItem {
        id: &m.measure.id,
        title: translated.unwrap_or(&m.measure.title),
        title_lang: (lang == Lang::En && translated.is_none()).then_some("ru"),
        url: m.url.clone(),
        status: status_view(lang, m.measure.status),
    }
}

fn dataset_ref(ctx: &Ctx, lang: Lang, ds: &Dataset) -> DatasetRef {
    DatasetRef {
        title: match lang {
            Lang::Ru => ds.title.clone(),
            Lang::En => ds.title_en.clone(),
        },
        url: ctx.urls.page(&ctx.dataset_address(&ds.name)),
        updated: ds.updated.to_string(),
        updated_text: lang.date(ds.updated),
        demo: ds.demo,
    }
}

/// A label in Russian shown on a page in `lang`.
fn ru_label(lang: Lang) -> Option<&'static str> {
    (lang == Lang::En).then_some("ru")
}

fn forecast_view(ctx: &Ctx, lang: Lang, f: &Forecast, years: (i64, i64)) -> ForecastView {
    let period = strings::period(lang, years);
    let total_text = lang.people(f.total);
    ForecastView {
        source: dataset_ref(ctx, lang, f.ds),
        summary: strings::demand(lang, &period, &total_text),
        by_year: f
            .years
            .iter()
            .map(|(y, n)| Row {
                label: y.to_string(),
                label_lang: None,
                value: lang.number(*n),
            })
            .collect(),
        by_group: f
            .groups
            .iter()
            .map(|(g, by_year)| Row {
                label: g.to_string(),
                label_lang: ru_label(lang),
                value: lang.number(by_year.values().sum()),
            })
            .collect(),
        by_year_caption: strings::by_year_caption(lang),
        by_group_caption: strings::by_group_caption(lang, &period),
        period,
        total_text,
        total_number: lang.number(f.total),
    }
}

fn top_view<'a>(ctx: &Ctx, lang: Lang, t: &'a TopProfessions<'a>) -> TopView<'a> {
    TopView {
        source: dataset_ref(ctx, lang, t.ds),
        summary: strings::top_summary(lang, t.count, t.year),
        levels: t
            .levels
            .iter()
            .map(|(slug, list)| Level {
                slug,
                label: lang.enum_label(t.demand, slug).to_string(),
                count_text: lang.professions(list.len()),
                professions: list
                    .iter()
                    .map(|(name, sector)| Profession { name, sector })
                    .collect(),
            })
            .collect(),
    }
}

fn sites_summary(lang: Lang, s: &TrainingSites) -> String {
    strings::sites_summary(lang, s.ds.rows.len(), s.municipalities.len(), s.workplaces)
}

fn sites_view(ctx: &Ctx, lang: Lang, s: &TrainingSites) -> SitesView {
    SitesView {
        source: dataset_ref(ctx, lang, s.ds),
        summary: sites_summary(lang, s),
        by_kind: s
            .kinds
            .iter()
            .map(|(k, n)| Row {
                label: lang.enum_label(s.kind, k).to_string(),
                label_lang: None,
                value: lang.number(*n as u64),
            })
            .collect(),
        municipalities: s
            .municipalities
            .iter()
            .map(|(m, n)| Row {
                label: m.to_string(),
                label_lang: ru_label(lang),
                value: lang.number(*n as u64),
            })
            .collect(),
        infrastructure_url: ctx.urls.page(address::INFRASTRUCTURE),
    }
}

fn courses_view<'a>(ctx: &Ctx, lang: Lang, c: &'a OnlineCourses<'a>) -> CoursesView<'a> {
    CoursesView {
        source: dataset_ref(ctx, lang, c.ds),
        summary: strings::courses_summary(lang, c.courses.len()),
        courses: c
            .courses
            .iter()
            .map(|x| CourseView {
                name: x.name,
                provider: x.provider,
                hours_text: x.hours.map(|h| lang.hours(h)).unwrap_or_default(),
                audience: x.audience,
                url: x.url,
            })
            .collect(),
    }
}

fn facts_list(lang: Lang, f: &Facts) -> Vec<Fact> {
    let mut out = Vec::new();
    if let (Some(fc), Some(years)) = (&f.forecast, f.years()) {
        let period = strings::period(lang, years);
        out.push(Fact {
            text: strings::demand(lang, &period, &lang.people(fc.total)),
            demo: fc.ds.demo,
        });
    }
    if let Some(s) = &f.sites {
        out.push(Fact {
            text: sites_summary(lang, s),
            demo: s.ds.demo,
        });
    }
    if let Some(t) = &f.top {
        let high = t
            .levels
            .first()
            .map(|(slug, list)| (lang.enum_label(t.demand, slug), list.len()));
        out.push(Fact {
            text: strings::top_fact(lang, t.count, high),
            demo: t.ds.demo,
        });
    }
    if let Some(c) = &f.courses {
        out.push(Fact {
            text: strings::courses_fact(lang, c.courses.len()),
            demo: c.ds.demo,
        });
    }
    out
}

/// Where the page in `lang` is served.
fn page_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => address::INVESTORS,
        Lang::En => address::INVESTORS_EN,
    }
}

/// The page in `lang`.
pub(super) fn view<'a>(ctx: &Ctx, lang: Lang, f: &'a Facts<'a>) -> InvestorsView<'a> {
    let text = lang.text(f.texts);
    let en = &f.texts.en.meta;
    let contact = &text.meta.contact;
    let facts = facts_list(lang, f);
    InvestorsView {
        title: &text.meta.title,
        lead: &text.meta.lead,
        body_html: &text.body_html,
        demo: text.meta.demo,
        any_demo: f.any_demo(),
        steps: text
            .meta
            .steps
            .iter()
            .map(|s| Step {
                title: &s.title,
                text: &s.text,
            })
            .collect(),
        procedure: f
            .procedure
            .iter()
            .map(|m| measure_item(lang, en, m))
            .collect(),
        forecast: f
            .forecast
            .as_ref()
            .zip(f.years())
            .map(|(fc, years)| forecast_view(ctx, lang, fc, years)),
        top: f.top.as_ref().map(|t| top_view(ctx, lang, t)),
        sites: f.sites.as_ref().map(|s| sites_view(ctx, lang, s)),
        courses: f.courses.as_ref().map(|c| courses_view(ctx, lang, c)),
        contact: ContactView {
            name: &contact.name,
            email: &contact.email,
            phone: &contact.phone,
            address: &contact.address,
            organization: f.organization.map(|o| o.name.as_str()),
            organization_url: f.organization.map(|o| ctx.urls.executor(&o.id)),
            demo: text.meta.demo,
            coordinator: f.coordinator.map(|m| measure_item(lang, en, m)),
        },
        facts_demo: !facts.is_empty() && facts.iter().all(|x| x.demo),
        facts,
        other: Alternate {
            lang: lang.other().code(),
            name: lang.other().name(),
            url: ctx.urls.page(page_path(lang.other())),
        },
        json_url: ctx.urls.page(address::INVESTORS_JSON),
        opendata_url: ctx.urls.page(address::OPENDATA),
        embed_url: ctx.urls.page(address::INVESTORS_EMBED),
        embed_code: embed_code(
            &ctx.urls.absolute(address::INVESTORS_EMBED),
            &text.meta.title,
        ),
        page_url: ctx.urls.page(page_path(lang)),
    }
}

/// The `<iframe>` a reader pastes into another site, its values escaped for
/// that site's HTML: a title (or address) with quotes or markup stays text.
fn embed_code(src: &str, title: &str) -> String {
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"720\" loading=\"lazy\"></iframe>",
        attr(src),
        attr(title)
    )
}
