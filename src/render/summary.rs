//! `/roadmap/summary/`: a printable status summary for a council meeting —
//! the date, counts by status, the late measures first (with executors,
//! status and the date its source set it), then counts by section and by
//! executor. Every number is computed here ([`summary`]); the template only
//! lays it out.

use super::{ru, views, Crumb, Ctx, Family, Page};
use crate::address::{self, Urls};
use crate::model::status::Status;
use crate::model::{Measure, Roadmap};
use chrono::NaiveDate;
use serde::Serialize;

/// Counts of one status.
#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: usize,
    /// "11 мероприятий" (with a no-break space)
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Where a late measure's status comes from.
#[derive(Debug, Serialize)]
pub struct Source {
    /// The day the status took effect: the report's date, or the day after
    /// the deadline when no report came.
    pub date: NaiveDate,
    pub date_text: String,
    /// The report that set the status, if any.
    pub report: Option<Link>,
    /// The report's author (short name).
    pub author: Option<String>,
    pub demo: bool,
}

/// A late measure: delayed by its report, or past its deadline without one.
#[derive(Debug, Serialize)]
pub struct LateItem {
    pub id: String,
    pub title: String,
    pub url: String,
    pub deadline_text: String,
    pub executors: Vec<Link>,
    pub status: Status,
    pub source: Option<Source>,
}

/// Counts per status (in [`Summary::columns`] order) for one row.
#[derive(Debug, Serialize)]
pub struct CountRow {
    pub id: String,
    pub label: String,
    pub url: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct CountTable {
    pub rows: Vec<CountRow>,
    /// Column sums, in [`Summary::columns`] order.
    pub totals: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    /// "74 мероприятия"
    pub total_text: String,
    pub done: usize,
    /// Share done among measures not cancelled, in whole percent.
    pub percent_done: usize,
    /// Non-zero counts, in `Status::ALL` order.
    pub counts: Vec<StatusCount>,
    /// The statuses that occur, in `Status::ALL` order: the count tables' columns.
    pub columns: Vec<Status>,
    /// Delayed and overdue measures, in roadmap order.
    pub late: Vec<LateItem>,
    /// "12 мероприятий"
    pub late_text: String,
    pub by_section: CountTable,
    pub by_executor: CountTable,
    /// Measures whose status comes from a demonstration report.
    pub demo_statuses: usize,
}

/// Late for the summary: delayed by a report, or past the deadline without one.
pub fn is_late(s: Status) -> bool {
    super::timeline::is_late(s)
}

fn counts_row<'a>(
    columns: &[Status],
    measures: impl Iterator<Item = &'a Measure>,
) -> (Vec<usize>, usize) {
    let mut counts = vec![0; columns.len()];
    let mut total = 0;
    for m in measures {
        total += 1;
        if let Some(i) = columns.iter().position(|s| *s == m.status) {
            counts[i] += 1;
        }
    }
    (counts, total)
}

fn table(columns: &[Status], rows: Vec<CountRow>) -> CountTable {
    let mut totals = vec![0; columns.len()];
    for r in &rows {
        for (t, c) in totals.iter_mut().zip(&r.counts) {
            *t += c;
        }
    }
    CountTable {
        total: rows.iter().map(|r| r.total).sum(),
        rows,
        totals,
    }
}

fn source(roadmap: &Roadmap, m: &Measure, urls: &Urls) -> Option<Source> {
    let change = m.status_changes.last()?;
    let report = change
        .report
        .as_ref()
        .and_then(|slug| m.reports.iter().find(|r| &r.slug == slug));
    Some(Source {
        date: change.date,
        date_text: ru::long_date(change.date),
        report: report.map(|r| Link {
            title: r.title.clone(),
            url: urls.report(&r.slug),
        }),
        author: report
            .and_then(|r| roadmap.organization(&r.author))
            .map(|o| o.short_name.clone()),
        demo: report.is_some_and(|r| r.demo),
    })
}

