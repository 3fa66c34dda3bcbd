//! What templates see: the model's records joined with their addresses,
//! resolved organisation names and counts. Built once per build, shared by
//! every page, so no page depends on another page's rendering.

use super::ru;
use crate::address::Urls;
use crate::model::status::Status;
use crate::model::{self, Attachment, Measure, Organization, Report, Roadmap, Section};
use serde::Serialize;

#[derive(Serialize)]
pub struct OrgRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct MeasureView<'a> {
    #[serde(flatten)]
    pub measure: &'a Measure,
    pub url: String,
    pub responsible_orgs: Vec<OrgRef<'a>>,
    /// Newest first; the first one is the source of the status.
    pub report_views: Vec<ReportView<'a>>,
    /// Some report on this measure is demonstration data.
    pub demo: bool,
    /// Deadline and status changes merged, oldest first.
    pub history: Vec<HistoryRow>,
}

/// A measure as listings show it: without its reports and change history,
/// which only the measure's own page needs, so that a listing of every
/// measure stays small.
#[derive(Serialize)]
pub struct MeasureRow<'v, 'a> {
    #[serde(flatten)]
    pub measure: &'a Measure,
    pub url: &'v str,
    pub responsible_orgs: &'v [OrgRef<'a>],
    pub demo: bool,
}

impl<'a> MeasureView<'a> {
    pub fn row(&self) -> MeasureRow<'_, 'a> {
        MeasureRow {
            measure: self.measure,
            url: &self.url,
            responsible_orgs: &self.responsible_orgs,
            demo: self.demo,
        }
    }
}

/// Serialises a list of measures as [`MeasureRow`]s (`serialize_with`).
pub fn rows<'a, M, S>(measures: &[M], serializer: S) -> Result<S::Ok, S::Error>
where
    M: std::borrow::Borrow<MeasureView<'a>>,
    S: serde::Serializer,
{
    serializer.collect_seq(measures.iter().map(|m| m.borrow().row()))
}

/// One line of a measure's change history.
#[derive(Serialize)]
pub struct HistoryRow {
    pub date: chrono::NaiveDate,
    pub date_text: String,
    /// «срок» or «статус».
    pub what: &'static str,
    pub old: String,
    pub new: String,
    /// The report that made the change, if any.
    pub url: Option<String>,
}

fn history(m: &Measure, urls: &Urls) -> Vec<HistoryRow> {
    let deadlines = m.deadline_changes.iter().map(|c| HistoryRow {
        date: c.date,
        date_text: ru::long_date(c.date),
        what: "срок",
        old: c.old_text.clone(),
        new: c.new_text.clone(),
        url: None,
    });
    let statuses = m.status_changes.iter().map(|c| HistoryRow {
        date: c.date,
        date_text: ru::long_date(c.date),
        what: "статус",
        old: c.old.label().to_string(),
        new: c.new.label().to_string(),
        url: c.report.as_ref().map(|slug| urls.report(slug)),
    });
    let mut rows: Vec<HistoryRow> = deadlines.chain(statuses).collect();
    rows.sort_by_key(|r| (r.date, r.what));
    rows
}

#[derive(Serialize)]
pub struct AttachmentView<'a> {
    pub attachment: &'a Attachment,
    pub url: String,
    /// "12,4 КБ"
    pub size_text: String,
}

#[derive(Serialize)]
pub struct ReportView<'a> {
    pub report: &'a Report,
    pub url: String,
    pub date_text: String,
    pub author_org: Option<OrgRef<'a>>,
    pub attachment_views: Vec<AttachmentView<'a>>,
    pub measure_id: &'a str,
    pub measure_title: &'a str,
    pub measure_url: String,
    pub section_id: &'a str,
}

#[derive(Serialize)]
pub struct Count {
    pub status: Status,
    pub count: usize,
    /// "5 мероприятий"
    pub text: String,
}

/// Progress of a group of measures: counts by status and share done.
#[derive(Serialize)]
pub struct Progress {
    pub total: usize,
    pub total_text: String,
    pub done: usize,
    /// Share of measures done among those not cancelled, in whole percent.
    pub percent_done: usize,
    pub counts: Vec<Count>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub modified: Option<chrono::NaiveDate>,
    pub title: &'a str,
    pub position: Option<u32>,
    pub position_title: Option<&'a str>,
    pub key_result: &'a str,
    pub body_html: String,
    pub url: String,
    #[serde(serialize_with = "rows")]
    pub measures: Vec<MeasureView<'a>>,
    pub progress: Progress,
}

#[derive(Serialize)]
pub struct OrganizationView<'a> {
    #[serde(flatten)]
    pub org: &'a Organization,
    pub url: String,
    pub progress: Progress,
}

pub fn measures_text(n: usize) -> String {
    format!(
        "{n} {}",
        ru::plural(n as u64, "мероприятие", "мероприятия", "мероприятий")
    )
}

