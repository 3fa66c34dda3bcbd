//! Open data per the Russian open-data methodology v3.0: `/opendata/` with the
//! registry `list.csv`, and per dataset a passport `meta.csv`, versioned data
//! and structure files, JSON beside the CSV and an HTML passport page.
//!
//! Published datasets: two generated from the model (`roadmap`, the measures
//! with their derived status; `reports`, the reports index) and every table
//! under `content/data/`. Every date in the files comes from the content and
//! the as-of date, never from the clock, so the same input gives the same
//! bytes.
//!
//! Identifiers are `<owner's INN>-<code>` in the methodology; the owners'
//! INNs are not in the content, so the prefix is `kadry` (`kadry-roadmap`).

use super::views::size_text;
use super::{ru, Crumb, Ctx, OutputFile, Page};
use crate::model::datasets::Dataset;
use crate::model::Measure;
use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::Serialize;
use std::borrow::Cow;
use std::path::PathBuf;

/// The methodology's version, as its passports name it.
const STANDARD: &str = "http://opendata.gosmonitor.ru/standard/3.0";
/// Stands for the owner's INN in identifiers (see the module docs).
const PREFIX: &str = "kadry";
/// Rows shown on a dataset's HTML page; the files hold all of them.
const PREVIEW_ROWS: usize = 10;

/// A column as the structure file describes it.
#[derive(Serialize, Clone)]
struct Field {
    name: String,
    title: String,
    /// The title without its parenthesised explanation, for table headers.
    short: String,
    title_en: String,
    format: &'static str,
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

/// One published version of a dataset's data.
struct Version<'a> {
    date: NaiveDate,
    rows: Cow<'a, [Vec<String>]>,
}

/// A dataset as it is published: passport, structure and versions.
struct Export<'a> {
    /// `roadmap`, `reports` or the file stem under `content/data/`.
    name: String,
    title: String,
    description: String,
    /// Owner organisation's full name (the passport's `creator`).
    creator: String,
    /// Its id in the registry, for a link to its page.
    owner_id: Option<String>,
    keywords: Vec<String>,
    update_period: String,
    measures: Vec<String>,
    demo: bool,
    /// Built from the roadmap and reports rather than read from a table.
    generated: bool,
    /// First publication; also the date of the structure (columns never change).
    created: NaiveDate,
    fields: Vec<Field>,
    /// Newest first: the first is the current version.
    versions: Vec<Version<'a>>,
    provenance: String,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

impl Export<'_> {
    fn identifier(&self) -> String {
        format!("{PREFIX}-{}", self.name)
    }

    /// The folder below the site root: `opendata/kadry-roadmap/`.
    fn dir(&self) -> String {
        format!("opendata/{}/", self.identifier())
    }

    fn current(&self) -> &Version<'_> {
        &self.versions[0]
    }

    fn modified(&self) -> NaiveDate {
        self.current().date
    }

    /// `data-20201015-structure-20180701`, without extension.
    fn data_name(&self, v: &Version) -> String {
        format!("data-{}-structure-{}", ymd(v.date), ymd(self.created))
    }

    /// `structure-20180701`, without extension.
    fn structure_name(&self) -> String {
        format!("structure-{}", ymd(self.created))
    }

    fn header(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_str()).collect()
    }
}

/// Every dataset the portal publishes, in registry order: the two generated
/// from the model, then the tables under `content/data/`.
fn exports<'a>(ctx: &Ctx<'a>) -> Vec<Export<'a>> {
    let mut all = vec![roadmap_export(ctx), reports_export(ctx)];
    all.extend(ctx.roadmap.datasets.iter().map(|d| dataset_export(ctx, d)));
    all
}

fn absolute(ctx: &Ctx, path: &str) -> String {
    format!("{}{}", ctx.config.base_url, path)
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
                    .map(|r| absolute(ctx, &format!("reports/{}/", r.slug)))
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
        name: "roadmap".into(),
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
        fields: vec![
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
                "Ответственные исполнители (идентификаторы через «;»)",
                "Responsible organisations (ids separated by ';')",
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
        ],
        versions: vec![Version {
            date: modified,
            rows: Cow::Owned(rows),
        }],
        provenance,
    }
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
                absolute(ctx, &format!("reports/{}/", r.slug)),
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
        name: "reports".into(),
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
                "Автор (идентификатор организации)",
                "Author (organisation id)",
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
        versions: vec![Version {
            date: modified,
            rows: Cow::Owned(rows),
        }],
        provenance,
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
    let mut versions = vec![Version {
        date: d.updated,
        rows: Cow::Borrowed(&d.rows[..]),
    }];
    // Oldest first in the model; a version dated like the current one (or
    // later) would overwrite its files, so only earlier ones are published.
    versions.extend(
        d.previous
            .iter()
            .rev()
            .filter(|v| v.date < d.updated)
            .map(|v| Version {
                date: v.date,
                rows: Cow::Borrowed(&v.rows[..]),
            }),
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

fn csv_bytes<R, F>(header: &[&str], rows: R) -> Result<Vec<u8>>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| anyhow!("CSV: {}", e.error()))
}

