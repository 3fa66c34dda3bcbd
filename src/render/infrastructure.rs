//! `/infrastructure/`: the results of measures 14.1–14.5 — training sites,
//! modernisation and its funding, network programmes, online courses — each
//! dataset as a table that works without JavaScript, with charts drawn at
//! build time and the status of the measures it reports on.

use super::charts::{self, Chart};
use super::views::MeasureView;
use super::{ru, Crumb, Ctx, Family, Page};
use crate::address;
use crate::model::datasets::{ColumnType, Dataset};
use serde::Serialize;

/// The measures of section 14 this part of the portal reports on.
const SECTION: &str = "14";

#[derive(Serialize)]
struct Cell {
    text: String,
    /// Value for sorting: numbers as numbers, text as is.
    sort: String,
    url: Option<String>,
    numeric: bool,
}

#[derive(Serialize)]
struct Table {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Serialize)]
struct DatasetView<'a> {
    name: &'a str,
    title: &'a str,
    description: &'a str,
    demo: bool,
    url: String,
    opendata_url: String,
    updated_text: String,
    rows_text: String,
    measures: Vec<&'a MeasureView<'a>>,
    table: Table,
    charts: Vec<Chart>,
}

/// "12 500", "1 250 000,5" — digits grouped by thin spaces, decimal comma.
pub(super) fn format_number(cell: &str) -> String {
    let Ok(v) = cell.parse::<f64>() else {
        return cell.to_string();
    };
    let rounded = (v * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    // Russian typography groups digits only from five-digit numbers on.
    let group = digits.len() > 4;
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "−" } else { "" };
    let frac = ((rounded.abs() - whole as f64) * 100.0).round() as u64;
    if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{:02}", frac)
            .trim_end_matches('0')
            .to_string()
    }
}

fn millions_number(v: f64) -> String {
    format_number(&format!("{:.1}", v / 1e6))
}

fn millions(v: f64) -> String {
    format!("{} млн ₽", millions_number(v))
}

fn table(ctx: &Ctx, ds: &Dataset) -> Table {
    let headers = ds
        .columns
        .iter()
        .map(|c| match &c.unit {
            Some(u) => format!("{}, {u}", c.title),
            None => c.title.clone(),
        })
        .collect();
    let rows = ds
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&ds.columns)
                .map(|(cell, col)| {
                    let numeric = matches!(col.kind, ColumnType::Integer | ColumnType::Decimal);
                    let (text, url) = match col.kind {
                        ColumnType::Enum => (col.label(cell).to_string(), None),
                        ColumnType::Integer | ColumnType::Decimal => (format_number(cell), None),
                        ColumnType::Measure => (
                            cell.clone(),
                            ctx.roadmap
                                .measure(cell)
                                .map(|m| ctx.urls.measure(&m.section_id, &m.id)),
                        ),
                        ColumnType::Organization => (
                            ctx.roadmap
                                .organization(cell)
                                .map_or(cell.clone(), |o| o.short_name.clone()),
                            Some(ctx.urls.executor(cell)),
                        ),
                        ColumnType::Url => (cell.clone(), Some(cell.clone())),
                        _ => (cell.clone(), None),
                    };
                    Cell {
                        text,
                        sort: cell.clone(),
                        url,
                        numeric,
                    }
                })
                .collect()
        })
        .collect();
    Table {
        caption: ds.title.clone(),
        headers,
        rows,
    }
}

