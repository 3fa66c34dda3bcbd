//! Progress reports. Takes the loaded report documents (and what the loader
//! found on disk for their attachments), the roadmap's sections and the
//! known ids; gives the [`Report`]s that count by the as-of date, grouped
//! by measure, and the links in their bodies. Checks each report's measure,
//! date, status and author, its file name (it becomes the address), its
//! attachments (see [`super::attachments`]), and that no two reports or
//! attachments take one address.

use super::attachments::{self, Addresses};
use super::{
    changed, closest, content_links, doc_date, findings, markdown, Attachment, ContentLink, Known,
    Report, Section, REPORT_STATUSES,
};
use crate::address;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::history::History;
use crate::load::{Content, Doc, ReportMeta};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

mod slips;

pub use slips::{left_in, NEWS_PLACEHOLDERS, PLACEHOLDERS};

/// The reports that passed their checks.
pub struct Built {
    /// Reports dated on or before the as-of date, by measure id.
    pub by_measure: BTreeMap<String, Vec<Report>>,
    /// Links in the bodies of all the reports that passed.
    pub links: Vec<ContentLink>,
}

/// Builds and checks every report of `content`, in file order.
pub fn build(
    content: &Content,
    sections: &[Section],
    known: &Known,
    history: &History,
    markdown: &markdown::Renderer,
    as_of: NaiveDate,
    diags: &mut Diagnostics,
) -> Built {
    let executors: HashMap<&str, &[String]> = sections
        .iter()
        .flat_map(|s| &s.measures)
        .map(|m| (m.id.as_str(), m.responsible.as_slice()))
        .collect();
    // Each report on its own (Markdown is the costly part) on every core;
    // what takes the others into account after, in file order.
    let checked: Vec<_> = content
        .reports
        .par_iter()
        .map(|doc| {
            let mut found = Diagnostics::default();
            let body = markdown.render(&doc.body);
            let report = report(doc, body, history, content, known, &mut found);
            (report, found.sorted())
        })
        .collect();
    let mut built = Built {
        by_measure: BTreeMap::new(),
        links: Vec::new(),
    };
    let mut seen_slugs: BTreeMap<String, String> = BTreeMap::new();
    // the first report of each measure and day, to name a second one
    let mut seen_days: BTreeMap<(String, NaiveDate), String> = BTreeMap::new();
    let mut addresses = Addresses::default();
    for (doc, (report, found)) in content.reports.iter().zip(checked) {
        diags.extend(found);
        let Some((report, body_links)) = report else {
            continue;
        };
        let report_address = address::report(&report.slug);
        if let Some(first) = seen_slugs.insert(report.slug.clone(), report.source.clone()) {
            diags.push(Diagnostic::error(
                &doc.path,
                format!("адрес отчёта /{report_address} уже занят отчётом {first}"),
                "переименуйте один из файлов: адрес отчёта строится из имени файла",
            ));
        } else {
            let page = address::file_of(&report_address);
            let page = page.to_string_lossy();
            if let Err(other) = addresses.take(&page, format!("страница отчёта {}", report.source))
            {
                diags.push(Diagnostic::error(
                    &doc.path,
                    format!("адрес отчёта /{report_address} совпадает с уже занятым: {other}"),
                    "переименуйте файл отчёта: адрес строится из имени файла, заглавные и строчные буквы в адресах не различаются",
                ));
            } else {
                // (a report whose address clashes has its error already)
                let day = (report.measure.clone(), report.date);
                match seen_days.get(&day) {
                    Some(first) => diags.push(slips::same_day(doc, &report, first)),
                    None => {
                        seen_days.insert(day, report.source.clone());
                    }
                }
            }
        }
        take_attachments(doc, &report, &mut addresses, diags);
        built.links.extend(body_links);
        let responsible = executors.get(report.measure.as_str());
        if responsible.is_some_and(|r| !r.contains(&report.author)) {
            let d = Diagnostic::warning(
                &doc.path,
                format!(
                    "автор «{}» не указан среди исполнителей мероприятия {}",
                    report.author, report.measure
                ),
                "обычно отчёт пишет один из ответственных исполнителей; проверьте поле author",
            );
            diags.push(doc.at_field("author", d));
        }
        // A report dated after the as-of date does not count yet: say so,
        // or a mistyped year makes it vanish without a word.
        if report.date <= as_of {
            built
                .by_measure
                .entry(report.measure.clone())
                .or_default()
                .push(report);
        } else {
            diags.push(slips::not_yet_shown(doc, report.date, as_of));
        }
    }
    built
}

/// Takes the addresses of a report's attachments; an error at the
/// attachment's line for one that another file has.
fn take_attachments(
    doc: &Doc<ReportMeta>,
    report: &Report,
    addresses: &mut Addresses,
    diags: &mut Diagnostics,
) {
    for a in &report.attachments {
        let what = format!("вложение «{}» отчёта {}", a.file, report.source);
        if let Err(other) = addresses.take(&a.file, what) {
            let line = doc.line_containing(&a.file).unwrap_or(1);
            diags.push(Diagnostic::error(
                &doc.path,
                format!("вложение «{}» попадает на адрес, уже занятый: {other}", a.file),
                "заглавные и строчные буквы в адресах не различаются (так устроены Windows и macOS); переименуйте файл вложения",
            ).at(line, 1));
        }
    }
}

