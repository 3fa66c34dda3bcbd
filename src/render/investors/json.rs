//! `/investors/workforce.json`: the investor page's facts as one JSON
//! document, both languages side by side, for investment portals to reuse.
//!
//! Takes the gathered [`Facts`]; gives the document's bytes. Addresses are
//! absolute (the document is read off the site); labels come from the
//! datasets and [`super::strings`].

use super::super::views::MeasureView;
use super::super::Ctx;
use super::facts::{Facts, OnlineCourses, TopProfessions, TrainingSites};
use super::strings::status_en;
use crate::address;
use crate::model::datasets::Dataset;
use serde::Serialize;

#[derive(Serialize)]
struct Text<'a> {
    ru: &'a str,
    en: &'a str,
}

/// A text whose English translation may be missing (`null`).
#[derive(Serialize)]
struct MaybeEn<'a> {
    ru: &'a str,
    en: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonStatus {
    slug: &'static str,
    label: Text<'static>,
}

#[derive(Serialize)]
struct JsonMeasure<'a> {
    id: &'a str,
    title: MaybeEn<'a>,
    status: JsonStatus,
    deadline: String,
    deadline_text: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonDataset<'a> {
    name: &'a str,
    title: Text<'a>,
    updated: String,
    demo: bool,
    /// The dataset's open-data page.
    url: String,
}

#[derive(Serialize)]
struct JsonCount<'a> {
    value: &'a str,
    label: Text<'a>,
    count: usize,
}

#[derive(Serialize)]
struct JsonYear {
    year: i64,
    people: u64,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    total: u64,
    by_year: Vec<JsonYear>,
}

#[derive(Serialize)]
struct JsonForecast<'a> {
    dataset: JsonDataset<'a>,
    unit: &'static str,
    from: i64,
    to: i64,
    total: u64,
    by_year: Vec<JsonYear>,
    by_group: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonProfession<'a> {
    profession: &'a str,
    sector: &'a str,
}

#[derive(Serialize)]
struct JsonLevel<'a> {
    demand: &'a str,
    label: Text<'a>,
    count: usize,
    professions: Vec<JsonProfession<'a>>,
}

#[derive(Serialize)]
struct JsonTop<'a> {
    dataset: JsonDataset<'a>,
    year: Option<i64>,
    count: usize,
    by_demand: Vec<JsonLevel<'a>>,
}

#[derive(Serialize)]
struct JsonMunicipality<'a> {
    municipality: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonSites<'a> {
    dataset: JsonDataset<'a>,
    count: usize,
    workplaces: Option<u64>,
    by_kind: Vec<JsonCount<'a>>,
    municipalities: Vec<JsonMunicipality<'a>>,
    /// The infrastructure section with every site.
    details_url: String,
}

#[derive(Serialize)]
struct JsonCourse<'a> {
    course: &'a str,
    provider: &'a str,
    hours: Option<u64>,
    audience: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonCourses<'a> {
    dataset: JsonDataset<'a>,
    count: usize,
    courses: Vec<JsonCourse<'a>>,
}

#[derive(Serialize)]
struct JsonOrg<'a> {
    id: &'a str,
    name: &'a str,
    short_name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonContact<'a> {
    name: Text<'a>,
    organization: Option<JsonOrg<'a>>,
    email: &'a str,
    phone: &'a str,
    address: Text<'a>,
    demo: bool,
    coordinator_measure: Option<JsonMeasure<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    title: MaybeEn<'a>,
    text: MaybeEn<'a>,
}

#[derive(Serialize)]
struct JsonProcedure<'a> {
    steps: Vec<JsonStep<'a>>,
    measures: Vec<JsonMeasure<'a>>,
}

#[derive(Serialize)]
struct JsonDemo {
    texts: bool,
    contact: bool,
    forecast: Option<bool>,
    top_professions: Option<bool>,
    training_sites: Option<bool>,
    online_courses: Option<bool>,
}