/// One data row as a JSON object, keys in column order.
struct JsonRow<'a> {
    fields: &'a [Field],
    cells: &'a [String],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (f, c) in self.fields.iter().zip(self.cells) {
            map.serialize_entry(&f.name, c)?;
        }
        map.end()
    }
}

fn json_bytes(fields: &[Field], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let rows: Vec<JsonRow> = rows.iter().map(|cells| JsonRow { fields, cells }).collect();
    let mut bytes = serde_json::to_vec_pretty(&rows)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A property of the passport (`meta.csv`), with what the HTML page shows.
#[derive(Serialize)]
struct MetaItem {
    property: String,
    /// Russian name of the property, after the methodology.
    label: String,
    value: String,
    /// For dates: the ISO date and "15 октября 2020 г."; for data
    /// versions, the version's date.
    date: Option<String>,
    date_text: Option<String>,
    /// For file rows: the file on this site, and the JSON beside a data CSV.
    href: Option<String>,
    json_href: Option<String>,
}

impl MetaItem {
    fn new(property: &str, label: &str, value: impl Into<String>) -> MetaItem {
        MetaItem {
            property: property.into(),
            label: label.into(),
            value: value.into(),
            date: None,
            date_text: None,
            href: None,
            json_href: None,
        }
    }

    fn date(property: &str, label: &str, d: NaiveDate) -> MetaItem {
        MetaItem {
            date: Some(d.to_string()),
            date_text: Some(ru::long_date(d)),
            ..MetaItem::new(property, label, ymd(d))
        }
    }
}

/// The passport's rows, in the methodology's order.
fn meta(ctx: &Ctx, e: &Export) -> Vec<MetaItem> {
    let dir = e.dir();
    let op = &ctx.config.operator;
    let mut items = vec![
        MetaItem::new(
            "standardversion",
            "Версия методических рекомендаций",
            STANDARD,
        ),
        MetaItem::new("identifier", "Идентификационный номер", e.identifier()),
        MetaItem::new("title", "Наименование набора данных", &e.title),
        MetaItem::new("description", "Описание набора данных", &e.description),
        MetaItem::new("creator", "Владелец набора данных", &e.creator),
        MetaItem::date("created", "Дата первой публикации набора данных", e.created),
        MetaItem::date(
            "modified",
            "Дата последнего внесения изменений",
            e.modified(),
        ),
        MetaItem::new(
            "subject",
            "Ключевые слова, соответствующие содержанию набора данных",
            e.keywords.join(","),
        ),
        MetaItem::new("format", "Формат данных", "csv"),
    ];
    for (i, v) in e.versions.iter().enumerate() {
        let name = e.data_name(v);
        let label = if i == 0 {
            "Гиперссылка (URL) на текущую версию набора".to_string()
        } else {
            format!(
                "Гиперссылка (URL) на предыдущую версию набора от {}",
                ru::long_date(v.date)
            )
        };
        items.push(MetaItem {
            date: Some(v.date.to_string()),
            date_text: Some(ru::long_date(v.date)),
            href: Some(ctx.urls.page(&format!("{dir}{name}.csv"))),
            json_href: Some(ctx.urls.page(&format!("{dir}{name}.json"))),
            ..MetaItem::new(&name, &label, absolute(ctx, &format!("{dir}{name}.csv")))
        });
    }
    let structure = e.structure_name();
    items.push(MetaItem {
        href: Some(ctx.urls.page(&format!("{dir}{structure}.csv"))),
        ..MetaItem::new(
            &structure,
            "Описание структуры набора данных",
            absolute(ctx, &format!("{dir}{structure}.csv")),
        )
    });
    items.extend([
        MetaItem::new("publishername", "Ответственное лицо", &op.name),
        MetaItem::new("publisherphone", "Телефон ответственного лица", &op.phone),
        MetaItem::new(
            "publishermbox",
            "Адрес электронной почты ответственного лица",
            &op.email,
        ),
        MetaItem::date("valid", "Дата актуальности набора данных", e.modified()),
        MetaItem::new(
            "provenance",
            "Содержание последнего изменения",
            &e.provenance,
        ),
    ]);
    items
}

pub(super) fn files(ctx: &Ctx) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut list = Vec::new();
    let exports = exports(ctx);
    let mut seen = std::collections::BTreeSet::new();
    for e in &exports {
        if !seen.insert(e.identifier()) {
            return Err(anyhow!(
                "имя набора данных «{}» занято набором, который портал строит сам; \
                 переименуйте content/data/{}.csv и .toml",
                e.name,
                e.name
            ));
        }
    }
    for e in exports {
        let dir = e.dir();
        let file = |name: String, bytes: Vec<u8>| OutputFile {
            path: PathBuf::from(format!("{dir}{name}")),
            bytes,
        };
        let header = e.header();
        for v in &e.versions {
            let name = e.data_name(v);
            files.push(file(
                format!("{name}.csv"),
                csv_bytes(&header, v.rows.iter())?,
            ));
            files.push(file(
                format!("{name}.json"),
                json_bytes(&e.fields, &v.rows)?,
            ));
        }
        let structure = e.fields.iter().map(|f| {
            [
                f.name.as_str(),
                f.title_en.as_str(),
                f.title.as_str(),
                f.format,
            ]
        });
        files.push(file(
            format!("{}.csv", e.structure_name()),
            csv_bytes(
                &[
                    "field name",
                    "english description",
                    "russian description",
                    "format",
                ],
                structure,
            )?,
        ));
        let meta_rows = meta(ctx, &e);
        files.push(file(
            "meta.csv".into(),
            csv_bytes(
                &["property", "value"],
                meta_rows.iter().map(|m| [&m.property, &m.value]),
            )?,
        ));
        list.push([
            e.identifier(),
            e.title.clone(),
            absolute(ctx, &format!("{dir}meta.csv")),
            "csv".to_string(),
        ]);
    }
    files.push(OutputFile {
        path: PathBuf::from("opendata/list.csv"),
        bytes: csv_bytes(&["property", "title", "value", "format"], list)?,
    });
    Ok(files)
}