/// One report and the links in its body, or `None` when it has errors.
fn report(
    doc: &Doc<ReportMeta>,
    mut body: markdown::Rendered,
    history: &History,
    content: &Content,
    known: &Known,
    diags: &mut Diagnostics,
) -> Option<(Report, Vec<ContentLink>)> {
    let meta = &doc.meta;
    let errors_before = diags.error_count();

    if !known.measures.contains(&meta.measure) {
        let hint = known.measures.hint(
            &meta.measure,
            "номера — на странице /roadmap/",
            "укажите номер мероприятия из дорожной карты, например \"14.1\"",
        );
        diags.push(doc.error_at(
            "measure",
            format!("мероприятие «{}» не найдено в дорожной карте", meta.measure),
            &hint,
        ));
    }
    // (a measure that does not exist has its own error)
    if known.measures.contains(&meta.measure) {
        diags.extend(slips::wrong_folder(doc));
    }
    let date = doc_date(doc, &meta.date, diags);
    diags.extend(date.and_then(|date| slips::date_differs_from_name(doc, date)));
    diags.extend(left_in(doc, &PLACEHOLDERS));
    let status = REPORT_STATUSES
        .iter()
        .find(|(k, _)| *k == meta.status)
        .map(|(_, s)| *s);
    if status.is_none() {
        let known = REPORT_STATUSES.iter().map(|(k, _)| *k);
        let hint = match closest(&meta.status, known.clone()) {
            Some(k) => format!("возможно, имелось в виду «{k}»"),
            None => format!(
                "допустимые статусы: {}",
                known.collect::<Vec<_>>().join(", ")
            ),
        };
        diags.push(doc.error_at(
            "status",
            format!("неизвестный статус «{}»", meta.status),
            &hint,
        ));
    }
    if !known.organizations.contains(&meta.author) {
        diags.push(doc.error_at(
            "author",
            format!(
                "автор «{}» не найден в content/organizations.toml",
                meta.author
            ),
            &known.organizations.hint(
                &meta.author,
                "id организаций — в content/organizations.toml",
                "укажите id организации из реестра, например \"dep-education\"",
            ),
        ));
    }
    let slug = slug(&doc.path);
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._/".contains(c))
    {
        diags.push(Diagnostic::error(
            &doc.path,
            "имя файла отчёта становится адресом страницы и может содержать только строчные латинские буквы, цифры, точки и дефисы",
            "например: content/reports/14.1/2019-01-20-inventarizaciya.md",
        ));
    }
    let attachments: Vec<Attachment> = meta
        .attachments
        .iter()
        .filter_map(|a| attachments::attachment(doc, a, &content.attachments, diags))
        .collect();

    let (embedded, links) = files_beside(doc, std::mem::take(&mut body.links), content, diags);
    diags.extend(findings(doc, &body.findings));
    if diags.error_count() > errors_before {
        return None;
    }
    Some((
        Report {
            slug,
            measure: meta.measure.clone(),
            date: date?,
            status: status?,
            title: meta.title.clone(),
            author: meta.author.clone(),
            demo: meta.demo,
            draft: meta.draft,
            attachments,
            embedded,
            body_html: body.html,
            modified: changed(history, &doc.path, &meta.updated),
            source: doc.path.display().to_string(),
        },
        content_links(doc, links),
    ))
}

/// The files under `content/reports/` that a report's body embeds or
/// links to without attaching them (published with it, see
/// [`attachments::embedded`]), and the links left for the link check. A
/// link to a file that is not there but has a close name beside it is an
/// error naming that file.
fn files_beside(
    doc: &Doc<ReportMeta>,
    links: Vec<markdown::InternalLink>,
    content: &Content,
    diags: &mut Diagnostics,
) -> (Vec<Attachment>, Vec<markdown::InternalLink>) {
    let mut embedded = Vec::new();
    let mut left = Vec::new();
    for link in links {
        let (rel, _) = address::content_target(&link.url);
        let rel = percent_encoding::percent_decode_str(rel).decode_utf8_lossy();
        let line = doc.body_line + link.line - 1;
        let attached = doc.meta.attachments.iter().any(|a| a.file == rel);
        if rel.starts_with("reports/") && !attached {
            if content.attachments.contains_key(rel.as_ref()) {
                embedded.extend(attachments::embedded(
                    doc,
                    &rel,
                    line,
                    &content.attachments,
                    diags,
                ));
            } else if let Some(close) = attachments::beside(&rel, &content.attachments) {
                diags.push(
                    Diagnostic::error(
                        &doc.path,
                        format!("файл /{rel} не найден"),
                        format!(
                            "возможно, имелось в виду /{close}: такой файл лежит в той же папке"
                        ),
                    )
                    .at(line, 1),
                );
                continue;
            }
        }
        left.push(link);
    }
    (embedded, left)
}

/// `content/reports/14.1/2019-01-20-x.md` → `14.1/2019-01-20-x`; lower-cased,
/// as addresses are, so two files differing only in case collide visibly.
fn slug(path: &Path) -> String {
    let rel = path
        .strip_prefix("content/reports")
        .unwrap_or(path)
        .with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .collect::<Vec<_>>()
        .join("/")
}

/// Warnings for reports that take a measure back from «выполнено» after
/// its deadline (see [`slips::reopened`]); `sections` have their reports.
pub fn reopened(sections: &[Section], content: &Content) -> Vec<Diagnostic> {
    let docs: HashMap<String, &Doc<ReportMeta>> = content
        .reports
        .iter()
        .map(|d| (d.path.display().to_string(), d))
        .collect();
    sections
        .iter()
        .flat_map(|s| &s.measures)
        .flat_map(|m| slips::reopened(m).into_iter().map(move |pair| (m, pair)))
        .filter_map(|(m, (report, done))| {
            let doc = docs.get(&report.source)?;
            Some(slips::reopened_warning(doc, done, m))
        })
        .collect()
}
