//! The open-data pages: the registry at `/opendata/` and a passport page per
//! dataset, with its versions, columns and a preview of its first rows.
//!
//! Takes the build's context and [`OpenData`]; gives the pages to render.

use super::export::{Export, Field, OpenData};
use super::passport::{meta, MetaItem};
use crate::address;
use crate::model::opendata::PREFIX;
use crate::render::views::size_text;
use crate::render::{ru, Crumb, Ctx, Page};
use anyhow::Result;
use serde::Serialize;

/// Rows shown on a dataset's HTML page; the files hold all of them.
const PREVIEW_ROWS: usize = 10;

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
    let versions = e
        .versions
        .iter()
        .map(|v| {
            let name = e.data_name(v);
            let (csv_len, json_len) = (v.csv.len(), v.json.len());
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
        identifier: e.identifier.clone(),
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

/// The registry page and every dataset's page.
pub(in crate::render) fn pages(ctx: &Ctx, data: &OpenData) -> Vec<Page<'static>> {
    // Sizes of the files are computed by encoding them; that cannot fail for
    // well-formed rows, and `files` reports the error if it ever does.
    let views: Vec<DatasetView> = data
        .exports()
        .iter()
        .filter_map(|e| dataset_view(ctx, e).ok())
        .collect();
    let n = views.len();
    let count_text = format!(
        "{n} {} данных",
        ru::plural(n as u64, "набор", "набора", "наборов")
    );
    let opendata = Crumb::new("Открытые данные", ctx.urls.page(address::OPENDATA));
    let mut pages = vec![
        Page::new(address::OPENDATA, "opendata.html", "Открытые данные")
            .under(std::slice::from_ref(&ctx.home))
            .with("datasets", &views)
            .with("count_text", &count_text)
            .with("list_url", &ctx.urls.page(address::OPENDATA_LIST))
            .with("prefix", &PREFIX)
            .with("inn", &ctx.config.operator.inn()),
    ];
    let crumbs = [ctx.home.clone(), opendata];
    for v in &views {
        pages.push(
            Page::new(v.url_path(), "opendata_dataset.html", &v.title)
                .under(&crumbs)
                .about(v.dataset_item(ctx))
                .with("dataset", v)
                .with("roadmap_url", &ctx.urls.page(address::ROADMAP))
                .with("opendata_url", &ctx.urls.page(address::OPENDATA)),
        );
    }
    pages
}

impl DatasetView<'_> {
    fn url_path(&self) -> String {
        address::opendata_set(&self.identifier)
    }

    /// The set as a schema.org `Dataset`, what dataset search engines
    /// read: its current version's CSV and JSON as its distributions.
    fn dataset_item(&self, ctx: &Ctx) -> serde_json::Value {
        let file = |name: &str| ctx.urls.absolute(&format!("{}{name}", self.url_path()));
        let distribution: Vec<serde_json::Value> = self
            .versions
            .first()
            .map(|v| {
                vec![
                    serde_json::json!({"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": file(&v.csv_name)}),
                    serde_json::json!({"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": file(&v.json_name)}),
                ]
            })
            .unwrap_or_default();
        serde_json::json!({
            "@type": "Dataset",
            "name": self.title,
            "description": self.description,
            "identifier": self.identifier,
            "url": ctx.urls.absolute(&self.url_path()),
            "creator": {"@type": "Organization", "name": self.creator},
            "dateModified": self.modified,
            "inLanguage": "ru",
            "isAccessibleForFree": true,
            "distribution": distribution,
        })
    }
}