pub fn progress<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> Progress {
    let measures: Vec<&Measure> = measures.into_iter().collect();
    let total = measures.len();
    let counts: Vec<Count> = model::status_counts(measures.into_iter())
        .into_iter()
        .map(|(status, count)| Count {
            status,
            count,
            text: measures_text(count),
        })
        .collect();
    let count_of = |s: Status| counts.iter().find(|c| c.status == s).map_or(0, |c| c.count);
    let done = count_of(Status::Done);
    let active = total - count_of(Status::Cancelled);
    Progress {
        total,
        total_text: measures_text(total),
        done,
        percent_done: (done * 100).checked_div(active).unwrap_or(0),
        counts,
    }
}

/// "850 Б", "12,4 КБ", "3,1 МБ"
pub fn size_text(bytes: u64) -> String {
    let one = |v: f64, unit: &str| format!("{:.1} {unit}", v).replace('.', ",");
    match bytes {
        0..1024 => format!("{bytes} Б"),
        1024..1_048_576 => one(bytes as f64 / 1024.0, "КБ"),
        _ => one(bytes as f64 / 1_048_576.0, "МБ"),
    }
}

/// An organisation as pages link to it.
pub fn org_ref<'a>(roadmap: &'a Roadmap, urls: &Urls, id: &str) -> Option<OrgRef<'a>> {
    roadmap.organization(id).map(|o| OrgRef {
        id: &o.id,
        name: &o.name,
        short_name: &o.short_name,
        url: urls.executor(&o.id),
    })
}

fn report_view<'a>(
    roadmap: &'a Roadmap,
    m: &'a Measure,
    r: &'a Report,
    urls: &Urls,
) -> ReportView<'a> {
    ReportView {
        report: r,
        url: urls.report(&r.slug),
        date_text: ru::long_date(r.date),
        author_org: org_ref(roadmap, urls, &r.author),
        attachment_views: r
            .attachments
            .iter()
            .map(|a| AttachmentView {
                attachment: a,
                url: urls.page(&a.file),
                size_text: size_text(a.size),
            })
            .collect(),
        measure_id: &m.id,
        measure_title: &m.title,
        measure_url: urls.measure(&m.section_id, &m.id),
        section_id: &m.section_id,
    }
}

pub struct Views<'a> {
    pub sections: Vec<SectionView<'a>>,
    pub organizations: Vec<OrganizationView<'a>>,
    pub overall: Progress,
}

impl<'a> Views<'a> {
    pub fn new(roadmap: &'a Roadmap, urls: &Urls) -> Views<'a> {
        let sections = roadmap
            .sections
            .iter()
            .map(|s| section_view(roadmap, s, urls))
            .collect();
        let organizations = roadmap
            .organizations
            .iter()
            .map(|o| OrganizationView {
                org: o,
                url: urls.executor(&o.id),
                progress: progress(roadmap.measures().filter(|m| m.responsible.contains(&o.id))),
            })
            .collect();
        Views {
            sections,
            organizations,
            overall: progress(roadmap.measures()),
        }
    }

    pub fn measures(&self) -> impl Iterator<Item = &MeasureView<'a>> {
        self.sections.iter().flat_map(|s| s.measures.iter())
    }

    pub fn reports(&self) -> impl Iterator<Item = &ReportView<'a>> {
        self.measures().flat_map(|m| m.report_views.iter())
    }

    /// The `n` newest reports across the roadmap.
    pub fn latest_reports(&self, n: usize) -> Vec<&ReportView<'a>> {
        let mut all: Vec<&ReportView> = self.reports().collect();
        all.sort_by(|a, b| (b.report.date, &b.report.slug).cmp(&(a.report.date, &a.report.slug)));
        all.truncate(n);
        all
    }
}

fn section_view<'a>(roadmap: &'a Roadmap, s: &'a Section, urls: &Urls) -> SectionView<'a> {
    SectionView {
        id: &s.id,
        modified: s.modified,
        title: &s.title,
        position: s.position,
        position_title: s.position_title.as_deref(),
        key_result: &s.key_result,
        body_html: s.body_html.clone(),
        url: urls.section(&s.id),
        measures: s
            .measures
            .iter()
            .map(|m| MeasureView {
                measure: m,
                url: urls.measure(&m.section_id, &m.id),
                responsible_orgs: m
                    .responsible
                    .iter()
                    .filter_map(|id| org_ref(roadmap, urls, id))
                    .collect(),
                report_views: m
                    .reports
                    .iter()
                    .map(|r| report_view(roadmap, m, r, urls))
                    .collect(),
                demo: m.reports.iter().any(|r| r.demo),
                history: history(m, urls),
            })
            .collect(),
        progress: progress(s.measures.iter()),
    }
}
