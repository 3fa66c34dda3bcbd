//! A dataset's CSV text checked against columns of every type; errors must
//! be diagnostics at a line, not panics.

#![no_main]

use kadry::model::datasets::{self, Column, ColumnType};
use kadry::model::Known;
use kadry::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::path::Path;

fn column(name: &str, kind: ColumnType, optional: bool) -> Column {
    let values: Vec<String> = if kind == ColumnType::Enum {
        vec!["done".into(), "planned".into()]
    } else {
        Vec::new()
    };
    Column {
        name: name.into(),
        title: name.into(),
        title_en: name.into(),
        kind,
        labels: values.clone(),
        labels_en: values.clone(),
        values,
        optional,
        unit: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let columns = [
        column("name", ColumnType::String, false),
        column("count", ColumnType::Integer, false),
        column("sum", ColumnType::Decimal, true),
        column("date", ColumnType::Date, false),
        column("state", ColumnType::Enum, false),
        column("measure", ColumnType::Measure, false),
        column("org", ColumnType::Organization, true),
        column("url", ColumnType::Url, true),
    ];
    let measures = BTreeSet::from(["1.1".to_string(), "14.2".to_string()]).into();
    let organizations = BTreeSet::from(["dep-a".to_string()]).into();
    let known = Known {
        measures: &measures,
        organizations: &organizations,
    };
    let mut diags = Diagnostics::default();
    let rows = datasets::parse_csv(Path::new("content/data/x.csv"), data, &columns, &known, &mut diags);
    if let Some(rows) = rows {
        assert!(!diags.has_errors());
        assert!(rows.iter().all(|r| r.len() == columns.len()));
    } else {
        assert!(diags.has_errors());
    }
});
