//! The investor section's facts, language-neutral, gathered once per build:
//! the investor texts, the live status of the measures they name, and the
//! datasets of `content/data/` the page reads (demand forecast, TOP-Region
//! professions, training sites, online courses).
//!
//! Takes the render context and the investor texts; gives [`Facts`], which
//! the HTML views and the JSON document both show. The dataset and column
//! names come from [`crate::model::investors`], which also checks that a
//! present dataset has them; an absent dataset leaves its part out (`None`).

use super::super::views::MeasureView;
use super::super::Ctx;
use crate::model::datasets::{Column, Dataset};
use crate::model::investors::{
    FORECAST, ONLINE_COURSES, TOP_PROFESSIONS, TOP_PROFESSIONS_YEAR, TRAINING_SITES,
    TRAINING_SITES_WORKPLACES,
};
use crate::model::{Investors, Organization};
use std::collections::BTreeMap;

pub(super) struct Forecast<'a> {
    pub(super) ds: &'a Dataset,
    /// Total by year, in year order.
    pub(super) years: Vec<(i64, u64)>,
    /// Groups in the order they first appear, with their people by year.
    pub(super) groups: Vec<(&'a str, BTreeMap<i64, u64>)>,
    pub(super) total: u64,
}

pub(super) struct TopProfessions<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) demand: &'a Column,
    /// Demand levels in the column's order, each with (profession, sector).
    pub(super) levels: Vec<(&'a str, Vec<(&'a str, &'a str)>)>,
    pub(super) count: usize,
    pub(super) year: Option<i64>,
}

pub(super) struct TrainingSites<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) kind: &'a Column,
    /// Kinds in the column's order, with their number of sites.
    pub(super) kinds: Vec<(&'a str, usize)>,
    /// Most sites first, then first appearance.
    pub(super) municipalities: Vec<(&'a str, usize)>,
    pub(super) workplaces: Option<u64>,
}

pub(super) struct Course<'a> {
    pub(super) name: &'a str,
    pub(super) provider: &'a str,
    pub(super) hours: Option<u64>,
    pub(super) audience: &'a str,
    pub(super) url: &'a str,
}

pub(super) struct OnlineCourses<'a> {
    pub(super) ds: &'a Dataset,
    pub(super) courses: Vec<Course<'a>>,
}

pub(super) struct Facts<'a> {
    pub(super) texts: &'a Investors,
    pub(super) procedure: Vec<&'a MeasureView<'a>>,
    pub(super) coordinator: Option<&'a MeasureView<'a>>,
    pub(super) organization: Option<&'a Organization>,
    pub(super) forecast: Option<Forecast<'a>>,
    pub(super) top: Option<TopProfessions<'a>>,
    pub(super) sites: Option<TrainingSites<'a>>,
    pub(super) courses: Option<OnlineCourses<'a>>,
}

fn dataset<'a>(ctx: &Ctx<'a>, name: &str) -> Option<&'a Dataset> {
    ctx.roadmap.datasets.iter().find(|d| d.name == name)
}

/// The cells of named columns, row by row; `None` if a column is missing
/// (the model reports that as a content error before rendering).
fn columns<'a, const N: usize>(ds: &'a Dataset, names: [&str; N]) -> Option<Vec<[&'a str; N]>> {
    let mut idx = [0; N];
    for (i, n) in names.iter().enumerate() {
        idx[i] = ds.column(n)?;
    }
    Some(
        ds.rows
            .iter()
            .map(|r| idx.map(|i| r.get(i).map_or("", String::as_str)))
            .collect(),
    )
}

fn forecast(ds: &Dataset) -> Option<Forecast<'_>> {
    let mut years: BTreeMap<i64, u64> = BTreeMap::new();
    let mut groups: Vec<(&str, BTreeMap<i64, u64>)> = Vec::new();
    for [group, year, people] in columns(ds, FORECAST.columns)? {
        let (Ok(year), Ok(people)) = (year.parse::<i64>(), people.parse::<u64>()) else {
            continue;
        };
        *years.entry(year).or_default() += people;
        let i = match groups.iter().position(|(g, _)| *g == group) {
            Some(i) => i,
            None => {
                groups.push((group, BTreeMap::new()));
                groups.len() - 1
            }
        };
        *groups[i].1.entry(year).or_default() += people;
    }
    Some(Forecast {
        ds,
        total: years.values().sum(),
        years: years.into_iter().collect(),
        groups,
    })
}

