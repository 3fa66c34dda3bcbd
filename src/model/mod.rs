//! Stage 2: the roadmap model — sections, measures, organisations and each
//! measure's status derived against the as-of date.
//!
//! Building the model checks what the loader cannot: ids are unique and well
//! formed, measures belong to their section, organisations exist, deadlines
//! and phases are valid.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::history::{DeadlineChange, History};
use crate::load::{Content, Doc, MeasureMeta, ReportMeta};
use crate::model::deadline::Deadline;
use crate::model::status::Status;
use chrono::NaiveDate;
use datasets::Dataset;
use markdown::InternalLink;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub mod attachments;
pub mod datasets;
pub mod deadline;
pub mod investors;
pub mod markdown;
pub mod opendata;
pub mod status;

use attachments::{Addresses, Place};

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
    /// Tabular data (`content/data/`), checked against the roadmap.
    pub datasets: Vec<Dataset>,
    /// The investor section (15.2) in Russian and English.
    pub investors: Option<Investors>,
    /// News items dated on or before the as-of date, newest first.
    pub news: Vec<News>,
    /// Problems that do not stop the build (they hurt readers).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// Links from Markdown bodies to pages of this site, checked after rendering.
    #[serde(skip)]
    pub links: Vec<ContentLink>,
}

/// An internal link written in a content file.
#[derive(Debug, Clone)]
pub struct ContentLink {
    pub url: String,
    pub path: PathBuf,
    pub line: usize,
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
    pub body_html: String,
    pub measures: Vec<Measure>,
    /// When the section's file, a measure or a report in it last changed.
    pub modified: Option<NaiveDate>,
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
    /// Reports dated on or before the as-of date, newest first.
    #[serde(skip)]
    pub reports: Vec<Report>,
    /// How the deadline changed, from the file's history, oldest first.
    /// Pages see both kinds of change merged (`history` of a measure view).
    #[serde(skip)]
    pub deadline_changes: Vec<DeadlineChange>,
    /// How the status changed up to the as-of date, oldest first.
    #[serde(skip)]
    pub status_changes: Vec<StatusChange>,
    /// When the measure's file or one of its reports last changed.
    pub modified: Option<NaiveDate>,
    pub source: String,
}

/// A change of a measure's status: by a report, or by its deadline passing.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub date: NaiveDate,
    pub old: Status,
    pub new: Status,
    /// The report that set the new status; `None` when the deadline passed.
    pub report: Option<String>,
}

/// A news item.
#[derive(Debug, Serialize)]
pub struct News {
    /// Address below `/news/`, from the file name.
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub summary: String,
    pub author: Option<String>,
    pub measures: Vec<String>,
    pub demo: bool,
    pub body_html: String,
    pub modified: Option<NaiveDate>,
    pub source: String,
}

/// The investor section's texts, checked against the roadmap.
#[derive(Debug, Serialize)]
pub struct Investors {
    pub ru: InvestorsText,
    pub en: InvestorsText,
}

#[derive(Debug, Serialize)]
pub struct InvestorsText {
    #[serde(flatten)]
    pub meta: crate::load::InvestorsMeta,
    pub body_html: String,
}

/// A progress report on one measure.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Address below `/reports/`, from the file path: `14.1/2019-01-20-inventarizaciya`.
    pub slug: String,
    pub measure: String,
    pub date: NaiveDate,
    pub status: Status,
    pub title: String,
    pub author: String,
    pub demo: bool,
    pub attachments: Vec<Attachment>,
    /// Only the report's own page shows it: listings leave it out.
    #[serde(skip)]
    pub body_html: String,
    /// When the report's file last changed.
    pub modified: Option<NaiveDate>,
    pub source: String,
}

/// A file published with a report, stored under `content/`.
#[derive(Debug, Serialize)]
pub struct Attachment {
    /// Path under `content/`, which is also its path on the site.
    pub file: String,
    pub title: String,
    /// Upper-case extension: "PDF", "CSV".
    pub format: String,
    pub size: u64,
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

    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.measures().flat_map(|m| m.reports.iter())
    }
}

/// Report statuses editors may write, and what they mean.
pub const REPORT_STATUSES: [(&str, Status); 5] = [
    ("done", Status::Done),
    ("in_progress", Status::InProgress),
    ("delayed", Status::Delayed),
    ("not_started", Status::NotStarted),
    ("cancelled", Status::Cancelled),
];

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