/// A linked measure with its status, for a dataset's page.
#[derive(Serialize)]
struct MeasureLink<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    status: crate::model::status::Status,
}

#[derive(Serialize)]
struct VersionView {
    date: String,
    date_text: String,
    csv_url: String,
    csv_name: String,
    csv_size: String,
    json_url: String,
    json_name: String,
    json_size: String,
}

/// What the templates see of a dataset.
#[derive(Serialize)]
struct DatasetView<'a> {
    identifier: String,
    name: String,
    title: String,
    description: String,
    creator: String,
    owner_url: Option<String>,
    owner_short: Option<String>,
    update_period: String,
    demo: bool,
    generated: bool,
    url: String,
    meta_url: String,
    structure_url: String,
    structure_name: String,
    modified: String,
    modified_text: String,
    /// Newest first; the first is current.
    versions: Vec<VersionView>,
    meta: Vec<MetaItem>,
    fields: Vec<Field>,
    rows_text: String,
    /// "и ещё 1 прежняя версия"; empty without earlier versions.
    earlier_text: String,
    /// The first rows, each cell with its column's title.
    preview: Vec<Vec<Cell>>,
    /// Per column: its values are long (see [`Cell::wide`]).
    preview_wide: Vec<bool>,
    /// Some value in the preview was shortened.
    preview_shortened: bool,
    preview_text: String,
    measures: Vec<MeasureLink<'a>>,
}

#[derive(Serialize)]
struct Cell {
    /// The column's title (the label of a stacked cell on phones).
    label: String,
    value: String,
    /// A column with long values, given room on wide screens.
    wide: bool,
    /// A number, aligned right.
    num: bool,
}

/// Values longer than this are shortened in the preview (the files hold them whole).
const PREVIEW_CHARS: usize = 200;

/// The first rows of a version as preview cells, and whether any was shortened.
fn preview(fields: &[Field], rows: &[Vec<String>]) -> (Vec<Vec<Cell>>, Vec<bool>, bool) {
    let wide: Vec<bool> = (0..fields.len())
        .map(|i| {
            rows.iter()
                .any(|r| r.get(i).is_some_and(|c| c.chars().count() > 40))
        })
        .collect();
    let mut shortened = false;
    let cells = rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(fields)
                .zip(&wide)
                .map(|((c, f), wide)| {
                    let value = if c.chars().count() > PREVIEW_CHARS {
                        shortened = true;
                        let cut: String = c.chars().take(PREVIEW_CHARS - 20).collect();
                        format!("{}…", cut.trim_end())
                    } else {
                        c.clone()
                    };
                    Cell {
                        label: f.short.clone(),
                        value,
                        wide: *wide,
                        num: matches!(f.format, "integer" | "decimal"),
                    }
                })
                .collect()
        })
        .collect();
    (cells, wide, shortened)
}

