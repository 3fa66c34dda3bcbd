//! What the portal publishes as open data: every dataset's passport facts,
//! structure and versions of rows, computed once per build.
//!
//! Takes the build's context (the model, the configuration, the as-of date);
//! gives an [`OpenData`]: the three sets generated from the model
//! (`roadmap`, the measures with their derived status; `reports`, the
//! reports index; `organizations`, what their organisation ids stand for),
//! then every table under `content/data/`, in registry order. Every date
//! comes from the content and the as-of date, never from the clock.

use crate::address;
use crate::model::datasets::Dataset;
use crate::model::opendata::{ORGANIZATIONS, REPORTS, ROADMAP};
use crate::model::Measure;
use crate::render::{ru, Ctx};
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;

/// A column as the structure file describes it.
#[derive(Serialize, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) title: String,
    /// The title without its parenthesised explanation, for table headers.
    pub(super) short: String,
    pub(super) title_en: String,
    pub(super) format: &'static str,
}

impl Field {
    fn new(name: &str, title: &str, title_en: &str, format: &'static str) -> Field {
        Field {
            name: name.into(),
            title: title.into(),
            short: title.split(" (").next().unwrap_or(title).into(),
            title_en: title_en.into(),
            format,
        }
    }
}

/// One published version of a dataset's data, with its files' bytes once
/// they are encoded (see [`super::build`]): pages show their sizes, the
/// files are written from them.
pub(super) struct Version<'a> {
    pub(super) date: NaiveDate,
    pub(super) rows: Cow<'a, [Vec<String>]>,
    pub(super) csv: Vec<u8>,
    pub(super) json: Vec<u8>,
}

impl<'a> Version<'a> {
    fn new(date: NaiveDate, rows: Cow<'a, [Vec<String>]>) -> Version<'a> {
        Version {
            date,
            rows,
            csv: Vec::new(),
            json: Vec::new(),
        }
    }
}

/// A dataset as it is published: passport, structure and versions.
pub(super) struct Export<'a> {
    /// `roadmap`, `reports` or the file stem under `content/data/`.
    pub(super) name: String,
    /// `<ИНН>-kadry-<name>`: in the registry, and the set's folder.
    pub(super) identifier: String,
    pub(super) title: String,
    pub(super) description: String,
    /// Owner organisation's full name (the passport's `creator`).
    pub(super) creator: String,
    /// Its id in the registry, for a link to its page.
    pub(super) owner_id: Option<String>,
    pub(super) keywords: Vec<String>,
    pub(super) update_period: String,
    pub(super) measures: Vec<String>,
    pub(super) demo: bool,
    /// Built from the roadmap and reports rather than read from a table.
    pub(super) generated: bool,
    /// First publication; also the date of the structure (columns never change).
    pub(super) created: NaiveDate,
    pub(super) fields: Vec<Field>,
    /// Newest first: the first is the current version.
    pub(super) versions: Vec<Version<'a>>,
    pub(super) provenance: String,
}

pub(super) fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

impl Export<'_> {
    /// The folder below the site root: `opendata/0000000000-kadry-roadmap/`.
    pub(super) fn dir(&self) -> String {
        address::opendata_set(&self.identifier)
    }

    pub(super) fn current(&self) -> &Version<'_> {
        &self.versions[0]
    }

    pub(super) fn modified(&self) -> NaiveDate {
        self.current().date
    }

    /// `data-20201015-structure-20180701`, without extension.
    pub(super) fn data_name(&self, v: &Version) -> String {
        format!("data-{}-structure-{}", ymd(v.date), ymd(self.created))
    }

    /// `structure-20180701`, without extension.
    pub(super) fn structure_name(&self) -> String {
        format!("structure-{}", ymd(self.created))
    }
}

/// Every dataset the portal publishes, built once per build and then read
/// by both its files and its pages.
pub(in crate::render) struct OpenData<'a> {
    /// In registry order: the three generated from the model, then the tables
    /// under `content/data/`.
    exports: Vec<Export<'a>>,
}