pub fn build(
    mut content: Content,
    as_of: NaiveDate,
    history: &History,
    cache: Option<&markdown::Cache>,
) -> Result<Roadmap, Diagnostics> {
    let mut diags = Diagnostics::default();
    diags.extend(std::mem::take(&mut content.notices));

    let org_ids = check_organizations(&content, &mut diags);
    let mut seen_measures: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_sections: BTreeMap<String, String> = BTreeMap::new();
    let mut links = Vec::new();

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
            if let Some(m) = build_measure(doc, &idx.meta.id, &org_ids, as_of, history, &mut diags)
            {
                measures.push(m);
            }
        }
        measures.sort_by_key(|m| id_key(&m.id));
        let body = markdown::render(&idx.body);
        diags.extend(idx.body_findings(&body.findings));
        links.extend(content_links(idx, body.links));
        sections.push(Section {
            id: idx.meta.id.clone(),
            title: idx.meta.title.clone(),
            position: idx.meta.position,
            position_title: idx.meta.position_title.clone(),
            key_result: idx.meta.key_result.clone(),
            body: idx.body.clone(),
            body_html: body.html,
            modified: changed(history, &idx.path, &idx.meta.updated),
            measures,
            source,
        });
    }
    sections.sort_by_key(|s| id_key(&s.id));

    let measure_ids: BTreeSet<String> = sections
        .iter()
        .flat_map(|s| s.measures.iter().map(|m| m.id.clone()))
        .collect();
    let executors: HashMap<&str, &[String]> = sections
        .iter()
        .flat_map(|s| &s.measures)
        .map(|m| (m.id.as_str(), m.responsible.as_slice()))
        .collect();
    // Markdown is the costly part of a report: render the bodies on every core.
    let bodies: Vec<markdown::Rendered> = content
        .reports
        .par_iter()
        .map(|doc| match cache {
            Some(cache) => cache.render(&doc.body),
            None => markdown::render(&doc.body),
        })
        .collect();
    let mut reports: BTreeMap<String, Vec<Report>> = BTreeMap::new();
    let mut seen_slugs: BTreeMap<String, String> = BTreeMap::new();
    let place = Place {
        dir: &content.dir,
        jail: crate::load::Jail::new(&content.dir),
    };
    let mut addresses = Addresses::default();
    for (doc, body) in content.reports.iter().zip(bodies) {
        let Some((report, body_links)) = build_report(
            doc,
            body,
            history,
            &place,
            &measure_ids,
            &org_ids,
            &mut diags,
        ) else {
            continue;
        };
        if let Some(first) = seen_slugs.insert(report.slug.clone(), report.source.clone()) {
            diags.push(Diagnostic::error(
                &doc.path,
                format!(
                    "адрес отчёта /reports/{}/ уже занят отчётом {first}",
                    report.slug
                ),
                "переименуйте один из файлов: адрес отчёта строится из имени файла",
            ));
        } else {
            let page = format!("reports/{}/index.html", report.slug);
            if let Err(other) = addresses.take(&page, format!("страница отчёта {}", report.source))
            {
                diags.push(Diagnostic::error(
                    &doc.path,
                    format!("адрес отчёта /reports/{}/ совпадает с уже занятым: {other}", report.slug),
                    "переименуйте файл отчёта: адрес строится из имени файла, заглавные и строчные буквы в адресах не различаются",
                ));
            }
        }
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
        links.extend(body_links);
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
            diags.push(match doc.line_of("author") {
                Some(line) => d.at(line, 1),
                None => d,
            });
        }
        // A report dated after the as-of date does not count yet.
        if report.date <= as_of {
            reports
                .entry(report.measure.clone())
                .or_default()
                .push(report);
        }
    }
    for section in &mut sections {
        for m in &mut section.measures {
            if let Some(mut rs) = reports.remove(&m.id) {
                rs.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
                m.status = rs[0].status;
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

    let investors = content.investors.map(|(ru, en)| {
        let mut text = |doc: Doc<crate::load::InvestorsMeta>| {
            let m = &doc.meta;
            let referenced = m
                .procedure_measures
                .iter()
                .chain(&m.coordinator_measure)
                .chain(m.measure_titles.keys());
            for id in referenced {
                if !measure_ids.contains(id) {
                    let d = Diagnostic::error(
                        &doc.path,
                        format!("мероприятие «{id}» не найдено в дорожной карте"),
                        "укажите номер мероприятия, например \"2.2\"",
                    );
                    diags.push(match doc.line_containing(&format!("\"{id}\"")) {
                        Some(line) => d.at(line, 1),
                        None => d,
                    });
                }
            }
            if !org_ids.contains(&m.contact.organization) {
                diags.push(doc.error_at(
                    "organization",
                    format!(
                        "организация «{}» не найдена в content/organizations.toml",
                        m.contact.organization
                    ),
                    "укажите id организации из реестра",
                ));
            }
            let body = markdown::render(&doc.body);
            diags.extend(doc.body_findings(&body.findings));
            links.extend(content_links(&doc, body.links));
            InvestorsText {
                meta: doc.meta,
                body_html: body.html,
            }
        };
        Investors {
            ru: text(ru),
            en: text(en),
        }
    });

    let mut news = Vec::new();
    for doc in &content.news {
        let errors_before = diags.error_count();
        let m = &doc.meta;
        let date = report_date(&m.date)
            .map_err(|text| {
                diags.push(doc.error_at(
                    "date",
                    format!("дата «{text}» не существует или записана не в виде ГГГГ-ММ-ДД"),
                    "например: date = 2019-01-20",
                ))
            })
            .ok();
        if let Some(author) = m.author.as_ref().filter(|a| !org_ids.contains(*a)) {
            diags.push(doc.error_at(
                "author",
                format!("автор «{author}» не найден в content/organizations.toml"),
                "укажите id организации из реестра или уберите поле author",
            ));
        }
        for id in m.measures.iter().filter(|id| !measure_ids.contains(*id)) {
            diags.push(doc.error_at(
                "measures",
                format!("мероприятие «{id}» не найдено в дорожной карте"),
                "укажите номера мероприятий, например measures = [\"1.7\"]",
            ));
        }
        let slug = doc
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            diags.push(Diagnostic::error(
                &doc.path,
                "имя файла новости становится адресом страницы и может содержать только строчные латинские буквы, цифры и дефисы",
                "например: content/news/2019-01-20-forum-professiy.md",
            ));
        }
        let body = markdown::render(&doc.body);
        diags.extend(doc.body_findings(&body.findings));
        links.extend(content_links(doc, body.links));
        if let Some(date) = date.filter(|d| *d <= as_of && diags.error_count() == errors_before) {
            news.push(News {
                slug,
                title: m.title.clone(),
                date,
                summary: m.summary.clone(),
                author: m.author.clone(),
                measures: m.measures.clone(),
                demo: m.demo,
                body_html: body.html,
                modified: changed(history, &doc.path, &m.updated),
                source: doc.path.display().to_string(),
            });
        }
    }
    news.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));

    let root = content.dir.parent().unwrap_or(Path::new("."));
    let known = datasets::Known {
        measures: &measure_ids,
        organizations: &org_ids,
    };
    let datasets = datasets::load(root, &known, &mut diags);
    diags.extend(opendata::check(&datasets));
    diags.extend(investors::check(investors.as_ref(), &datasets));

    // the walk over content/ and a reader may name one file for one reason
    let found = crate::load::unique(diags.sorted());
    if found.iter().any(|d| d.severity == Severity::Error) {
        let mut diags = Diagnostics::default();
        diags.extend(found);
        return Err(diags);
    }
    Ok(Roadmap {
        datasets,
        investors,
        news,
        title: content.roadmap.meta.title,
        sections,
        organizations,
        warnings: found,
        links,
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
        reports: Vec::new(),
        deadline_changes: history.deadline_changes(&doc.path).to_vec(),
        status_changes: Vec::new(),
        modified: changed(history, &doc.path, &meta.updated),
        source: doc.path.display().to_string(),
    })
}

