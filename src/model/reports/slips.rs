//! Reports that are well formed but say something their editor probably
//! did not mean, each found by what a reader of the portal would see:
//! a report filed in another measure's folder (shown under one measure,
//! setting the status of another), a date that differs from the one in the
//! file name, the template's own placeholder text left in the body, a
//! report dated after the as-of date (not shown yet), a second report on
//! one measure and day, and a measure reopened long after it was done.
//!
//! Takes a report's document and what the model made of it; gives the
//! diagnostic, at the line to fix.

use super::super::{Measure, Report};
use crate::diagnostics::Diagnostic;
use crate::load::{Doc, ReportMeta};
use crate::model::status::Status;
use chrono::NaiveDate;

/// Lines of the body of `kadry new report`'s template that an editor is
/// meant to replace (the template is checked to hold each of them).
pub const PLACEHOLDERS: [&str; 4] = [
    "Опишите простыми словами, что сделано к дате отчёта",
    "- первый результат;",
    "- второй результат.",
    "Следующие шаги и сроки.",
];

/// The error for a report in the folder of another measure than its
/// `measure` field names: its page would be listed under the folder's
/// measure while it set the status of the other.
pub fn wrong_folder(doc: &Doc<ReportMeta>) -> Option<Diagnostic> {
    let folder = doc.path.strip_prefix("content/reports").ok()?.parent()?;
    let folder = folder
        .to_str()
        .filter(|f| !f.is_empty() && !f.contains('/'))?;
    let measure = &doc.meta.measure;
    (folder != measure).then(|| {
        doc.at_field(
            "measure",
            Diagnostic::error(
                &doc.path,
                format!(
                    "отчёт лежит в папке мероприятия {folder}, а в поле measure указано «{measure}»: на портале он оказался бы среди отчётов {folder}, а статус менял бы у {measure}"
                ),
                format!(
                    "если отчёт о мероприятии {measure}, перенесите файл в content/reports/{measure}/; если о {folder} — исправьте: measure = \"{folder}\""
                ),
            ),
        )
    })
}

/// The warning for a `date` that differs from the date the file name
/// starts with: the page shows the field, the address keeps the name.
pub fn date_differs_from_name(doc: &Doc<ReportMeta>, date: NaiveDate) -> Option<Diagnostic> {
    let name = doc.path.file_stem()?.to_str()?;
    let named = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    (named != date).then(|| {
        doc.at_field(
            "date",
            Diagnostic::warning(
                &doc.path,
                format!(
                    "дата в поле date ({}) не совпадает с датой в имени файла ({}); на портале будет показана {}",
                    date.format("%d.%m.%Y"),
                    named.format("%d.%m.%Y"),
                    date.format("%d.%m.%Y")
                ),
                format!(
                    "исправьте ту, что набрана с ошибкой; если верна дата из имени файла: date = {}. Опубликованный файл не переименовывайте: имя — это адрес страницы",
                    named.format("%Y-%m-%d")
                ),
            ),
        )
    })
}

/// Lines of the body of `kadry new news`'s template, and the start of its
/// summary, that an editor is meant to replace.
pub const NEWS_PLACEHOLDERS: [&str; 3] = [
    "Замените этот абзац главным",
    "Что сделано, какие получены результаты, что будет дальше и когда.",
    "Замените: ",
];

/// The error for each line of a template's placeholder text (lines
/// starting with one of `placeholders`) left in a body: readers would see
/// instructions instead of a report or news item.
pub fn left_in<T>(doc: &Doc<T>, placeholders: &[&str]) -> Vec<Diagnostic> {
    doc.body
        .lines()
        .enumerate()
        .filter(|(_, line)| placeholders.iter().any(|p| line.trim().starts_with(p)))
        .map(|(i, line)| {
            Diagnostic::error(
                &doc.path,
                format!("в тексте осталась заготовка из шаблона: «{}»", line.trim()),
                "замените её своим текстом (что сделано, что дальше) или удалите строку",
            )
            .at(doc.body_line + i, 1)
        })
        .collect()
}

/// The warning for a report dated after the as-of date, at its `date` line.
pub fn not_yet_shown(doc: &Doc<ReportMeta>, date: NaiveDate, as_of: NaiveDate) -> Diagnostic {
    doc.at_field(
        "date",
        Diagnostic::warning(
            &doc.path,
            format!(
                "отчёт датирован {} — позже даты, на которую собран сайт ({}), поэтому на портале его пока нет; он будет показан с {}",
                date.format("%d.%m.%Y"),
                as_of.format("%d.%m.%Y"),
                date.format("%d.%m.%Y")
            ),
            "если дата набрана с ошибкой, исправьте поле date (ГГГГ-ММ-ДД); если отчёт должен появиться в этот день, ничего делать не нужно",
        ),
    )
}

/// The warning for a second report on one measure and day: which of the
/// two sets the measure's status would be a matter of file names.
pub fn same_day(doc: &Doc<ReportMeta>, report: &Report, first: &str) -> Diagnostic {
    doc.at_field(
        "date",
        Diagnostic::warning(
            &doc.path,
            format!(
                "у мероприятия {} уже есть отчёт с той же датой {}: {first}; какой из них последний, не определить, и статус мероприятия может оказаться не тем",
                report.measure,
                report.date.format("%d.%m.%Y")
            ),
            "объедините два отчёта в один или поставьте каждому его настоящую дату",
        ),
    )
}

/// The reports of a measure (sorted, newest first) that take it back
/// from «выполнено» to work not done after its deadline passed: a likely
/// slip of the status, which the portal would show as the measure's.
pub fn reopened(measure: &Measure) -> Vec<(&Report, &Report)> {
    let due = measure.deadline.due();
    let mut done: Option<&Report> = None;
    let mut found = Vec::new();
    for r in measure.reports.iter().rev() {
        match r.status {
            Status::Done => done = Some(r),
            Status::InProgress | Status::NotStarted | Status::Delayed if r.date > due => {
                if let Some(first) = done {
                    found.push((r, first));
                }
            }
            _ => {}
        }
    }
    found
}

/// The warning for a report that reopens a measure done before it.
pub fn reopened_warning(doc: &Doc<ReportMeta>, done: &Report, measure: &Measure) -> Diagnostic {
    doc.at_field(
        "status",
        Diagnostic::warning(
            &doc.path,
            format!(
                "мероприятие {} уже выполнено (отчёт от {}), срок истёк {}; отчёт со статусом «{}» вернёт его в работу",
                measure.id,
                done.date.format("%d.%m.%Y"),
                measure.deadline.due().format("%d.%m.%Y"),
                doc.meta.status
            ),
            "если работа действительно возобновлена, оставьте как есть и объясните это в тексте; если нет — status = \"done\"",
        ),
    )
}