impl<'a> OpenData<'a> {
    pub(in crate::render) fn new(ctx: &Ctx<'a>) -> OpenData<'a> {
        let mut exports = vec![
            roadmap_export(ctx),
            reports_export(ctx),
            organizations_export(ctx),
        ];
        exports.extend(ctx.roadmap.datasets.iter().map(|d| dataset_export(ctx, d)));
        OpenData { exports }
    }

    pub(super) fn exports(&self) -> &[Export<'a>] {
        &self.exports
    }

    pub(super) fn exports_mut(&mut self) -> &mut [Export<'a>] {
        &mut self.exports
    }
}

/// The first day of the roadmap's earliest deadline: when its statuses start.
fn roadmap_start(ctx: &Ctx) -> NaiveDate {
    ctx.roadmap
        .measures()
        .map(|m| m.deadline.starts())
        .min()
        .unwrap_or(ctx.as_of)
}

/// The last day on or before the as-of date on which a measure's derived
/// status changed: its latest report's date or, without a report, the day
/// after its deadline when that day has come.
fn status_changed(m: &Measure, as_of: NaiveDate) -> Option<NaiveDate> {
    match m.reports.first() {
        Some(r) => Some(r.date),
        None => m.deadline.due().succ_opt().filter(|d| *d <= as_of),
    }
}

fn roadmap_export<'a>(ctx: &Ctx<'a>) -> Export<'a> {
    let created = roadmap_start(ctx);
    let modified = ctx
        .roadmap
        .measures()
        .filter_map(|m| status_changed(m, ctx.as_of))
        .max()
        .map_or(created, |d| d.max(created));
    let rows = ctx
        .roadmap
        .measures()
        .map(|m| {
            let report = m.reports.first();
            vec![
                m.id.clone(),
                m.section_id.clone(),
                m.title.clone(),
                m.key_result.clone(),
                m.deadline.to_string(),
                m.deadline_text.clone(),
                m.ongoing.to_string(),
                m.phase.clone().unwrap_or_default(),
                m.responsible.join(";"),
                m.status.slug().to_string(),
                m.status.label().to_string(),
                report.map(|r| r.date.to_string()).unwrap_or_default(),
                report
                    .map(|r| ctx.urls.absolute(&address::report(&r.slug)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let demo = ctx
        .roadmap
        .measures()
        .any(|m| m.reports.first().is_some_and(|r| r.demo));
    let mut provenance = format!(
        "Набор сформирован порталом из утверждённой дорожной карты и отчётов исполнителей. \
         Статус мероприятия взят из последнего отчёта, а без отчёта определён по сроку \
         («запланировано» до срока, «срок истёк, отчёт не опубликован» после него). \
         Версия от {}: дата последнего изменения статусов.",
        ru::long_date(modified)
    );
    if demo {
        provenance.push_str(
            " Часть статусов основана на демонстрационных отчётах: они не являются \
             официальной информацией региона (см. столбец demo в наборе отчётов).",
        );
    }
    Export {
        name: ROADMAP.into(),
        identifier: ctx.dataset_identifier(ROADMAP),
        title: "Мероприятия дорожной карты и их статус".into(),
        description: format!(
            "Все мероприятия документа «{}»: раздел, наименование, ключевой результат, срок, \
             ответственные исполнители и статус выполнения с датой и ссылкой на отчёт, \
             который его установил.",
            ctx.roadmap.title
        ),
        creator: ctx.config.operator.name.clone(),
        owner_id: operator_org(ctx),
        keywords: vec![
            "дорожная карта".into(),
            "кадровое обеспечение".into(),
            "региональный стандарт".into(),
            "статус выполнения".into(),
        ],
        update_period: "при изменении статуса мероприятия".into(),
        measures: Vec::new(),
        demo,
        generated: true,
        created,
        fields: roadmap_fields(),
        versions: vec![Version::new(modified, Cow::Owned(rows))],
        provenance,
    }
}

/// The columns of the roadmap set.
fn roadmap_fields() -> Vec<Field> {
    vec![
        Field::new("id", "Номер мероприятия", "Measure number", "string"),
        Field::new("section", "Номер раздела", "Section number", "string"),
        Field::new("title", "Наименование мероприятия", "Measure title", "string"),
        Field::new("key_result", "Ключевой результат", "Key result", "string"),
        Field::new(
            "deadline",
            "Срок (по ISO 8601: месяц, год или интервал)",
            "Deadline (ISO 8601: month, year or interval)",
            "string",
        ),
        Field::new(
            "deadline_text",
            "Срок по тексту дорожной карты",
            "Deadline as worded in the roadmap",
            "string",
        ),
        Field::new(
            "ongoing",
            "Постоянное мероприятие (true или false)",
            "Ongoing measure (true or false)",
            "string",
        ),
        Field::new("phase", "Этап", "Phase", "string"),
        Field::new(
            "responsible",
            "Ответственные исполнители (идентификаторы через «;», см. набор kadry-organizations)",
            "Responsible organisations (ids separated by ';', see the kadry-organizations set)",
            "string",
        ),
        Field::new(
            "status",
            "Код статуса (done, in_progress, delayed, not_started, cancelled, planned, overdue)",
            "Status code (done, in_progress, delayed, not_started, cancelled, planned, overdue)",
            "string",
        ),
        Field::new("status_label", "Статус (словами)", "Status (in Russian)", "string"),
        Field::new(
            "status_date",
            "Дата статуса (дата отчёта, установившего статус; пусто, если статус определён по сроку)",
            "Status date (date of the report that set the status; empty when derived from the deadline)",
            "date",
        ),
        Field::new(
            "report_url",
            "Отчёт (адрес отчёта, установившего статус; пусто, если статус определён по сроку)",
            "Report (URL of the report that set the status; empty when derived from the deadline)",
            "string",
        ),
    ]
}

fn reports_export<'a>(ctx: &Ctx<'a>) -> Export<'a> {
    let mut reports: Vec<_> = ctx.roadmap.reports().collect();
    reports.sort_by(|a, b| (a.date, &a.slug).cmp(&(b.date, &b.slug)));
    let created = reports
        .first()
        .map_or_else(|| roadmap_start(ctx), |r| r.date);
    let modified = reports.last().map_or(created, |r| r.date);
    let demo = reports.iter().any(|r| r.demo);
    let rows = reports
        .iter()
        .map(|r| {
            vec![
                r.measure.clone(),
                r.date.to_string(),
                r.status.slug().to_string(),
                r.title.clone(),
                r.author.clone(),
                r.demo.to_string(),
                ctx.urls.absolute(&address::report(&r.slug)),
            ]
        })
        .collect();
    let mut provenance = format!(
        "Перечень отчётов о ходе выполнения мероприятий, опубликованных исполнителями на портале. \
         Версия от {}: дата последнего опубликованного отчёта.",
        ru::long_date(modified)
    );
    if demo {
        provenance.push_str(
            " Отчёты со значением true в столбце demo — демонстрационные данные: \
             регион их не публиковал, они показывают, как портал ведёт ход работ.",
        );
    }
    Export {
        name: REPORTS.into(),
        identifier: ctx.dataset_identifier(REPORTS),
        title: "Отчёты о ходе выполнения дорожной карты".into(),
        description: "Реестр отчётов исполнителей: мероприятие, дата, статус по отчёту, \
                      заголовок, автор, признак демонстрационных данных и адрес отчёта на портале."
            .into(),
        creator: ctx.config.operator.name.clone(),
        owner_id: operator_org(ctx),
        keywords: vec![
            "дорожная карта".into(),
            "отчёты".into(),
            "кадровое обеспечение".into(),
        ],
        update_period: "при публикации отчёта".into(),
        measures: Vec::new(),
        demo,
        generated: true,
        created,
        fields: vec![
            Field::new("measure", "Номер мероприятия", "Measure number", "string"),
            Field::new("date", "Дата отчёта", "Report date", "date"),
            Field::new(
                "status",
                "Статус по отчёту (код: done, in_progress, delayed, not_started, cancelled)",
                "Status reported (code: done, in_progress, delayed, not_started, cancelled)",
                "string",
            ),
            Field::new("title", "Заголовок отчёта", "Report title", "string"),
            Field::new(
                "author",
                "Автор (идентификатор организации, см. набор kadry-organizations)",
                "Author (organisation id, see the kadry-organizations set)",
                "string",
            ),
            Field::new(
                "demo",
                "Демонстрационные данные (true или false)",
                "Demonstration data (true or false)",
                "string",
            ),
            Field::new(
                "url",
                "Адрес отчёта на портале",
                "URL of the report on the portal",
                "string",
            ),
        ],
        versions: vec![Version::new(modified, Cow::Owned(rows))],
        provenance,
    }
}

/// The organisations' registry: each id the roadmap and reports sets use,
/// with its names, kind and the measures it answers for. Dated by the
/// last change of the portal's content, which the registry is part of.
fn organizations_export<'a>(ctx: &Ctx<'a>) -> Export<'a> {
    let created = roadmap_start(ctx);
    let modified = ctx.modified.unwrap_or(created).max(created);
    let rows = ctx
        .roadmap
        .organizations
        .iter()
        .map(|o| {
            vec![
                o.id.clone(),
                o.name.clone(),
                o.short_name.clone(),
                o.kind.clone(),
                o.kind_label.clone(),
                o.measures.join(";"),
                ctx.urls.absolute(&address::executor(&o.id)),
            ]
        })
        .collect();
    Export {
        name: ORGANIZATIONS.into(),
        identifier: ctx.dataset_identifier(ORGANIZATIONS),
        title: "Исполнители дорожной карты".into(),
        description: "Органы власти, организации и рабочие группы, ответственные за мероприятия \
                      дорожной карты: идентификатор (его используют наборы мероприятий и отчётов), \
                      полное и краткое наименование, вид, номера мероприятий и адрес страницы на портале."
            .into(),
        creator: ctx.config.operator.name.clone(),
        owner_id: operator_org(ctx),
        keywords: vec![
            "дорожная карта".into(),
            "исполнители".into(),
            "кадровое обеспечение".into(),
        ],
        update_period: "при изменении дорожной карты".into(),
        measures: Vec::new(),
        demo: false,
        generated: true,
        created,
        fields: vec![
            Field::new("id", "Идентификатор организации", "Organisation id", "string"),
            Field::new("name", "Полное наименование", "Full name", "string"),
            Field::new("short_name", "Краткое наименование", "Short name", "string"),
            Field::new("kind", "Вид (код)", "Kind (code)", "string"),
            Field::new("kind_label", "Вид", "Kind", "string"),
            Field::new(
                "measures",
                "Номера мероприятий, за которые отвечает (через «;»)",
                "Numbers of the measures it answers for (separated by «;»)",
                "string",
            ),
            Field::new("url", "Адрес страницы на портале", "URL of the page on the portal", "string"),
        ],
        versions: vec![Version::new(modified, Cow::Owned(rows))],
        provenance: format!(
            "Реестр исполнителей портала (content/organizations.toml) и ответственные по утверждённой \
             дорожной карте. Версия от {}: дата последнего изменения содержимого портала.",
            ru::long_date(modified)
        ),
    }
}