/// When a file last changed: its last commit, else its `updated` field.
fn changed(
    history: &History,
    path: &Path,
    updated: &Option<toml::value::Datetime>,
) -> Option<NaiveDate> {
    history.last_changed(path).or_else(|| {
        let d = updated.as_ref()?.date?;
        NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
    })
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

fn content_links<T>(doc: &Doc<T>, links: Vec<InternalLink>) -> Vec<ContentLink> {
    links
        .into_iter()
        .map(|l| ContentLink {
            url: l.url,
            path: doc.path.clone(),
            line: doc.body_line + l.line - 1,
        })
        .collect()
}

fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k)
}

fn report_date(value: &toml::Value) -> Result<NaiveDate, String> {
    let text = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| text)
}

fn build_report(
    doc: &Doc<ReportMeta>,
    body: markdown::Rendered,
    history: &History,
    place: &Place,
    measure_ids: &BTreeSet<String>,
    org_ids: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<(Report, Vec<ContentLink>)> {
    let meta = &doc.meta;
    let errors_before = diags.error_count();

    if !measure_ids.contains(&meta.measure) {
        let hint = match closest(&meta.measure, measure_ids.iter().map(String::as_str)) {
            Some(k) => format!("возможно, имелось в виду «{k}»; номера — на странице /roadmap/"),
            None => "укажите номер мероприятия из дорожной карты, например \"14.1\"".into(),
        };
        diags.push(doc.error_at(
            "measure",
            format!("мероприятие «{}» не найдено в дорожной карте", meta.measure),
            &hint,
        ));
    }
    let date = report_date(&meta.date)
        .map_err(|text| {
            diags.push(doc.error_at(
                "date",
                format!("дата «{text}» не существует или записана не в виде ГГГГ-ММ-ДД"),
                "например: date = 2019-01-20",
            ))
        })
        .ok();
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
    if !org_ids.contains(&meta.author) {
        diags.push(doc.error_at(
            "author",
            format!(
                "автор «{}» не найден в content/organizations.toml",
                meta.author
            ),
            "укажите id организации из реестра, например \"dep-education\"",
        ));
    }
    let slug = report_slug(&doc.path);
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
        .filter_map(|a| attachments::attachment(doc, a, place, diags))
        .collect();

    diags.extend(doc.body_findings(&body.findings));
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
            attachments,
            body_html: body.html,
            modified: changed(history, &doc.path, &meta.updated),
            source: doc.path.display().to_string(),
        },
        content_links(doc, body.links),
    ))
}

/// `content/reports/14.1/2019-01-20-x.md` → `14.1/2019-01-20-x`; lower-cased,
/// as addresses are, so two files differing only in case collide visibly.
fn report_slug(path: &Path) -> String {
    let rel = path
        .strip_prefix("content/reports")
        .unwrap_or(path)
        .with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .collect::<Vec<_>>()
        .join("/")
}
