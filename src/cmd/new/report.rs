//! `kadry new report 14.1`: a progress report on a measure, from
//! `report.md`: the measure's title in a comment, its first executor as
//! the author, the status given (`in_progress` unless told).

use super::{fill, find_measure, slug, toml_string, write_new};
use crate::diagnostics::Diagnostic;
use crate::model::REPORT_STATUSES;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("report.md");

/// Writes `content/reports/<measure>/<date>-<slug>.md` and returns its path.
pub fn write(
    root: &Path,
    measure: &str,
    title: Option<&str>,
    status: &str,
    today: NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    if !REPORT_STATUSES.iter().any(|(k, _)| *k == status) {
        let known: Vec<&str> = REPORT_STATUSES.iter().map(|(k, _)| *k).collect();
        return Err(Diagnostic::error(
            Path::new("kadry new report"),
            format!("неизвестный статус «{status}»"),
            format!("допустимые статусы: {}", known.join(", ")),
        ));
    }
    let meta = find_measure(root, measure, "kadry new report")?;
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| format!("Ход выполнения мероприятия {measure}"));
    let text = fill(
        TEMPLATE,
        &[
            ("measure_title", &meta.title.replace('\n', " ")),
            ("measure_value", &toml_string(measure)),
            ("measure", measure),
            ("date", &today.format("%Y-%m-%d").to_string()),
            ("status", &toml_string(status)),
            ("title", &toml_string(&title)),
            (
                "author",
                &toml_string(meta.responsible.first().map_or("", String::as_str)),
            ),
        ],
    );
    let dir = root.join("content/reports").join(measure);
    let folder = format!("content/reports/{measure}/");
    write_new(&dir, today, &slug(&title, "otchet"), &text, &folder)
}