#[derive(Serialize)]
struct JsonUrls {
    page: String,
    page_en: String,
    embed: String,
    json: String,
    opendata: String,
}

#[derive(Serialize)]
struct Workforce<'a> {
    title: Text<'a>,
    lead: Text<'a>,
    as_of: String,
    url: JsonUrls,
    demo: JsonDemo,
    procedure: JsonProcedure<'a>,
    forecast: Option<JsonForecast<'a>>,
    top_professions: Option<JsonTop<'a>>,
    training_sites: Option<JsonSites<'a>>,
    online_courses: Option<JsonCourses<'a>>,
    contact: JsonContact<'a>,
}

fn json_measure<'a>(ctx: &Ctx, f: &'a Facts, m: &'a MeasureView<'a>) -> JsonMeasure<'a> {
    let s = m.measure.status;
    JsonMeasure {
        id: &m.measure.id,
        title: MaybeEn {
            ru: &m.measure.title,
            en: f
                .texts
                .en
                .meta
                .measure_titles
                .get(&m.measure.id)
                .map(String::as_str),
        },
        status: JsonStatus {
            slug: s.slug(),
            label: Text {
                ru: s.label(),
                en: status_en(s),
            },
        },
        deadline: m.measure.deadline.to_string(),
        deadline_text: &m.measure.deadline_text,
        url: ctx
            .urls
            .absolute(&address::measure(&m.measure.section_id, &m.measure.id)),
    }
}

fn json_dataset<'a>(ctx: &Ctx, ds: &'a Dataset) -> JsonDataset<'a> {
    JsonDataset {
        name: &ds.name,
        title: Text {
            ru: &ds.title,
            en: &ds.title_en,
        },
        updated: ds.updated.to_string(),
        demo: ds.demo,
        url: ctx.urls.absolute(&ctx.dataset_address(&ds.name)),
    }
}

fn years<'a>(by_year: impl IntoIterator<Item = (&'a i64, &'a u64)>) -> Vec<JsonYear> {
    by_year
        .into_iter()
        .map(|(y, n)| JsonYear {
            year: *y,
            people: *n,
        })
        .collect()
}

fn procedure<'a>(ctx: &Ctx, f: &'a Facts<'a>) -> JsonProcedure<'a> {
    let (ru, en) = (&f.texts.ru.meta, &f.texts.en.meta);
    JsonProcedure {
        steps: ru
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| JsonStep {
                title: MaybeEn {
                    ru: &s.title,
                    en: en.steps.get(i).map(|e| e.title.as_str()),
                },
                text: MaybeEn {
                    ru: &s.text,
                    en: en.steps.get(i).map(|e| e.text.as_str()),
                },
            })
            .collect(),
        measures: f
            .procedure
            .iter()
            .map(|m| json_measure(ctx, f, m))
            .collect(),
    }
}

fn forecast<'a>(ctx: &Ctx, f: &'a Facts<'a>) -> Option<JsonForecast<'a>> {
    let (fc, (from, to)) = f.forecast.as_ref().zip(f.years())?;
    Some(JsonForecast {
        dataset: json_dataset(ctx, fc.ds),
        unit: "people",
        from,
        to,
        total: fc.total,
        by_year: years(fc.years.iter().map(|(y, n)| (y, n))),
        by_group: fc
            .groups
            .iter()
            .map(|(g, by_year)| JsonGroup {
                group: g,
                total: by_year.values().sum(),
                by_year: years(by_year),
            })
            .collect(),
    })
}

fn top<'a>(ctx: &Ctx, t: &'a TopProfessions<'a>) -> JsonTop<'a> {
    JsonTop {
        dataset: json_dataset(ctx, t.ds),
        year: t.year,
        count: t.count,
        by_demand: t
            .levels
            .iter()
            .map(|(level, list)| JsonLevel {
                demand: level,
                label: Text {
                    ru: t.demand.label(level),
                    en: t.demand.label_en(level),
                },
                count: list.len(),
                professions: list
                    .iter()
                    .map(|(profession, sector)| JsonProfession { profession, sector })
                    .collect(),
            })
            .collect(),
    }
}

