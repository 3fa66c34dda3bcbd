//! Charts drawn at build time as inline SVG. The numbers are computed first
//! (and tested); the SVG only draws them, and every chart comes with a text
//! summary and its data table as the alternative. Series differ by fill
//! pattern as well as colour, so the chart reads without colour.

use super::escape;
use crate::model::datasets::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

/// One bar: a label and its value, possibly split into stacked segments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Stacked parts in series order; empty for a simple bar.
    pub segments: Vec<f64>,
}

/// A chart ready for a template: the SVG plus its alternatives.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub series: Vec<String>,
    pub unit: String,
    pub svg: String,
    /// The data table alternative, values formatted for reading.
    pub rows: Vec<ChartRow>,
}

#[derive(Debug, Serialize)]
pub struct ChartRow {
    pub label: String,
    pub segments: Vec<String>,
    pub total: String,
}

impl Chart {
    pub fn rows(bars: &[Bar], format: impl Fn(f64) -> String) -> Vec<ChartRow> {
        bars.iter()
            .map(|b| ChartRow {
                label: b.label.clone(),
                segments: b.segments.iter().map(|v| format(*v)).collect(),
                total: format(b.value),
            })
            .collect()
    }
}

fn number(cell: &str) -> f64 {
    cell.parse().unwrap_or(0.0)
}

/// Planned funding per year, stacked by source (in the column's enum order).
pub fn funding_by_year(ds: &Dataset) -> Option<(Vec<String>, Vec<Bar>)> {
    let (year, amount, source) = (
        ds.column("year")?,
        ds.column("planned_rub")?,
        ds.column("source")?,
    );
    let source_col = &ds.columns[source];
    let mut by_year: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for row in &ds.rows {
        let parts = by_year
            .entry(row[year].as_str())
            .or_insert_with(|| vec![0.0; source_col.values.len()]);
        if let Some(i) = source_col.values.iter().position(|v| *v == row[source]) {
            parts[i] += number(&row[amount]);
        }
    }
    let bars = by_year
        .into_iter()
        .map(|(y, segments)| Bar {
            label: y.to_string(),
            value: segments.iter().sum(),
            segments,
        })
        .collect();
    Some((source_col.labels.clone(), bars))
}

/// Average equipment adequacy (percent) per site kind, in enum order.
pub fn equipment_by_kind(ds: &Dataset) -> Option<Vec<Bar>> {
    let (kind, pct) = (ds.column("kind")?, ds.column("equipment_pct")?);
    let kind_col = &ds.columns[kind];
    let bars = kind_col
        .values
        .iter()
        .filter_map(|k| {
            let values: Vec<f64> = ds
                .rows
                .iter()
                .filter(|r| r[kind] == *k)
                .map(|r| number(&r[pct]))
                .collect();
            (!values.is_empty()).then(|| Bar {
                label: kind_col.label(k).to_string(),
                value: (values.iter().sum::<f64>() / values.len() as f64).round(),
                segments: Vec::new(),
            })
        })
        .collect();
    Some(bars)
}

/// Fill patterns of the series; ids are prefixed per chart so that several
/// charts on one page keep unique ids.
const PATTERNS: [&str; 4] = [
    "<rect width=8 height=8 fill=#0b3d6e />",
    "<rect width=8 height=8 fill=#7fb2e5 /><path d='M0 8L8 0' stroke=#0b3d6e stroke-width=2 />",
    "<rect width=8 height=8 fill=#fff /><circle cx=4 cy=4 r=2 fill=#1b1b1b />",
    "<rect width=8 height=8 fill=#d9d9d9 /><path d='M0 0L8 8M8 0L0 8' stroke=#4a4a4a stroke-width=1.5 />",
];

fn patterns(id: &str) -> String {
    let defs: String = PATTERNS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("<pattern id='{id}-p{i}' width=8 height=8 patternUnits=userSpaceOnUse>{p}</pattern>"))
        .collect();
    format!("<defs>{defs}</defs>")
}

fn fill(id: &str, series: usize) -> String {
    format!("url(#{id}-p{})", series % PATTERNS.len())
}