/// The summary of `roadmap` (statuses as derived for its as-of date), with
/// addresses below the site's base path `base` (e.g. `"/"`).
pub fn summary(roadmap: &Roadmap, urls: &Urls) -> Summary {
    let measure_url = |m: &Measure| urls.measure(&m.section_id, &m.id);
    let counts: Vec<StatusCount> = crate::model::status_counts(roadmap.measures())
        .into_iter()
        .map(|(status, count)| StatusCount {
            status,
            count,
            // "1 мероприятие" stays on one line
            text: views::measures_text(count).replace(' ', "\u{a0}"),
        })
        .collect();
    let columns: Vec<Status> = counts.iter().map(|c| c.status).collect();
    let total = roadmap.measures().count();
    let count_of = |s: Status| counts.iter().find(|c| c.status == s).map_or(0, |c| c.count);
    let done = count_of(Status::Done);
    let active = total - count_of(Status::Cancelled);

    let late: Vec<LateItem> = roadmap
        .measures()
        .filter(|m| is_late(m.status))
        .map(|m| LateItem {
            id: m.id.clone(),
            title: m.title.clone(),
            url: measure_url(m),
            deadline_text: m.deadline_text.clone(),
            executors: m
                .responsible
                .iter()
                .filter_map(|id| roadmap.organization(id))
                .map(|o| Link {
                    title: o.short_name.clone(),
                    url: urls.executor(&o.id),
                })
                .collect(),
            status: m.status,
            source: source(roadmap, m, urls),
        })
        .collect();

    let by_section = table(
        &columns,
        roadmap
            .sections
            .iter()
            .map(|s| {
                let (counts, total) = counts_row(&columns, s.measures.iter());
                CountRow {
                    id: s.id.clone(),
                    label: s.position_title.clone().unwrap_or_else(|| s.title.clone()),
                    url: urls.section(&s.id),
                    counts,
                    total,
                }
            })
            .collect(),
    );
    let by_executor = table(
        &columns,
        roadmap
            .organizations
            .iter()
            .filter(|o| !o.measures.is_empty())
            .map(|o| {
                let (counts, total) = counts_row(
                    &columns,
                    roadmap.measures().filter(|m| m.responsible.contains(&o.id)),
                );
                CountRow {
                    id: o.id.clone(),
                    label: o.short_name.clone(),
                    url: urls.executor(&o.id),
                    counts,
                    total,
                }
            })
            .collect(),
    );
    Summary {
        total,
        total_text: views::measures_text(total),
        done,
        percent_done: (done * 100).checked_div(active).unwrap_or(0),
        counts,
        columns,
        late_text: views::measures_text(late.len()),
        late,
        by_section,
        by_executor,
        demo_statuses: roadmap
            .measures()
            .filter(|m| m.reports.first().is_some_and(|r| r.demo))
            .count(),
    }
}
/// The summary of the roadmap: counts, late measures, by section and executor.
pub(super) struct SummaryPage;

impl<'a> Family<'a> for SummaryPage {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }
}

fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let urls = ctx.urls;
    let data = summary(ctx.roadmap, urls);
    let modified = ctx.roadmap.sections.iter().filter_map(|s| s.modified).max();
    let roadmap_crumb = Crumb::new("Дорожная карта", urls.page(address::ROADMAP));
    // genitive after "статус": 1 (21…) мероприятия, otherwise мероприятий
    let demo_text = (data.demo_statuses > 0).then(|| {
        let n = data.demo_statuses;
        let noun = ru::plural(n as u64, "мероприятия", "мероприятий", "мероприятий");
        format!(
            "Демонстрационные отчёты определяют статус {n} {noun} из {}",
            data.total
        )
    });
    vec![
        Page::new(address::SUMMARY, "summary.html", "Сводка о ходе выполнения")
            .under(&[ctx.home.clone(), roadmap_crumb])
            .modified(modified)
            .with("summary", &data)
            .with("demo_text", &demo_text),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_statuses() {
        assert!(is_late(Status::Delayed));
        assert!(is_late(Status::OverdueNoReport));
        for s in [
            Status::Done,
            Status::InProgress,
            Status::NotStarted,
            Status::Planned,
            Status::Cancelled,
        ] {
            assert!(!is_late(s), "{s:?}");
        }
    }
}
