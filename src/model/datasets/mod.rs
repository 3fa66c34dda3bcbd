//! Tabular data published by the portal: `content/data/<name>.csv` with a
//! TOML sidecar `<name>.toml` that describes the dataset and its columns.
//!
//! The sidecar is checked here (its owner, measures, enum columns, dates and
//! earlier versions); the table of each version in [`table`]: every cell
//! against its column's type, references to measures and organisations
//! against the roadmap, and a column named [`ID_COLUMN`] for repeated
//! values; a bad cell is reported as `file.csv:row:column`, where `row` is
//! the line in the file. The current version's date comes from git where it
//! can ([`version`]).
//!
//! Takes the files the loader read (`load::datasets`: sidecar text, CSV
//! bytes, with their paths), the known ids and the git history; gives the
//! [`Dataset`]s without errors. Reads nothing itself.

use super::{toml_date, Known};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::datasets::{Files, Read};
use crate::load::frontmatter;
use crate::load::history::History;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;
use table::table_rows;

mod table;
mod version;

pub use table::parse_csv;

/// The name of the column that identifies a row: no two rows of a table
/// may have the same value in it. A dataset need not have one.
pub const ID_COLUMN: &str = "id";

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

/// Every column type as a sidecar writes it (`type = "integer"`).
pub const COLUMN_TYPES: [&str; 8] = [
    "string",
    "integer",
    "decimal",
    "date",
    "enum",
    "measure",
    "organization",
    "url",
];

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
    /// The date the data last changed, the current version's date: the
    /// table's last commit where git has it, else the sidecar's `updated`.
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
/// errors. The current version's date comes from `history` where it can.
pub fn build(
    files: Vec<Files>,
    known: &Known,
    history: &History,
    diags: &mut Diagnostics,
) -> Vec<Dataset> {
    files
        .into_iter()
        .filter_map(|f| dataset(f, known, history, diags))
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
        // the loader gives a table without a sidecar so
        Read::Missing => {
            diags.push(undescribed(&files.table.path, path));
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
        .map_err(|e| {
            let at = SidecarText { path, text };
            diags.push(unknown_type(&at).unwrap_or_else(|| frontmatter::explain(path, text, 1, &e)))
        })
        .ok()
}

/// The error for the first column whose `type` is a word that names no
/// type, with the closest one; `None` when there is none, or the text is
/// not TOML at all (the parser's error says more then).
fn unknown_type(at: &SidecarText) -> Option<Diagnostic> {
    let table: toml::Table = at.text.parse().ok()?;
    let columns = table.get("column")?.as_array()?;
    let kind = columns
        .iter()
        .filter_map(|c| c.get("type")?.as_str())
        .find(|t| !COLUMN_TYPES.contains(t))?;
    let allowed = format!("допустимые типы: {}", COLUMN_TYPES.join(", "));
    let hint = match super::closest(kind, COLUMN_TYPES.into_iter()) {
        Some(k) => format!("возможно, имелось в виду «{k}»; {allowed}"),
        None => allowed,
    };
    let quoted = format!("\"{kind}\"");
    let d = Diagnostic::error(at.path, format!("неизвестный тип столбца «{kind}»"), hint);
    let line = at
        .text
        .lines()
        .position(|l| l.trim_start().starts_with("type") && l.contains(&quoted));
    Some(match line {
        Some(i) => d.at(i + 1, 1),
        None => d,
    })
}

/// The warning for a table in `content/data/` that no sidecar describes:
/// it is not published.
fn undescribed(table: &Path, sidecar: &Path) -> Diagnostic {
    Diagnostic::warning(
        table,
        format!(
            "таблица не публикуется: у неё нет описания набора {}",
            sidecar.display()
        ),
        "создайте описание с тем же именем и окончанием .toml (образец — в docs/editing.md, \
         раздел «Наборы данных»); если это прежняя версия другого набора, перечислите её \
         в [[previous]] его описания",
    )
}

/// A sidecar's text, to point its errors at lines.
struct SidecarText<'a> {
    path: &'a Path,
    text: &'a str,
}

impl SidecarText<'_> {
    /// The line of field `needle` (a line starting with it), else the first
    /// line with `needle` in it.
    fn line(&self, needle: &str) -> Option<usize> {
        let lines = || self.text.lines();
        lines()
            .position(|l| l.trim_start().starts_with(needle))
            .or_else(|| lines().position(|l| l.contains(needle)))
            .map(|i| i + 1)
    }

    /// An error at the line of `needle`.
    fn error(&self, needle: &str, message: String, hint: &str) -> Diagnostic {
        let d = Diagnostic::error(self.path, message, hint);
        match self.line(needle) {
            Some(l) => d.at(l, 1),
            None => d,
        }
    }
}