fn sites<'a>(ctx: &Ctx, s: &'a TrainingSites<'a>) -> JsonSites<'a> {
    JsonSites {
        dataset: json_dataset(ctx, s.ds),
        count: s.ds.rows.len(),
        workplaces: s.workplaces,
        by_kind: s
            .kinds
            .iter()
            .map(|(k, n)| JsonCount {
                value: k,
                label: Text {
                    ru: s.kind.label(k),
                    en: s.kind.label_en(k),
                },
                count: *n,
            })
            .collect(),
        municipalities: s
            .municipalities
            .iter()
            .map(|(m, n)| JsonMunicipality {
                municipality: m,
                count: *n,
            })
            .collect(),
        details_url: ctx.urls.absolute(address::INFRASTRUCTURE),
    }
}

fn courses<'a>(ctx: &Ctx, c: &'a OnlineCourses<'a>) -> JsonCourses<'a> {
    JsonCourses {
        dataset: json_dataset(ctx, c.ds),
        count: c.courses.len(),
        courses: c
            .courses
            .iter()
            .map(|x| JsonCourse {
                course: x.name,
                provider: x.provider,
                hours: x.hours,
                audience: x.audience,
                url: x.url,
            })
            .collect(),
    }
}

fn contact<'a>(ctx: &Ctx, f: &'a Facts<'a>) -> JsonContact<'a> {
    let (ru, en) = (&f.texts.ru.meta, &f.texts.en.meta);
    JsonContact {
        name: Text {
            ru: &ru.contact.name,
            en: &en.contact.name,
        },
        organization: f.organization.map(|o| JsonOrg {
            id: &o.id,
            name: &o.name,
            short_name: &o.short_name,
            url: ctx.urls.absolute(&address::executor(&o.id)),
        }),
        email: &ru.contact.email,
        phone: &ru.contact.phone,
        address: Text {
            ru: &ru.contact.address,
            en: &en.contact.address,
        },
        demo: ru.demo,
        coordinator_measure: f.coordinator.map(|m| json_measure(ctx, f, m)),
    }
}

fn workforce<'a>(ctx: &Ctx, f: &'a Facts<'a>) -> Workforce<'a> {
    let (ru, en) = (&f.texts.ru.meta, &f.texts.en.meta);
    Workforce {
        title: Text {
            ru: &ru.title,
            en: &en.title,
        },
        lead: Text {
            ru: &ru.lead,
            en: &en.lead,
        },
        as_of: ctx.as_of.to_string(),
        url: JsonUrls {
            page: ctx.urls.absolute(address::INVESTORS),
            page_en: ctx.urls.absolute(address::INVESTORS_EN),
            embed: ctx.urls.absolute(address::INVESTORS_EMBED),
            json: ctx.urls.absolute(address::INVESTORS_JSON),
            opendata: ctx.urls.absolute(address::OPENDATA),
        },
        demo: JsonDemo {
            texts: ru.demo,
            contact: ru.demo,
            forecast: f.forecast.as_ref().map(|x| x.ds.demo),
            top_professions: f.top.as_ref().map(|x| x.ds.demo),
            training_sites: f.sites.as_ref().map(|x| x.ds.demo),
            online_courses: f.courses.as_ref().map(|x| x.ds.demo),
        },
        procedure: procedure(ctx, f),
        forecast: forecast(ctx, f),
        top_professions: f.top.as_ref().map(|t| top(ctx, t)),
        training_sites: f.sites.as_ref().map(|s| sites(ctx, s)),
        online_courses: f.courses.as_ref().map(|c| courses(ctx, c)),
        contact: contact(ctx, f),
    }
}

/// The document, pretty-printed, with a final newline.
pub(super) fn document(ctx: &Ctx, f: &Facts) -> serde_json::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(&workforce(ctx, f))?;
    bytes.push(b'\n');
    Ok(bytes)
}
