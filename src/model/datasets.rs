//! Tabular data published by the portal: `content/data/<name>.csv` with a
//! TOML sidecar `<name>.toml` that describes the dataset and its columns.
//!
//! Every cell is checked against its column's type, and references to
//! measures and organisations against the roadmap; a bad cell is reported as
//! `file.csv:row:column`, where `row` is the line in the file.
//!
//! Takes the files the loader read (`load::datasets`: sidecar text, CSV
//! bytes, with their paths) and the known ids; gives the [`Dataset`]s
//! without errors. Reads nothing itself.

use super::{toml_date, Known};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::datasets::{Files, Read, Table};
use crate::load::frontmatter;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    String,
    Integer,
    Decimal,
    Date,
    Enum,
    Measure,
    Organization,
    Url,
}

impl ColumnType {
    /// The format name used in open-data structure files.
    pub fn format(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Decimal => "decimal",
            ColumnType::Date => "date",
            _ => "string",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    pub title: String,
    pub title_en: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub labels_en: Vec<String>,
    #[serde(default)]
    pub optional: bool,
    pub unit: Option<String>,
}

impl Column {
    /// The Russian label of an enum value, or the value itself.
    pub fn label<'a>(&'a self, value: &'a str) -> &'a str {
        self.values
            .iter()
            .position(|v| v == value)
            .and_then(|i| self.labels.get(i))
            .map_or(value, String::as_str)
    }

    pub fn label_en<'a>(&'a self, value: &'a str) -> &'a str {
        self.values
            .iter()
            .position(|v| v == value)
            .and_then(|i| self.labels_en.get(i))
            .map_or(value, String::as_str)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    title: String,
    title_en: String,
    description: String,
    description_en: String,
    owner: String,
    #[serde(default)]
    keywords: Vec<String>,
    update_period: String,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    demo: bool,
    created: toml::value::Datetime,
    updated: toml::value::Datetime,
    #[serde(rename = "column")]
    columns: Vec<Column>,
    #[serde(default)]
    previous: Vec<PreviousMeta>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviousMeta {
    date: toml::value::Datetime,
    /// Path under `content/data/`.
    file: String,
}

/// An earlier version of a dataset, still published.
#[derive(Debug, Serialize)]
pub struct Version {
    pub date: NaiveDate,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct Dataset {
    /// File stem, e.g. `training-sites`.
    pub name: String,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub description_en: String,
    pub owner: String,
    pub keywords: Vec<String>,
    pub update_period: String,
    pub measures: Vec<String>,
    pub demo: bool,
    pub created: NaiveDate,
    /// The date the data last changed: the current version's date.
    pub updated: NaiveDate,
    pub columns: Vec<Column>,
    /// Cells as written in the CSV, one inner vector per row.
    pub rows: Vec<Vec<String>>,
    /// Earlier versions, oldest first.
    pub previous: Vec<Version>,
    pub source: String,
}

impl Dataset {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Values of a column, one per row.
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.column(name);
        self.rows
            .iter()
            .filter_map(move |r| i.and_then(|i| r.get(i)).map(String::as_str))
    }
}

/// Checks every dataset the loader read, in its order; gives those without
/// errors.
pub fn build(files: Vec<Files>, known: &Known, diags: &mut Diagnostics) -> Vec<Dataset> {
    files
        .into_iter()
        .filter_map(|f| dataset(f, known, diags))
        .collect()
}

/// The sidecar's fields and text, or an error: it leads out of `content/`,
/// cannot be read, or is not valid.
fn sidecar<'f>(files: &'f Files, diags: &mut Diagnostics) -> Option<(Sidecar, &'f str)> {
    let path = &files.sidecar_path;
    let text = match &files.sidecar {
        Read::Read(text) => text,
        Read::Outside(real) => {
            diags.push(crate::load::outside(path, real));
            return None;
        }
        Read::Unopened(e) | Read::Unread(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("не удалось прочитать описание набора данных: {e}"),
                "сохраните файл в кодировке UTF-8",
            ));
            return None;
        }
    };
    toml::from_str(text)
        .map(|sidecar| (sidecar, text.as_str()))
        .map_err(|e| diags.push(frontmatter::explain(path, text, 1, &e)))
        .ok()
}