fn dataset(
    files: Files,
    known: &Known,
    history: &History,
    diags: &mut Diagnostics,
) -> Option<Dataset> {
    let (sidecar, text) = sidecar(&files, diags)?;
    let at = SidecarText {
        path: &files.sidecar_path,
        text,
    };
    let errors_before = diags.error_count();
    check_references(&sidecar, known, &at, diags);
    let (Some(created), Some(updated)) = (toml_date(&sidecar.created), toml_date(&sidecar.updated))
    else {
        diags.push(at.error(
            "created",
            "даты created и updated должны быть датами вида ГГГГ-ММ-ДД".into(),
            "например: updated = 2020-08-28",
        ));
        return None;
    };
    let sources = version::Sources {
        csv: &files.table.path,
        sidecar: &files.sidecar_path,
        updated,
        updated_line: at.line("updated"),
        read: matches!(files.table.bytes, Read::Read(_)),
    };
    let current = version::current(&sources, history, diags);

    let name = files
        .sidecar_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows = table_rows(
        &files.table,
        &sidecar.columns,
        known,
        "положите таблицу рядом с описанием набора, под тем же именем с окончанием .csv",
        diags,
    );
    let previous = previous_versions(&sidecar, &files, known, &at, diags);
    if let Some(late) = previous.iter().find(|v| v.date >= current.date) {
        diags.push(at.error(
            "[[previous]]",
            format!(
                "дата прежней версии {} должна быть раньше даты текущей версии, {} ({})",
                late.date, current.date, current.source
            ),
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
        updated: current.date,
        columns: sidecar.columns,
        rows: rows?,
        previous,
        source: files.table.path.display().to_string(),
    })
}

/// The earlier versions the sidecar lists, oldest first, each checked like
/// the current table; those with errors are left out (the errors say why).
fn previous_versions(
    sidecar: &Sidecar,
    files: &Files,
    known: &Known,
    at: &SidecarText,
    diags: &mut Diagnostics,
) -> Vec<Version> {
    let mut previous = Vec::new();
    for p in &sidecar.previous {
        let Some(date) = toml_date(&p.date) else {
            diags.push(at.error(
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
            diags.push(at.error(
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
        let missing = format!(
            "проверьте file = \"{}\" в [[previous]]: путь отсчитывается от папки content/data/",
            p.file
        );
        if let Some(rows) = table_rows(table, &sidecar.columns, known, &missing, diags) {
            previous.push(Version { date, rows });
        }
    }
    previous.sort_by_key(|v| v.date);
    previous
}

/// Checks the sidecar's owner, measures and enum columns.
fn check_references(sidecar: &Sidecar, known: &Known, at: &SidecarText, diags: &mut Diagnostics) {
    if !known.organizations.contains(&sidecar.owner) {
        diags.push(at.error(
            "owner",
            format!(
                "владелец набора «{}» не найден в content/organizations.toml",
                sidecar.owner
            ),
            &known.organizations.hint(
                &sidecar.owner,
                "id организаций — в content/organizations.toml",
                "укажите id организации из реестра",
            ),
        ));
    }
    for m in &sidecar.measures {
        if !known.measures.contains(m) {
            diags.push(at.error(
                "measures",
                format!("мероприятие «{m}» не найдено в дорожной карте"),
                &known.measures.hint(
                    m,
                    "номера — на странице /roadmap/",
                    "укажите номера мероприятий, например measures = [\"14.1\"]",
                ),
            ));
        }
    }
    for c in &sidecar.columns {
        let enum_ok = c.kind != ColumnType::Enum
            || (!c.values.is_empty()
                && c.labels.len() == c.values.len()
                && c.labels_en.len() == c.values.len());
        if !enum_ok {
            diags.push(at.error(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_type_name_is_one_a_sidecar_may_write() {
        for name in COLUMN_TYPES {
            let kind: ColumnType = toml::Value::String(name.into()).try_into().unwrap();
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
    }

    #[test]
    fn an_unknown_column_type_is_named_at_its_line_with_the_closest() {
        let text = "title = \"x\"\n\n[[column]]\nname = \"a\"\ntype = \"string\"\n\n\
                    [[column]]\nname = \"b\"\ntype = \"integr\"\n";
        let at = SidecarText {
            path: Path::new("content/data/x.toml"),
            text,
        };
        let found = unknown_type(&at).map(|d| d.to_string());
        assert_eq!(
            found.as_deref(),
            Some(
                "content/data/x.toml:9:1: ошибка: неизвестный тип столбца «integr»\n  \
                 подсказка: возможно, имелось в виду «integer»; допустимые типы: string, integer, \
                 decimal, date, enum, measure, organization, url"
            )
        );
        // known types, or no TOML at all: the parser's own error is better
        let known = text.replace("integr", "integer");
        let at = SidecarText { text: &known, ..at };
        assert!(unknown_type(&at).is_none());
        let at = SidecarText {
            text: "type = ",
            ..at
        };
        assert!(unknown_type(&at).is_none());
    }
}