/// Horizontal bars, each under its label, value after the bar; stacked
/// segments use the series patterns and get a legend. Narrow enough to stay
/// legible when scaled down to a phone's width.
pub fn svg(
    id: &str,
    title: &str,
    series: &[String],
    bars: &[Bar],
    max: f64,
    value_text: impl Fn(f64) -> String,
) -> String {
    let (bar_w, row_h) = (280.0, 52.0);
    let width = bar_w + 110.0;
    let legend_h = 26.0 * series.len() as f64;
    let height = row_h * bars.len() as f64 + legend_h + 8.0;
    let mut out = format!(
        "<svg class=chart viewBox='0 0 {width} {height}' role=img aria-labelledby='{id}-t' xmlns='http://www.w3.org/2000/svg'><title id='{id}-t'>{}</title>{}",
        escape::html_attr(title),
        patterns(id)
    );
    let scale = if max > 0.0 { bar_w / max } else { 0.0 };
    for (i, bar) in bars.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        out.push_str(&format!(
            "<text x=0 y='{}' font-size=15 fill=#1b1b1b>{}</text>",
            y + 14.0,
            escape::html_attr(&bar.label)
        ));
        let bar_y = y + 20.0;
        let parts: Vec<f64> = if bar.segments.is_empty() {
            vec![bar.value]
        } else {
            bar.segments.clone()
        };
        let mut x = 0.0;
        for (s, v) in parts.iter().enumerate() {
            let w = v * scale;
            if w > 0.0 {
                out.push_str(&format!(
                    "<rect x='{x:.1}' y='{bar_y}' width='{w:.1}' height=22 fill='{}' stroke=#1b1b1b stroke-width=1 />",
                    fill(id, s)
                ));
            }
            x += w;
        }
        out.push_str(&format!(
            "<text x='{:.1}' y='{}' font-size=15 fill=#1b1b1b>{}</text>",
            bar.value * scale + 6.0,
            bar_y + 16.0,
            escape::html_attr(&value_text(bar.value))
        ));
    }
    let legend_y = row_h * bars.len() as f64 + 4.0;
    for (s, name) in series.iter().enumerate() {
        let y = legend_y + 26.0 * s as f64;
        out.push_str(&format!(
            "<rect x=0 y='{y}' width=18 height=18 fill='{}' stroke=#1b1b1b stroke-width=1 /><text x=26 y='{}' font-size=15 fill=#1b1b1b>{}</text>",
            fill(id, s),
            y + 14.0,
            escape::html_attr(name)
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::datasets::{Column, ColumnType};

    fn col(name: &str, kind: ColumnType, values: &[&str], labels: &[&str]) -> Column {
        Column {
            name: name.into(),
            title: name.into(),
            title_en: name.into(),
            kind,
            values: values.iter().map(|s| s.to_string()).collect(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            labels_en: labels.iter().map(|s| s.to_string()).collect(),
            optional: false,
            unit: None,
        }
    }

    fn dataset(columns: Vec<Column>, rows: &[&[&str]]) -> Dataset {
        Dataset {
            name: "t".into(),
            title: String::new(),
            title_en: String::new(),
            description: String::new(),
            description_en: String::new(),
            owner: String::new(),
            keywords: vec![],
            update_period: String::new(),
            measures: vec![],
            demo: true,
            created: chrono::NaiveDate::MIN,
            updated: chrono::NaiveDate::MIN,
            columns,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            previous: vec![],
            source: String::new(),
        }
    }

    #[test]
    fn funding_sums_by_year_and_source() {
        let ds = dataset(
            vec![
                col("year", ColumnType::Integer, &[], &[]),
                col("planned_rub", ColumnType::Decimal, &[], &[]),
                col(
                    "source",
                    ColumnType::Enum,
                    &["federal", "regional"],
                    &["фед.", "обл."],
                ),
            ],
            &[
                &["2019", "100", "federal"],
                &["2019", "50.5", "regional"],
                &["2020", "10", "regional"],
                &["2019", "1", "federal"],
            ],
        );
        let (series, bars) = funding_by_year(&ds).unwrap();
        assert_eq!(series, ["фед.", "обл."]);
        assert_eq!(
            bars[0],
            Bar {
                label: "2019".into(),
                value: 151.5,
                segments: vec![101.0, 50.5]
            }
        );
        assert_eq!(
            bars[1],
            Bar {
                label: "2020".into(),
                value: 10.0,
                segments: vec![0.0, 10.0]
            }
        );
    }

    #[test]
    fn equipment_averages_by_kind() {
        let ds = dataset(
            vec![
                col("kind", ColumnType::Enum, &["a", "b", "c"], &["А", "Б", "В"]),
                col("equipment_pct", ColumnType::Integer, &[], &[]),
            ],
            &[&["a", "50"], &["a", "71"], &["c", "90"]],
        );
        let bars = equipment_by_kind(&ds).unwrap();
        let got: Vec<(&str, f64)> = bars.iter().map(|b| (b.label.as_str(), b.value)).collect();
        assert_eq!(got, [("А", 61.0), ("В", 90.0)]);
    }

    #[test]
    fn svg_bar_lengths_follow_values() {
        let bars = vec![
            Bar {
                label: "x".into(),
                value: 50.0,
                segments: vec![],
            },
            Bar {
                label: "y".into(),
                value: 100.0,
                segments: vec![],
            },
        ];
        let svg = svg("c", "T", &[], &bars, 100.0, |v| format!("{v} %"));
        assert!(svg.contains("width='140.0'"), "{svg}");
        assert!(svg.contains("width='280.0'"), "{svg}");
        assert!(svg.contains("<title id='c-t'>T</title>"));
    }
}