fn dataset(files: Files, known: &Known, diags: &mut Diagnostics) -> Option<Dataset> {
    let (sidecar, text) = sidecar(&files, diags)?;
    let sidecar_rel = &files.sidecar_path;
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let sidecar_error = |needle: &str, message: String, hint: &str| {
        let d = Diagnostic::error(sidecar_rel, message, hint);
        match line_of(needle) {
            Some(l) => d.at(l, 1),
            None => d,
        }
    };
    let errors_before = diags.error_count();
    check_references(&sidecar, known, &sidecar_error, diags);
    let (Some(created), Some(updated)) = (toml_date(&sidecar.created), toml_date(&sidecar.updated))
    else {
        diags.push(sidecar_error(
            "created",
            "даты created и updated должны быть датами вида ГГГГ-ММ-ДД".into(),
            "например: updated = 2020-08-28",
        ));
        return None;
    };

    let name = sidecar_rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows = table_rows(&files.table, &sidecar.columns, known, diags);
    let mut previous = Vec::new();
    for p in &sidecar.previous {
        let Some(date) = toml_date(&p.date) else {
            diags.push(sidecar_error(
                &p.file,
                "дата версии должна быть датой ГГГГ-ММ-ДД".into(),
                "",
            ));
            continue;
        };
        if Path::new(&p.file)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            diags.push(sidecar_error(
                &p.file,
                format!("путь «{}» выходит за пределы папки content/data/", p.file),
                "укажите путь от папки content/data/, например archive/name-2019-01-01.csv",
            ));
            continue;
        }
        // the loader read every path that stays in content/data/
        let Some(table) = files.previous.get(&p.file) else {
            continue;
        };
        if let Some(rows) = table_rows(table, &sidecar.columns, known, diags) {
            previous.push(Version { date, rows });
        }
    }
    previous.sort_by_key(|v| v.date);
    if previous.iter().any(|v| v.date >= updated) {
        diags.push(sidecar_error(
            "[[previous]]",
            "дата прежней версии должна быть раньше даты updated текущей".into(),
            "в [[previous]] перечисляются только прежние версии; текущая — это сам файл CSV",
        ));
    }
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Dataset {
        name,
        title: sidecar.title,
        title_en: sidecar.title_en,
        description: sidecar.description,
        description_en: sidecar.description_en,
        owner: sidecar.owner,
        keywords: sidecar.keywords,
        update_period: sidecar.update_period,
        measures: sidecar.measures,
        demo: sidecar.demo,
        created,
        updated,
        columns: sidecar.columns,
        rows: rows?,
        previous,
        source: files.table.path.display().to_string(),
    })
}

/// Checks the sidecar's owner, measures and enum columns.
fn check_references(
    sidecar: &Sidecar,
    known: &Known,
    sidecar_error: &dyn Fn(&str, String, &str) -> Diagnostic,
    diags: &mut Diagnostics,
) {
    if !known.organizations.contains(&sidecar.owner) {
        diags.push(sidecar_error(
            "owner",
            format!(
                "владелец набора «{}» не найден в content/organizations.toml",
                sidecar.owner
            ),
            "укажите id организации из реестра",
        ));
    }
    for m in &sidecar.measures {
        if !known.measures.contains(m) {
            diags.push(sidecar_error(
                "measures",
                format!("мероприятие «{m}» не найдено в дорожной карте"),
                "укажите номера мероприятий, например measures = [\"14.1\"]",
            ));
        }
    }
    for c in &sidecar.columns {
        let enum_ok = c.kind != ColumnType::Enum
            || (!c.values.is_empty()
                && c.labels.len() == c.values.len()
                && c.labels_en.len() == c.values.len());
        if !enum_ok {
            diags.push(sidecar_error(
                &format!("\"{}\"", c.name),
                format!(
                    "у столбца «{}» типа enum должны быть values, labels и labels_en одной длины",
                    c.name
                ),
                "перечислите допустимые значения и их подписи на русском и английском",
            ));
        }
    }
}

/// Checks a table file's header and every cell; `None` on any error.
fn table_rows(
    table: &Table,
    columns: &[Column],
    known: &Known,
    diags: &mut Diagnostics,
) -> Option<Vec<Vec<String>>> {
    let path = &table.path;
    match &table.bytes {
        Read::Read(bytes) => parse_csv(path, bytes, columns, known, diags),
        Read::Outside(real) => {
            diags.push(crate::load::outside(path, real));
            None
        }
        Read::Unopened(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("не удалось прочитать таблицу: {e}"),
                "положите файл CSV рядом с описанием набора, с тем же именем",
            ));
            None
        }
        // as the CSV reader reports a failed read of the header
        Read::Unread(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("таблица CSV повреждена: {e}"),
                "сохраните таблицу как CSV в кодировке UTF-8 с разделителем «,»",
            ));
            None
        }
    }
}

