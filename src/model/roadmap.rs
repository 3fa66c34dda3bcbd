//! The roadmap proper: sections and their measures. Takes the loaded
//! section and measure documents; gives [`Section`]s with [`Measure`]s in
//! number order, each measure's status derived from its deadline against
//! the as-of date. Checks section and measure ids (well formed, unique, a
//! measure in its own section's folder), deadlines, phases and executors.
//! Once reports are built, [`add_reports`] gives each measure its reports,
//! the status the latest one sets, and its history of status changes.

use super::markdown::Renderer;
use super::{
    changed, id_key, render_body, ContentLink, Measure, Report, Section, StatusChange, PHASES,
};
use crate::diagnostics::Diagnostics;
use crate::load::history::History;
use crate::load::{Doc, MeasureMeta, SectionSource};
use crate::model::deadline::Deadline;
use crate::model::status::Status;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The sections in number order, each with the measures that passed their
/// checks; problems go to `diags`, links in section bodies to `links`.
pub fn sections(
    sources: &[SectionSource],
    org_ids: &super::Ids,
    as_of: NaiveDate,
    history: &History,
    markdown: &Renderer,
    diags: &mut Diagnostics,
    links: &mut Vec<ContentLink>,
) -> Vec<Section> {
    let mut seen_measures: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_sections: BTreeMap<String, String> = BTreeMap::new();
    let mut sections = Vec::new();
    for src in sources {
        let idx = &src.index;
        let source = idx.path.display().to_string();
        if idx.meta.id.parse::<u32>().is_err() {
            diags.push(idx.error_at(
                "id",
                format!("номер раздела «{}» должен быть целым числом", idx.meta.id),
                "например: id = \"14\"",
            ));
        }
        if let Some(first) = seen_sections.insert(idx.meta.id.clone(), source.clone()) {
            diags.push(idx.error_at(
                "id",
                format!("раздел «{}» уже описан в {first}", idx.meta.id),
                "у каждого раздела свой номер; исправьте id в одном из файлов",
            ));
        }
        let mut measures = Vec::new();
        for doc in &src.measures {
            let path = doc.path.display().to_string();
            if let Some(first) = seen_measures.insert(doc.meta.id.clone(), path) {
                diags.push(doc.error_at(
                    "id",
                    format!("мероприятие «{}» уже описано в {first}", doc.meta.id),
                    "у каждого мероприятия свой номер; исправьте id в одном из файлов",
                ));
            }
            measures.extend(measure(doc, &idx.meta.id, org_ids, as_of, history, diags));
        }
        measures.sort_by_key(|m| id_key(&m.id));
        let body_html = render_body(idx, markdown, diags, links);
        sections.push(Section {
            id: idx.meta.id.clone(),
            title: idx.meta.title.clone(),
            position: idx.meta.position,
            position_title: idx.meta.position_title.clone(),
            key_result: idx.meta.key_result.clone(),
            body: idx.body.clone(),
            body_html,
            modified: changed(history, &idx.path, &idx.meta.updated),
            measures,
            source,
        });
    }
    sections.sort_by_key(|s| id_key(&s.id));
    sections
}

