//! Stage 2: the roadmap model — sections, measures, organisations and each
//! measure's status derived against the as-of date.
//!
//! Building the model checks what the loader cannot: ids are unique and well
//! formed, measures belong to their section, organisations exist, deadlines
//! and phases are valid.

use crate::content::{Content, Doc, MeasureMeta};
use crate::deadline::Deadline;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::status::Status;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const PHASES: [&str; 4] = ["Проектирование", "Реализация", "Оценка", "Оценка качества"];

/// Organisation kinds and their Russian names, in display order.
pub const ORGANIZATION_KINDS: [(&str, &str); 9] = [
    ("deputy_governor", "заместитель Губернатора"),
    ("department", "орган исполнительной власти"),
    ("working_group", "рабочая группа"),
    ("council", "совет"),
    ("coordination_centre", "координационный центр"),
    ("educational", "образовательные организации"),
    ("employers", "работодатели"),
    ("union", "союз"),
    ("other", "другие участники"),
];

#[derive(Debug, Serialize)]
pub struct Roadmap {
    pub title: String,
    pub sections: Vec<Section>,
    pub organizations: Vec<Organization>,
}

#[derive(Debug, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub position: Option<u32>,
    pub position_title: Option<String>,
    pub key_result: String,
    /// Markdown body of the section's `_index.md` (e.g. section 12's note).
    pub body: String,
    pub measures: Vec<Measure>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct Measure {
    pub id: String,
    pub section_id: String,
    pub title: String,
    pub key_result: String,
    pub deadline: Deadline,
    pub deadline_text: String,
    pub ongoing: bool,
    pub phase: Option<String>,
    pub responsible: Vec<String>,
    pub responsible_text: Option<String>,
    pub documents: Vec<String>,
    pub status: Status,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub kind_label: String,
    /// Ids of the measures this organisation answers for, in roadmap order.
    pub measures: Vec<String>,
}

impl Roadmap {
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        self.sections.iter().flat_map(|s| s.measures.iter())
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures().find(|m| m.id == id)
    }

    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }
}

/// Counts of measures by status, in `Status::ALL` order, omitting zeros.
pub fn status_counts<'a>(measures: impl Iterator<Item = &'a Measure>) -> Vec<(Status, usize)> {
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    for m in measures {
        *counts.entry(m.status).or_default() += 1;
    }
    Status::ALL
        .iter()
        .filter_map(|s| counts.get(s).map(|n| (*s, *n)))
        .collect()
}

/// Numeric sort key of a dotted id ("8.10" after "8.9").
fn id_key(id: &str) -> Vec<u32> {
    id.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

pub fn build(content: Content, as_of: NaiveDate) -> Result<Roadmap, Diagnostics> {
    let mut diags = Diagnostics::default();

    let org_ids = check_organizations(&content, &mut diags);
    let mut seen_measures: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_sections: BTreeMap<String, String> = BTreeMap::new();

    let mut sections = Vec::new();
    for src in content.sections {
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
            if let Some(m) = build_measure(doc, &idx.meta.id, &org_ids, as_of, &mut diags) {
                measures.push(m);
            }
        }
        measures.sort_by_key(|m| id_key(&m.id));
        sections.push(Section {
            id: idx.meta.id.clone(),
            title: idx.meta.title.clone(),
            position: idx.meta.position,
            position_title: idx.meta.position_title.clone(),
            key_result: idx.meta.key_result.clone(),
            body: idx.body.clone(),
            measures,
            source,
        });
    }
    sections.sort_by_key(|s| id_key(&s.id));

    let mut organizations: Vec<Organization> = content
        .organizations
        .iter()
        .map(|o| Organization {
            id: o.id.clone(),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            kind: o.kind.clone(),
            kind_label: ORGANIZATION_KINDS
                .iter()
                .find(|(k, _)| *k == o.kind)
                .map(|(_, l)| l.to_string())
                .unwrap_or_default(),
            measures: sections
                .iter()
                .flat_map(|s| &s.measures)
                .filter(|m| m.responsible.contains(&o.id))
                .map(|m| m.id.clone())
                .collect(),
        })
        .collect();
    organizations.sort_by_key(|o| {
        let kind_rank = ORGANIZATION_KINDS.iter().position(|(k, _)| *k == o.kind);
        (kind_rank, o.name.clone())
    });

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Roadmap {
        title: content.roadmap.meta.title,
        sections,
        organizations,
    })
}

/// Checks the registry and returns the set of known organisation ids.
fn check_organizations(content: &Content, diags: &mut Diagnostics) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let line_of = |needle: &str| {
        content
            .organizations_text
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
    };
    let err = |id: &str, message: String, hint: &str| {
        let d = Diagnostic::error(&content.organizations_path, message, hint);
        match line_of(&format!("\"{id}\"")) {
            Some(line) => d.at(line, 1),
            None => d,
        }
    };
    for o in &content.organizations {
        if !ids.insert(o.id.clone()) {
            diags.push(err(
                &o.id,
                format!("организация «{}» указана в реестре дважды", o.id),
                "каждая организация — один раз; удалите повтор",
            ));
        }
        if !ORGANIZATION_KINDS.iter().any(|(k, _)| *k == o.kind) {
            let known: Vec<&str> = ORGANIZATION_KINDS.iter().map(|(k, _)| *k).collect();
            diags.push(err(
                &o.id,
                format!("неизвестный вид организации «{}» у «{}»", o.kind, o.id),
                &format!("допустимые значения kind: {}", known.join(", ")),
            ));
        }
    }
    ids
}

fn build_measure(
    doc: &Doc<MeasureMeta>,
    section_id: &str,
    org_ids: &BTreeSet<String>,
    as_of: NaiveDate,
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
                "укажите id организации из реестра или добавьте её в реестр",
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
        source: doc.path.display().to_string(),
    })
}