fn rows_text(n: usize) -> String {
    format!("{n} {}", ru::plural(n as u64, "строка", "строки", "строк"))
}

fn dataset_view<'a>(ctx: &Ctx<'a>, e: &Export) -> Result<DatasetView<'a>> {
    let dir = e.dir();
    let page = |name: &str| ctx.urls.page(&format!("{dir}{name}"));
    let header = e.header();
    let versions = e
        .versions
        .iter()
        .map(|v| {
            let name = e.data_name(v);
            let csv_len = csv_bytes(&header, v.rows.iter())?.len();
            let json_len = json_bytes(&e.fields, &v.rows)?.len();
            Ok(VersionView {
                date: v.date.to_string(),
                date_text: ru::long_date(v.date),
                csv_url: page(&format!("{name}.csv")),
                csv_name: format!("{name}.csv"),
                csv_size: size_text(csv_len as u64),
                json_url: page(&format!("{name}.json")),
                json_name: format!("{name}.json"),
                json_size: size_text(json_len as u64),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let owner = e
        .owner_id
        .as_deref()
        .and_then(|id| ctx.roadmap.organization(id));
    let rows = &e.current().rows;
    let shown = rows.len().min(PREVIEW_ROWS);
    let (preview, preview_wide, preview_shortened) = preview(&e.fields, &rows[..shown]);
    let measures = e
        .measures
        .iter()
        .filter_map(|id| ctx.views.measures().find(|m| &m.measure.id == id))
        .map(|m| MeasureLink {
            id: &m.measure.id,
            title: &m.measure.title,
            url: &m.url,
            status: m.measure.status,
        })
        .collect();
    Ok(DatasetView {
        identifier: e.identifier(),
        name: e.name.clone(),
        title: e.title.clone(),
        description: e.description.clone(),
        creator: e.creator.clone(),
        owner_url: owner.map(|o| ctx.urls.executor(&o.id)),
        owner_short: owner.map(|o| o.short_name.clone()),
        update_period: e.update_period.clone(),
        demo: e.demo,
        generated: e.generated,
        url: ctx.urls.page(&dir),
        meta_url: page("meta.csv"),
        structure_url: page(&format!("{}.csv", e.structure_name())),
        structure_name: format!("{}.csv", e.structure_name()),
        modified: e.modified().to_string(),
        modified_text: ru::long_date(e.modified()),
        versions,
        meta: meta(ctx, e),
        fields: e.fields.clone(),
        rows_text: rows_text(rows.len()),
        earlier_text: match e.versions.len() - 1 {
            0 => String::new(),
            n => format!(
                "и ещё {n} {}",
                ru::plural(
                    n as u64,
                    "прежняя версия",
                    "прежние версии",
                    "прежних версий"
                )
            ),
        },
        preview,
        preview_wide,
        preview_shortened,
        preview_text: if shown < rows.len() {
            format!("первые {} из {}", rows_text(shown), rows.len())
        } else {
            format!("все {}", rows_text(rows.len()))
        },
        measures,
    })
}

pub(super) fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let exports = exports(ctx);
    // Sizes of the files are computed by encoding them; that cannot fail for
    // well-formed rows, and `files` reports the error if it ever does.
    let views: Vec<DatasetView> = exports
        .iter()
        .filter_map(|e| dataset_view(ctx, e).ok())
        .collect();
    let n = views.len();
    let count_text = format!(
        "{n} {} данных",
        ru::plural(n as u64, "набор", "набора", "наборов")
    );
    let opendata = Crumb::new("Открытые данные", ctx.urls.page("opendata/"));
    let mut pages = vec![Page::new("opendata/", "opendata.html", "Открытые данные")
        .under(std::slice::from_ref(&ctx.home))
        .with("datasets", &views)
        .with("count_text", &count_text)
        .with("list_url", &ctx.urls.page("opendata/list.csv"))
        .with("prefix", &PREFIX)];
    let crumbs = [ctx.home.clone(), opendata];
    for v in &views {
        pages.push(
            Page::new(v.url_path(), "opendata_dataset.html", &v.title)
                .under(&crumbs)
                .with("dataset", v)
                .with("roadmap_url", &ctx.urls.page("roadmap/"))
                .with("opendata_url", &ctx.urls.page("opendata/")),
        );
    }
    pages
}

impl DatasetView<'_> {
    fn url_path(&self) -> String {
        format!("opendata/{}/", self.identifier)
    }
}