fn dataset_charts(ds: &Dataset) -> Vec<Chart> {
    let mut out = Vec::new();
    if let Some((series, bars)) = charts::funding_by_year(ds) {
        let total: f64 = bars.iter().map(|b| b.value).sum();
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let title = "Плановое финансирование по годам и источникам".to_string();
        let peak = bars.iter().max_by(|a, b| a.value.total_cmp(&b.value));
        let summary = format!(
            "Всего запланировано {}{}.",
            millions(total),
            peak.map(|p| format!("; больше всего — в {} году: {}", p.label, millions(p.value)))
                .unwrap_or_default()
        );
        let svg = charts::svg(
            &format!("{}-funding", ds.name),
            &title,
            &series,
            &bars,
            max,
            millions,
        );
        out.push(Chart {
            id: format!("{}-funding", ds.name),
            title,
            summary,
            series,
            unit: "млн ₽".into(),
            svg,
            rows: Chart::rows(&bars, millions_number),
        });
    }
    if let Some(bars) = charts::equipment_by_kind(ds) {
        let title = "Средняя оснащённость оборудованием по видам площадок, %".to_string();
        let low = bars.iter().min_by(|a, b| a.value.total_cmp(&b.value));
        let summary = format!(
            "Оснащённость сравнивается с инфраструктурным листом; ниже всего — у вида «{}»: {} %.",
            low.map_or("", |b| b.label.as_str()),
            low.map_or(0.0, |b| b.value)
        );
        let svg = charts::svg(
            &format!("{}-equipment", ds.name),
            &title,
            &[],
            &bars,
            100.0,
            |v| format!("{v} %"),
        );
        out.push(Chart {
            id: format!("{}-equipment", ds.name),
            title,
            summary,
            series: Vec::new(),
            unit: "%".into(),
            svg,
            rows: Chart::rows(&bars, |v| v.to_string()),
        });
    }
    out
}

fn reports_on_section(ds: &Dataset) -> bool {
    ds.measures
        .iter()
        .any(|m| m.split('.').next() == Some(SECTION))
}

fn view<'a>(ctx: &'a Ctx, ds: &'a Dataset) -> DatasetView<'a> {
    let n = ds.rows.len() as u64;
    DatasetView {
        name: &ds.name,
        title: &ds.title,
        description: &ds.description,
        demo: ds.demo,
        url: ctx.urls.page(&address::infrastructure(&ds.name)),
        opendata_url: ctx.urls.page(&ctx.dataset_address(&ds.name)),
        updated_text: ru::long_date(ds.updated),
        rows_text: format!("{n} {}", ru::plural(n, "запись", "записи", "записей")),
        measures: ctx
            .views
            .measures()
            .filter(|m| ds.measures.contains(&m.measure.id))
            .collect(),
        table: table(ctx, ds),
        charts: dataset_charts(ds),
    }
}
/// The infrastructure page and one page per dataset it shows.
pub(super) struct Infrastructure;

impl<'a> Family<'a> for Infrastructure {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }
}

fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let datasets: Vec<DatasetView> = ctx
        .roadmap
        .datasets
        .iter()
        .filter(|d| reports_on_section(d))
        .map(|d| view(ctx, d))
        .collect();
    let measures: Vec<&MeasureView> = ctx
        .views
        .measures()
        .filter(|m| m.measure.section_id == SECTION)
        .collect();
    let charts: Vec<&Chart> = datasets.iter().flat_map(|d| d.charts.iter()).collect();
    let crumb = Crumb::new("Инфраструктура", ctx.urls.page(address::INFRASTRUCTURE));
    let mut pages = vec![Page::new(
        address::INFRASTRUCTURE,
        "infrastructure.html",
        "Инфраструктура подготовки кадров",
    )
    .under(std::slice::from_ref(&ctx.home))
    .with("measures", &measures)
    .with("datasets", &datasets)
    .with("charts", &charts)];
    for d in &datasets {
        pages.push(
            Page::new(
                address::infrastructure(d.name),
                "infrastructure_dataset.html",
                d.title,
            )
            .under(&[ctx.home.clone(), crumb.clone()])
            .with("dataset", d),
        );
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn russian_number_format() {
        assert_eq!(format_number("1250000"), "1\u{202f}250\u{202f}000");
        assert_eq!(format_number("1250000.50"), "1\u{202f}250\u{202f}000,5");
        assert_eq!(format_number("12.25"), "12,25");
        assert_eq!(format_number("999"), "999");
        assert_eq!(format_number("2019"), "2019");
        assert_eq!(format_number("12500"), "12\u{202f}500");
        assert_eq!(format_number("текст"), "текст");
    }
}