fn top_professions(ds: &Dataset) -> Option<TopProfessions<'_>> {
    let [_, _, demand] = TOP_PROFESSIONS.columns;
    let demand = &ds.columns[ds.column(demand)?];
    let rows = columns(ds, TOP_PROFESSIONS.columns)?;
    let levels = demand
        .values
        .iter()
        .map(|level| {
            let list = rows
                .iter()
                .filter(|r| r[2] == level)
                .map(|r| (r[0], r[1]))
                .collect();
            (level.as_str(), list)
        })
        .filter(|(_, list): &(_, Vec<_>)| !list.is_empty())
        .collect();
    Some(TopProfessions {
        ds,
        demand,
        levels,
        count: rows.len(),
        year: ds
            .values(TOP_PROFESSIONS_YEAR)
            .filter_map(|y| y.parse().ok())
            .max(),
    })
}

fn training_sites(ds: &Dataset) -> Option<TrainingSites<'_>> {
    let [kind, _] = TRAINING_SITES.columns;
    let kind = &ds.columns[ds.column(kind)?];
    let rows = columns(ds, TRAINING_SITES.columns)?;
    let kinds = kind
        .values
        .iter()
        .map(|k| (k.as_str(), rows.iter().filter(|r| r[0] == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut municipalities: Vec<(&str, usize)> = Vec::new();
    for [_, m] in &rows {
        match municipalities.iter_mut().find(|(name, _)| name == m) {
            Some((_, n)) => *n += 1,
            None => municipalities.push((m, 1)),
        }
    }
    // stable: equal counts keep their order of appearance
    municipalities.sort_by_key(|m| std::cmp::Reverse(m.1));
    let workplaces = ds.column(TRAINING_SITES_WORKPLACES).map(|_| {
        ds.values(TRAINING_SITES_WORKPLACES)
            .filter_map(|v| v.parse::<u64>().ok())
            .sum()
    });
    Some(TrainingSites {
        ds,
        kind,
        kinds,
        municipalities,
        workplaces,
    })
}

fn online_courses(ds: &Dataset) -> Option<OnlineCourses<'_>> {
    let courses = columns(ds, ONLINE_COURSES.columns)?
        .into_iter()
        .map(|[name, provider, hours, audience, url]| Course {
            name,
            provider,
            hours: hours.parse().ok(),
            audience,
            url,
        })
        .collect();
    Some(OnlineCourses { ds, courses })
}

impl<'a> Facts<'a> {
    pub(super) fn gather(ctx: &Ctx<'a>, texts: &'a Investors) -> Facts<'a> {
        let meta = &texts.ru.meta;
        let measure = |id: &str| ctx.views.measures().find(|m| m.measure.id == id);
        Facts {
            texts,
            procedure: meta
                .procedure_measures
                .iter()
                .filter_map(|id| measure(id))
                .collect(),
            coordinator: meta.coordinator_measure.as_deref().and_then(measure),
            organization: ctx.roadmap.organization(&meta.contact.organization),
            forecast: dataset(ctx, FORECAST.dataset).and_then(forecast),
            top: dataset(ctx, TOP_PROFESSIONS.dataset).and_then(top_professions),
            sites: dataset(ctx, TRAINING_SITES.dataset).and_then(training_sites),
            courses: dataset(ctx, ONLINE_COURSES.dataset).and_then(online_courses),
        }
    }

    /// The forecast's first and last year.
    pub(super) fn years(&self) -> Option<(i64, i64)> {
        let f = self.forecast.as_ref()?;
        Some((f.years.first()?.0, f.years.last()?.0))
    }

    /// Any fact of the page is demonstration data.
    pub(super) fn any_demo(&self) -> bool {
        self.texts.ru.meta.demo
            || self.forecast.as_ref().is_some_and(|x| x.ds.demo)
            || self.top.as_ref().is_some_and(|x| x.ds.demo)
            || self.sites.as_ref().is_some_and(|x| x.ds.demo)
            || self.courses.as_ref().is_some_and(|x| x.ds.demo)
    }
}
