//! A dataset's table: the CSV of its current or an earlier version, checked
//! against the sidecar's columns. Every cell is checked against its
//! column's type, references to measures and organisations against the
//! roadmap (with the closest known id when one is near), and the `id`
//! column, when there is one, for repeats.
//!
//! Takes the bytes the loader read (or why it could not) and the columns;
//! gives the rows, or `None` with every problem in the diagnostics, each at
//! `file.csv:line:column`, where `line` is the line in the file.

use super::{Column, ColumnType, ID_COLUMN};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::datasets::{Read, Table};
use crate::model::Known;
use chrono::NaiveDate;
use std::collections::hash_map::{Entry, HashMap};
use std::path::Path;

/// Checks a table file's header and every cell; `None` on any error.
/// `missing` is the hint when there is no such file.
pub(super) fn table_rows(
    table: &Table,
    columns: &[Column],
    known: &Known,
    missing: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Vec<String>>> {
    let path = &table.path;
    match &table.bytes {
        Read::Read(bytes) => parse_csv(path, bytes, columns, known, diags),
        Read::Outside(real) => {
            diags.push(crate::load::outside(path, real));
            None
        }
        Read::Missing => {
            diags.push(Diagnostic::error(path, "файл таблицы не найден", missing));
            None
        }
        Read::Unopened(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("не удалось прочитать таблицу: {e}"),
                "проверьте, что у пользователя, который запускает kadry, есть право читать файл",
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
    let mut lines = Vec::new();
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
        lines.push(line);
    }
    diags.extend(repeated_ids(rel_path, columns, &rows, &lines));
    (diags.error_count() == errors_before).then_some(rows)
}

fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    // the reader's own words are English: each kind said in Russian (rows
    // of unequal length are read, the reader being flexible, and named
    // with their line by the row check)
    let (message, hint) = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => (
            "таблица не в кодировке UTF-8".to_string(),
            "сохраните таблицу как CSV в кодировке UTF-8 (в редакторе: «Сохранить как» → CSV UTF-8)",
        ),
        _ => (
            "таблица CSV повреждена и не читается".to_string(),
            "сохраните таблицу заново как CSV в кодировке UTF-8 с разделителем «,»",
        ),
    };
    let d = Diagnostic::error(path, message, hint);
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
            &known.measures.hint(
                cell,
                "номера — на странице /roadmap/",
                "укажите номер мероприятия, например 14.1",
            ),
        ),
        ColumnType::Organization if known.organizations.contains(cell) => Ok(()),
        ColumnType::Organization => bad(
            "нет такой организации",
            &known.organizations.hint(
                cell,
                "id организаций — в content/organizations.toml",
                "укажите id из content/organizations.toml",
            ),
        ),
        ColumnType::Url if cell.starts_with("https://") || cell.starts_with("http://") => Ok(()),
        ColumnType::Url => bad("не адрес сайта", "адрес начинается с https://"),
    }
}

/// An error for every row (its cells, at its `line`) whose value in the
/// [`ID_COLUMN`] an earlier row already has; none without such a column.
/// Empty cells repeat nothing; in an integer column `007` repeats `7`.
fn repeated_ids(
    path: &Path,
    columns: &[Column],
    rows: &[Vec<String>],
    lines: &[usize],
) -> Vec<Diagnostic> {
    let Some(i) = columns.iter().position(|c| c.name == ID_COLUMN) else {
        return Vec::new();
    };
    let integer = columns[i].kind == ColumnType::Integer;
    let number = |cell: &str| cell.trim().parse::<i64>().ok().filter(|_| integer);
    let next = rows.iter().filter_map(|r| number(&r[i])).max();
    let hint = match next.map_or(Some(1), |n| n.checked_add(1)) {
        Some(free) if integer => format!(
            "у каждой строки свой {ID_COLUMN}: новой строке дайте следующий свободный номер, {free}; \
             если строка повторена по ошибке, удалите её"
        ),
        _ => format!(
            "у каждой строки свой {ID_COLUMN}: исправьте значение или удалите повторную строку"
        ),
    };
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut found = Vec::new();
    for (row, &line) in rows.iter().zip(lines) {
        let cell = &row[i];
        if cell.trim().is_empty() {
            continue;
        }
        let key = number(cell).map_or_else(|| cell.trim().to_string(), |n| n.to_string());
        match first.entry(key) {
            Entry::Occupied(earlier) => found.push(
                Diagnostic::error(
                    path,
                    format!(
                        "строка {line}: {ID_COLUMN} «{cell}» уже встречается в строке {}",
                        earlier.get()
                    ),
                    hint.clone(),
                )
                .at(line, i + 1),
            ),
            Entry::Vacant(slot) => {
                slot.insert(line);
            }
        }
    }
    found
}