/// The registry's record of the portal's operator, when it has one.
fn operator_org(ctx: &Ctx) -> Option<String> {
    ctx.roadmap
        .organizations
        .iter()
        .find(|o| o.name == ctx.config.operator.name)
        .map(|o| o.id.clone())
}

fn dataset_export<'a>(ctx: &Ctx<'a>, d: &'a Dataset) -> Export<'a> {
    let creator = ctx
        .roadmap
        .organization(&d.owner)
        .map_or_else(|| d.owner.clone(), |o| o.name.clone());
    let mut versions = vec![Version::new(d.updated, Cow::Borrowed(&d.rows[..]))];
    // Oldest first in the model; a version dated like the current one (or
    // later) would overwrite its files, so only earlier ones are published.
    versions.extend(
        d.previous
            .iter()
            .rev()
            .filter(|v| v.date < d.updated)
            .map(|v| Version::new(v.date, Cow::Borrowed(&v.rows[..]))),
    );
    versions.dedup_by_key(|v| v.date);
    let mut provenance = format!(
        "Данные представлены: {creator}. Текущая версия от {}",
        ru::long_date(d.updated)
    );
    if versions.len() > 1 {
        provenance.push_str("; предыдущие версии опубликованы и доступны по ссылкам паспорта.");
    } else {
        provenance.push('.');
    }
    if d.demo {
        provenance.push_str(
            " Демонстрационные данные: регион эти сведения не публиковал; значения показывают, \
             как портал публикует такие данные, и не являются официальной информацией.",
        );
    }
    Export {
        name: d.name.clone(),
        identifier: ctx.dataset_identifier(&d.name),
        title: d.title.clone(),
        description: d.description.clone(),
        creator,
        owner_id: Some(d.owner.clone()),
        keywords: d.keywords.clone(),
        update_period: d.update_period.clone(),
        measures: d.measures.clone(),
        demo: d.demo,
        generated: false,
        created: d.created.min(d.updated),
        fields: d
            .columns
            .iter()
            .map(|c| Field::new(&c.name, &c.title, &c.title_en, c.kind.format()))
            .collect(),
        versions,
        provenance,
    }
}