/// Checks CSV text (of the file at `rel_path`) against the columns, like a
/// dataset's file is checked; reads no file.
pub fn parse_csv(
    rel_path: &Path,
    text: &[u8],
    columns: &[Column],
    known: &Known,
    diags: &mut Diagnostics,
) -> Option<Vec<Vec<String>>> {
    let reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    check_rows(rel_path, reader, columns, known, diags)
}

/// Checks a CSV's header and every cell; `None` on any error.
fn check_rows<R: std::io::Read>(
    rel_path: &Path,
    mut reader: csv::Reader<R>,
    columns: &[Column],
    known: &Known,
    diags: &mut Diagnostics,
) -> Option<Vec<Vec<String>>> {
    let errors_before = diags.error_count();
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => {
            diags.push(csv_error(rel_path, &e));
            return None;
        }
    };
    let expected: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    if header != expected {
        let missing: Vec<&str> = expected
            .iter()
            .filter(|c| !header.iter().any(|h| h == *c))
            .copied()
            .collect();
        let message = if missing.is_empty() {
            format!(
                "заголовок таблицы «{}» не совпадает с описанием набора",
                header.join(",")
            )
        } else {
            format!("в таблице нет столбцов: {}", missing.join(", "))
        };
        diags.push(
            Diagnostic::error(
                rel_path,
                message,
                format!("первая строка должна быть: {}", expected.join(",")),
            )
            .at(1, 1),
        );
        return None;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(rel_path, &e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != columns.len() {
            diags.push(
                Diagnostic::error(
                    rel_path,
                    format!(
                        "в строке {} значений, а столбцов {}",
                        record.len(),
                        columns.len()
                    ),
                    "проверьте запятые и кавычки: значение с запятой берётся в двойные кавычки",
                )
                .at(line, record.len().min(columns.len()).max(1)),
            );
            continue;
        }
        for (i, (cell, column)) in record.iter().zip(columns).enumerate() {
            if let Err((message, hint)) = check_cell(cell, column, known) {
                diags.push(
                    Diagnostic::error(
                        rel_path,
                        format!("столбец «{}»: {message}", column.name),
                        hint,
                    )
                    .at(line, i + 1),
                );
            }
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    (diags.error_count() == errors_before).then_some(rows)
}

fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let d = Diagnostic::error(
        path,
        format!("таблица CSV повреждена: {e}"),
        "сохраните таблицу как CSV в кодировке UTF-8 с разделителем «,»",
    );
    match e.position() {
        Some(p) => d.at(p.line() as usize, 1),
        None => d,
    }
}

/// Checks one cell against its column; the error carries a hint.
fn check_cell(cell: &str, column: &Column, known: &Known) -> Result<(), (String, String)> {
    if cell.trim().is_empty() {
        return if column.optional {
            Ok(())
        } else {
            Err((
                "пустое значение".into(),
                "заполните ячейку: столбец обязательный".into(),
            ))
        };
    }
    let bad = |what: &str, hint: &str| Err((format!("«{cell}» — {what}"), hint.to_string()));
    match column.kind {
        ColumnType::String => Ok(()),
        ColumnType::Integer if cell.parse::<i64>().is_ok() => Ok(()),
        ColumnType::Integer => bad("не целое число", "пишите цифры без пробелов, например 1250"),
        ColumnType::Decimal if cell.parse::<f64>().is_ok_and(f64::is_finite) => Ok(()),
        ColumnType::Decimal => bad("не число", "дробную часть отделяйте точкой: 1250.50"),
        ColumnType::Date if NaiveDate::parse_from_str(cell, "%Y-%m-%d").is_ok() => Ok(()),
        ColumnType::Date => bad(
            "не дата или такой даты нет",
            "пишите дату в виде ГГГГ-ММ-ДД",
        ),
        ColumnType::Enum if column.values.iter().any(|v| v == cell) => Ok(()),
        ColumnType::Enum => bad(
            "недопустимое значение",
            &format!("допустимо: {}", column.values.join(", ")),
        ),
        ColumnType::Measure if known.measures.contains(cell) => Ok(()),
        ColumnType::Measure => bad(
            "нет такого мероприятия",
            "укажите номер мероприятия, например 14.1",
        ),
        ColumnType::Organization if known.organizations.contains(cell) => Ok(()),
        ColumnType::Organization => bad(
            "нет такой организации",
            "укажите id из content/organizations.toml",
        ),
        ColumnType::Url if cell.starts_with("https://") || cell.starts_with("http://") => Ok(()),
        ColumnType::Url => bad("не адрес сайта", "адрес начинается с https://"),
    }
}
