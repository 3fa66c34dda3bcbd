//! Stage 2: the roadmap model — sections, measures, organisations, reports,
//! news, datasets, and each measure's status derived against the as-of date.
//!
//! Takes [`Content`] (everything the loader read, as data), the as-of date
//! and the git history; gives the [`Roadmap`], or every problem found. It
//! reads no file and runs no program: the tests build it from strings.
//!
//! Building the model checks what the loader cannot: ids are unique and well
//! formed, measures belong to their section, organisations exist, deadlines
//! and phases are valid. Each kind of content has its module, called by
//! [`build`] in this order: [`organizations`] (the registry), [`roadmap`]
//! (sections and measures), [`reports`], then the organisations' list, the
//! investor texts, [`news`] and [`datasets`]. Problems are collected as they
//! are found and sorted once at the end.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::history::{DeadlineChange, History};
use crate::load::{Content, Doc, InvestorsMeta};
use crate::model::deadline::Deadline;
use crate::model::status::Status;
use chrono::NaiveDate;
use datasets::Dataset;
use markdown::{Finding, InternalLink};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub mod attachments;
pub mod datasets;
pub mod deadline;
pub mod investors;
pub mod markdown;
pub mod news;
pub mod opendata;
pub mod organizations;
pub mod reports;
pub mod roadmap;
pub mod status;
#[cfg(test)]
mod tests;

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
    /// The date the statuses were derived for.
    #[serde(skip)]
    pub as_of: NaiveDate,
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
    /// Reports and news items left out because they are drafts.
    #[serde(skip)]
    pub drafts_left_out: usize,
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
    /// Marked `draft = true`: only `kadry serve` shows it.
    pub draft: bool,
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
    /// Marked `draft = true`: only `kadry serve` shows it.
    pub draft: bool,
    pub attachments: Vec<Attachment>,
    /// Files of the report's `files/` folder that its body embeds or links
    /// to without attaching them: published, not listed as documents.
    #[serde(skip)]
    pub embedded: Vec<Attachment>,
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
pub fn id_key(id: &str) -> Vec<u32> {
    id.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// Ids that content may refer to, of one kind. When a file that defines
/// some of them could not be loaded, those count as known (the file's own
/// error says what is wrong), so that one broken file does not turn every
/// reference to it into an error of its own.
#[derive(Default)]
pub struct Ids {
    ids: BTreeSet<String>,
    /// The whole list is unreadable: every id counts as known.
    unreadable: bool,
}

impl From<BTreeSet<String>> for Ids {
    /// A complete list of ids.
    fn from(ids: BTreeSet<String>) -> Ids {
        Ids {
            ids,
            unreadable: false,
        }
    }
}

impl Ids {
    pub fn contains(&self, id: &str) -> bool {
        self.unreadable || self.ids.contains(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.ids.iter()
    }

    /// The hint for `id`, which is not among these: the closest known id
    /// with where to look them up, or `otherwise` when none is close.
    pub fn hint(&self, id: &str, where_: &str, otherwise: &str) -> String {
        match closest(id, self.iter().map(String::as_str)) {
            Some(k) => format!("возможно, имелось в виду «{k}»; {where_}"),
            None => otherwise.to_string(),
        }
    }
}

/// The ids that content may refer to: measures and organisations.
pub struct Known<'a> {
    pub measures: &'a Ids,
    pub organizations: &'a Ids,
}

/// Builds the roadmap from loaded content, checking it; on any error,
/// every problem found (sorted, without repeats) instead.
pub fn build(
    content: Content,
    as_of: NaiveDate,
    history: &History,
    markdown: &markdown::Renderer,
) -> Result<Roadmap, Diagnostics> {
    let (roadmap, problems) = build_all(content, as_of, history, markdown, false);
    if problems.iter().any(|d| d.severity == Severity::Error) {
        let mut diags = Diagnostics::default();
        diags.extend(problems);
        return Err(diags);
    }
    Ok(roadmap)
}

/// Builds the roadmap from what could be loaded, whatever is wrong:
/// gives it with every problem found in loading and here (errors and
/// warnings, sorted, without repeats), so that links and the rest can
/// still be checked over it. The roadmap's `warnings` are the warnings
/// among them. Drafts are checked like the rest, and left out of the
/// roadmap unless `show_drafts`.
pub fn build_all(
    mut content: Content,
    as_of: NaiveDate,
    history: &History,
    markdown: &markdown::Renderer,
    show_drafts: bool,
) -> (Roadmap, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    diags.extend(std::mem::take(&mut content.problems));
    let mut links = Vec::new();

    let org_ids = Ids {
        ids: organizations::check(&content, &mut diags),
        unreadable: content.organizations_unreadable,
    };
    let mut sections = roadmap::sections(
        &content.sections,
        &org_ids,
        as_of,
        history,
        markdown,
        &mut diags,
        &mut links,
    );
    // Every measure written counts as known, those left out of the roadmap
    // for their own errors too, and one whose file could not be loaded by
    // its name: references to them are not errors of their own.
    let unreadable_measures = content
        .unreadable
        .iter()
        .filter(|p| p.starts_with("content/roadmap"))
        .filter_map(|p| p.file_stem()?.to_str().map(String::from));
    let written = content
        .sections
        .iter()
        .flat_map(|s| s.measures.iter().map(|m| m.meta.id.clone()));
    let measure_ids = Ids {
        ids: written.chain(unreadable_measures).collect(),
        unreadable: false,
    };
    let known = Known {
        measures: &measure_ids,
        organizations: &org_ids,
    };
    let mut reports = reports::build(
        &content, &sections, &known, history, markdown, as_of, &mut diags,
    );
    let mut drafts_left_out = 0;
    if !show_drafts {
        for list in reports.by_measure.values_mut() {
            let before = list.len();
            list.retain(|r| !r.draft);
            drafts_left_out += before - list.len();
        }
        let drafts: Vec<String> = content
            .reports
            .iter()
            .filter(|d| d.meta.draft)
            .map(|d| d.path.display().to_string())
            .collect();
        reports
            .links
            .retain(|l| !drafts.contains(&l.path.display().to_string()));
    }
    links.extend(reports.links);
    roadmap::add_reports(&mut sections, reports.by_measure, as_of);
    diags.extend(reports::reopened(&sections, &content));
    let organizations = organizations::list(&content.organizations, &sections);
    let investors = content
        .investors
        .map(|(ru, en)| investor_texts(ru, en, &known, markdown, &mut diags, &mut links));
    let mut news = news::build(
        &content.news,
        &known,
        as_of,
        history,
        markdown,
        &mut diags,
        &mut links,
    );
    if !show_drafts {
        let drafts: Vec<&Path> = content
            .news
            .iter()
            .filter(|d| d.meta.draft)
            .map(|d| d.path.as_path())
            .collect();
        drafts_left_out += drafts.len();
        news.retain(|n| !n.draft);
        links.retain(|l| !drafts.contains(&l.path.as_path()));
    }
    let datasets = datasets::build(content.datasets, &known, history, &mut diags);
    diags.extend(opendata::check(&datasets));
    diags.extend(investors::check(investors.as_ref(), &datasets));

    // the walk over content/ and a reader may name one file for one reason
    let found = crate::load::unique(diags.sorted());
    let warnings = found
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    let roadmap = Roadmap {
        as_of,
        datasets,
        investors,
        news,
        title: content.roadmap.map(|r| r.meta.title).unwrap_or_default(),
        sections,
        organizations,
        warnings,
        drafts_left_out,
        links,
    };
    (roadmap, found)
}

/// The investor section's texts, their references to measures and to the
/// contact's organisation checked.
fn investor_texts(
    ru: Doc<InvestorsMeta>,
    en: Doc<InvestorsMeta>,
    known: &Known,
    markdown: &markdown::Renderer,
    diags: &mut Diagnostics,
    links: &mut Vec<ContentLink>,
) -> Investors {
    let mut text = |doc: Doc<InvestorsMeta>| {
        let m = &doc.meta;
        let referenced = m
            .procedure_measures
            .iter()
            .chain(&m.coordinator_measure)
            .chain(m.measure_titles.keys());
        for id in referenced {
            if !known.measures.contains(id) {
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
        if !known.organizations.contains(&m.contact.organization) {
            diags.push(doc.error_at(
                "organization",
                format!(
                    "организация «{}» не найдена в content/organizations.toml",
                    m.contact.organization
                ),
                "укажите id организации из реестра",
            ));
        }
        let body_html = render_body(&doc, markdown, diags, links);
        InvestorsText {
            meta: doc.meta,
            body_html,
        }
    };
    Investors {
        ru: text(ru),
        en: text(en),
    }
}

/// A document's Markdown body as HTML; its findings go to `diags` and its
/// links to this site to `links`.
fn render_body<T>(
    doc: &Doc<T>,
    markdown: &markdown::Renderer,
    diags: &mut Diagnostics,
    links: &mut Vec<ContentLink>,
) -> String {
    let body = markdown.render(&doc.body);
    diags.extend(findings(doc, &body.findings));
    links.extend(content_links(doc, body.links));
    body.html
}

/// Diagnostics for a Markdown body's findings, at their lines in the file.
fn findings<T>(doc: &Doc<T>, found: &[Finding]) -> Vec<Diagnostic> {
    found
        .iter()
        .map(|f| {
            let d = if f.error {
                Diagnostic::error(&doc.path, f.message.clone(), f.hint.clone())
            } else {
                Diagnostic::warning(&doc.path, f.message.clone(), f.hint.clone())
            };
            d.at(doc.body_line + f.line - 1, 1)
        })
        .collect()
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

/// When a file last changed: its last commit, else its `updated` field.
fn changed(
    history: &History,
    path: &Path,
    updated: &Option<toml::value::Datetime>,
) -> Option<NaiveDate> {
    history
        .last_changed(path)
        .or_else(|| updated.as_ref().and_then(toml_date))
}

/// The date of a TOML date (or date-time), if it is one.
fn toml_date(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

/// The `date` field of a report or news item (a TOML date, or the same as a
/// string); an error at that field when it is not a real `ГГГГ-ММ-ДД` date.
fn doc_date<T>(doc: &Doc<T>, value: &toml::Value, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let text = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d");
    if date.is_err() {
        use crate::load::frontmatter::dates;
        // the editor's own date, read as written, gives the line to type
        let hint = match dates::read(&text) {
            Some(read) => format!("пишите дату в виде ГГГГ-ММ-ДД, без кавычек: date = {read}"),
            None => dates::why_not_real("date", &text)
                .unwrap_or_else(|| "например: date = 2019-01-20".into()),
        };
        diags.push(doc.error_at(
            "date",
            format!("дата «{text}» не существует или записана не в виде ГГГГ-ММ-ДД"),
            &hint,
        ));
    }
    date.ok()
}

/// The known word closest to `word`, if any is close enough to be a typo.
fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k)
}