/// One measure of section `section_id`, or `None` when it has errors.
fn measure(
    doc: &Doc<MeasureMeta>,
    section_id: &str,
    org_ids: &super::Ids,
    as_of: NaiveDate,
    history: &History,
    diags: &mut Diagnostics,
) -> Option<Measure> {
    let meta = &doc.meta;
    let errors_before = diags.error_count();

    let well_formed = meta
        .id
        .split_once('.')
        .is_some_and(|(s, n)| s == section_id && !n.is_empty() && n.parse::<u32>().is_ok());
    if !well_formed {
        diags.push(doc.error_at(
            "id",
            format!(
                "номер мероприятия «{}» не относится к разделу {section_id}",
                meta.id
            ),
            &format!(
                "номер мероприятия в этой папке — «{section_id}.N», например «{section_id}.1»"
            ),
        ));
    }
    if let Some(old) = history
        .committed_deadline(&doc.path)
        .filter(|old| *old != meta.deadline)
    {
        diags.push(uncommitted_deadline(doc, old));
    }
    let deadline = match Deadline::parse(&meta.deadline) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(doc.error_at(
                "deadline",
                format!("неверный срок: {e}"),
                "например: deadline = \"2019-01/2019-09\"; дословный текст срока — в deadline_text",
            ));
            None
        }
    };
    if let Some(phase) = &meta.phase {
        if !PHASES.contains(&phase.as_str()) {
            diags.push(doc.error_at(
                "phase",
                format!("неизвестный этап «{phase}»"),
                &format!("допустимые этапы: {}", PHASES.join(", ")),
            ));
        }
    }
    for id in &meta.responsible {
        if !org_ids.contains(id) {
            diags.push(doc.error_at(
                "responsible",
                format!("исполнитель «{id}» не найден в content/organizations.toml"),
                &org_ids.hint(
                    id,
                    "id организаций — в content/organizations.toml",
                    "укажите id организации из реестра или добавьте её в реестр",
                ),
            ));
        }
    }
    if meta.responsible.is_empty() {
        diags.push(doc.error_at(
            "responsible",
            "не указан ответственный исполнитель".into(),
            "например: responsible = [\"dep-education\"]",
        ));
    }
    let deadline = deadline?;
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Measure {
        id: meta.id.clone(),
        section_id: section_id.to_string(),
        title: meta.title.clone(),
        key_result: meta.key_result.clone(),
        deadline,
        deadline_text: meta.deadline_text.clone(),
        ongoing: meta.ongoing,
        phase: meta.phase.clone(),
        responsible: meta.responsible.clone(),
        responsible_text: meta.responsible_text.clone(),
        documents: meta.documents.clone(),
        status: Status::unreported(&deadline, as_of),
        reports: Vec::new(),
        deadline_changes: history.deadline_changes(&doc.path).to_vec(),
        status_changes: Vec::new(),
        modified: changed(history, &doc.path, &meta.updated),
        source: doc.path.display().to_string(),
    })
}

/// The warning for a deadline edited since the last commit: the site
/// shows the new one, but its history has no row for the change.
fn uncommitted_deadline(doc: &Doc<MeasureMeta>, old: &str) -> crate::diagnostics::Diagnostic {
    let d = crate::diagnostics::Diagnostic::warning(
        &doc.path,
        format!(
            "срок изменён («{old}» → «{}»), но правка не зафиксирована в git: портал покажет новый срок, а в истории сроков не будет записи о переносе",
            doc.meta.deadline
        ),
        "зафиксируйте правку (git commit) до публикации; дата коммита станет датой переноса",
    );
    doc.at_field("deadline", d)
}

/// Gives each measure its reports (by measure id, those that count by the
/// as-of date), newest first; the latest sets the measure's status. Then
/// each measure's status changes, and when it and its section last changed.
pub fn add_reports(
    sections: &mut [Section],
    mut reports: BTreeMap<String, Vec<Report>>,
    as_of: NaiveDate,
) {
    for section in sections {
        for m in &mut section.measures {
            if let Some(mut rs) = reports.remove(&m.id) {
                rs.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
                if let Some(latest) = rs.first() {
                    m.status = latest.status;
                }
                m.reports = rs;
            }
            m.status_changes = status_changes(m, as_of);
            m.modified = m
                .reports
                .iter()
                .map(|r| r.modified)
                .chain([m.modified])
                .max()
                .flatten();
        }
        section.modified = section
            .measures
            .iter()
            .map(|m| m.modified)
            .chain([section.modified])
            .max()
            .flatten();
    }
}

/// The status changes of a measure up to `as_of`, oldest first: its reports
/// in date order, and the deadline passing while there was no report yet.
fn status_changes(m: &Measure, as_of: NaiveDate) -> Vec<StatusChange> {
    let mut changes = Vec::new();
    let mut current = Status::Planned;
    let overdue_from = m.deadline.due().succ_opt().filter(|d| *d <= as_of);
    let mut reports: Vec<&Report> = m.reports.iter().collect();
    reports.sort_by_key(|r| (r.date, &r.slug));
    if let Some(day) = overdue_from.filter(|d| reports.first().is_none_or(|r| r.date >= *d)) {
        changes.push(StatusChange {
            date: day,
            old: current,
            new: Status::OverdueNoReport,
            report: None,
        });
        current = Status::OverdueNoReport;
    }
    for r in reports {
        if r.status != current {
            changes.push(StatusChange {
                date: r.date,
                old: current,
                new: r.status,
                report: Some(r.slug.clone()),
            });
            current = r.status;
        }
    }
    changes
}
