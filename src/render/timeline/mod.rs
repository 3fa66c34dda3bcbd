//! `/roadmap/timeline/`: every measure as a bar from the start to the end of
//! its deadline, grouped by section, on one year axis with the as-of date as
//! a vertical line. Drawn at build time as inline SVG, one per section.
//!
//! The geometry is computed here first ([`Axis`], [`bar`]) and tested; `svg`
//! only draws it. Status is told three ways besides colour: the status icon
//! beside each bar, the bar's fill pattern (hatched when late, cross-hatched
//! and struck through when cancelled) and the link's accessible name. The
//! roadmap table at `/roadmap/` is the text alternative.

mod svg;

use super::{ru, Crumb, Ctx, Family, Page};
use crate::address;
use crate::model::status::Status;
use crate::model::{Measure, Roadmap};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use svg::{as_of_label, section_svg, swatch, DEFS};

/// Width of every timeline SVG in CSS pixels, drawn 1:1 (it scrolls inside
/// its region on narrow screens rather than shrinking its text).
pub const WIDTH: f64 = 1088.0;
/// Left column with the status icon.
const GUTTER: f64 = 40.0;
/// Right margin.
const EDGE: f64 = 12.0;
/// Width of the zone past an axis break where a far as-of date is drawn.
const ZONE: f64 = 200.0;
/// Height of the axis above the bars.
const HEADER: f64 = 50.0;
/// Height of one measure: title line, then bar line.
const ROW: f64 = 50.0;
const TITLE_SIZE: f64 = 14.0;
const LABEL_SIZE: f64 = 13.0;
/// The label of an ongoing measure's arrow.
const ONGOING: &str = "постоянно";

/// Where the as-of date sits relative to the years the deadlines span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AsOfPlace {
    /// On the axis (the axis is widened by up to a year to take it in).
    Within,
    /// Far before the first deadline: drawn left of an axis break.
    Before,
    /// Far after the last deadline: drawn right of an axis break.
    After,
}

/// The time axis shared by every section: whole years from January 1 of
/// `start` to January 1 of `end`, mapped linearly onto `x0..x1`.
#[derive(Debug, Clone)]
pub struct Axis {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub x0: f64,
    pub x1: f64,
    pub as_of: NaiveDate,
    pub as_of_x: f64,
    pub as_of_place: AsOfPlace,
}

fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

impl Axis {
    /// The axis for `measures` judged on `as_of`: from the first deadline's
    /// year to the end of the last one's, widened by up to a year to take
    /// in the as-of date; a date further away gets its own zone beyond an
    /// axis break instead of squeezing the years that matter.
    pub fn new<'a>(measures: impl IntoIterator<Item = &'a Measure>, as_of: NaiveDate) -> Axis {
        let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        for m in measures {
            let (s, d) = (m.deadline.starts(), m.deadline.due());
            first = Some(first.map_or(s, |f| f.min(s)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
        let mut y0 = first.map_or(as_of.year(), |d| d.year());
        let mut y1 = last.map_or(as_of.year(), |d| d.year()) + 1;
        let mut place = AsOfPlace::Within;
        if as_of < jan1(y0) {
            if y0 - as_of.year() <= 1 {
                y0 = as_of.year();
            } else {
                place = AsOfPlace::Before;
            }
        } else if as_of >= jan1(y1) {
            if as_of.year() == y1 {
                y1 += 1;
            } else {
                place = AsOfPlace::After;
            }
        }
        let x0 = GUTTER
            + 8.0
            + if place == AsOfPlace::Before {
                ZONE
            } else {
                0.0
            };
        let x1 = WIDTH - EDGE - if place == AsOfPlace::After { ZONE } else { 0.0 };
        let mut axis = Axis {
            start: jan1(y0),
            end: jan1(y1),
            x0,
            x1,
            as_of,
            as_of_x: 0.0,
            as_of_place: place,
        };
        axis.as_of_x = match place {
            AsOfPlace::Within => axis.x(as_of),
            AsOfPlace::Before => GUTTER + 24.0,
            AsOfPlace::After => WIDTH - EDGE - 10.0,
        };
        axis
    }

    /// The x of the start of day `d` (linear in days between `start` and `end`).
    pub fn x(&self, d: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        let t = (d - self.start).num_days() as f64 / span;
        self.x0 + t * (self.x1 - self.x0)
    }

    /// Year boundaries (January 1) from `start` to `end` inclusive, with x.
    pub fn years(&self) -> Vec<(i32, f64)> {
        (self.start.year()..=self.end.year())
            .map(|y| (y, self.x(jan1(y))))
            .collect()
    }

    /// The x of every quarter boundary that is not a year boundary.
    fn quarters(&self) -> Vec<f64> {
        (self.start.year()..self.end.year())
            .flat_map(|y| [4, 7, 10].map(|m| NaiveDate::from_ymd_opt(y, m, 1)))
            .flatten()
            .map(|d| self.x(d))
            .collect()
    }
}

/// A measure's bar: from the first day of its deadline to the end of its last.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub id: String,
    pub status: Status,
    /// `deadline.starts()`
    pub x_start: f64,
    /// The end of `deadline.due()` (the start of the day after it).
    pub x_end: f64,
    /// An ongoing ("постоянно") measure: where its arrow ends, at the as-of
    /// line when that is past the bar, else a little beyond the bar.
    pub x_ongoing: Option<f64>,
}

impl Bar {
    /// Late: delayed by a report, or past the deadline without one.
    pub fn overdue(&self) -> bool {
        is_late(self.status)
    }
}

/// Statuses drawn as late (hatched): the summary's "overdue" too.
pub fn is_late(s: Status) -> bool {
    matches!(s, Status::Delayed | Status::OverdueNoReport)
}

/// The bar of measure `m` on `axis`.
pub fn bar(axis: &Axis, m: &Measure) -> Bar {
    let x_start = axis.x(m.deadline.starts());
    let due = m.deadline.due();
    let x_end = axis.x(due.succ_opt().unwrap_or(due));
    let x_ongoing = m.ongoing.then(|| {
        let past = if axis.as_of_x > x_end + 8.0 {
            axis.as_of_x
        } else {
            x_end + 110.0
        };
        past.min(WIDTH - EDGE)
    });
    Bar {
        id: m.id.clone(),
        status: m.status,
        x_start,
        x_end,
        x_ongoing,
    }
}

/// The bars of the whole roadmap on its axis, in roadmap order.
pub fn layout(roadmap: &Roadmap, as_of: NaiveDate) -> (Axis, Vec<Bar>) {
    let axis = Axis::new(roadmap.measures(), as_of);
    let bars = roadmap.measures().map(|m| bar(&axis, m)).collect();
    (axis, bars)
}

#[derive(Serialize)]
struct LegendItem {
    status: Status,
    swatch: String,
    count_text: String,
}

#[derive(Serialize)]
struct SectionTimeline {
    id: String,
    title: String,
    url: String,
    count_text: String,
    svg: String,
}
/// The roadmap on a time axis.
pub(super) struct Timeline;

impl<'a> Family<'a> for Timeline {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }
}

fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let (roadmap, urls) = (ctx.roadmap, ctx.urls);
    let (axis, _) = layout(roadmap, ctx.as_of);
    let sections: Vec<SectionTimeline> = roadmap
        .sections
        .iter()
        .filter(|s| !s.measures.is_empty())
        .map(|s| {
            let rows: Vec<(&Measure, String)> = s
                .measures
                .iter()
                .map(|m| (m, urls.measure(&m.section_id, &m.id)))
                .collect();
            SectionTimeline {
                id: s.id.clone(),
                title: s.title.clone(),
                url: urls.section(&s.id),
                count_text: super::views::measures_text(s.measures.len()),
                svg: section_svg(
                    &axis,
                    &format!("Раздел {}: мероприятия на шкале времени", s.id),
                    &rows,
                ),
            }
        })
        .collect();
    let legend: Vec<LegendItem> = ctx
        .views
        .overall
        .counts
        .iter()
        .map(|c| LegendItem {
            status: c.status,
            swatch: swatch(c.status),
            // "1 мероприятие" stays on one line
            count_text: c.text.replace(' ', "\u{a0}"),
        })
        .collect();
    let first = roadmap.measures().map(|m| m.deadline.starts()).min();
    let last = roadmap.measures().map(|m| m.deadline.due()).max();
    let range = match (first, last) {
        (Some(a), Some(b)) => ru::month_range(a, b),
        _ => String::new(),
    };
    let without_measures: Vec<_> = roadmap
        .sections
        .iter()
        .filter(|s| s.measures.is_empty())
        .map(|s| {
            serde_json::json!({
                "id": s.id, "title": s.title, "url": urls.section(&s.id),
            })
        })
        .collect();
    let modified = roadmap.sections.iter().filter_map(|s| s.modified).max();
    let roadmap_crumb = Crumb::new("Дорожная карта", urls.page(address::ROADMAP));
    vec![Page::new(
        address::TIMELINE,
        "timeline.html",
        "Дорожная карта на шкале времени",
    )
    .under(&[ctx.home.clone(), roadmap_crumb])
    .modified(modified)
    .with("timeline_sections", &sections)
    .with("sections_without_measures", &without_measures)
    .with("legend", &legend)
    .with("defs", &DEFS)
    .with("total_text", &ctx.views.overall.total_text)
    .with("range_text", &range)
    .with("as_of_label", &as_of_label(ctx.as_of))
    .with("as_of_place", &axis.as_of_place)
    .with(
        "late_count",
        &roadmap.measures().filter(|m| is_late(m.status)).count(),
    )
    .with(
        "demo",
        &roadmap
            .measures()
            .any(|m| m.reports.first().is_some_and(|r| r.demo)),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_uses_both_cases() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            ru::month_range(d(2018, 7, 1), d(2019, 12, 31)),
            "с июля 2018 г. по декабрь 2019 г."
        );
    }
}
