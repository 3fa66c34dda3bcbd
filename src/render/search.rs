//! `/search/`: full-text search (progressive enhancement over the index that
//! [`crate::publish::search`] builds) and the indexes that work without JavaScript —
//! every measure by title (A–Z), by number, by executor, by status and by the
//! month its deadline ends.

use super::views::{measures_text, MeasureView};
use super::{ru, Crumb, Ctx, Family, Page};
use crate::address;
use crate::model::id_key as number_key;
use crate::model::status::Status;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// One static index: address below `search/`, title, what it is for.
const INDEXES: [(&str, &str, &str); 5] = [
    ("az/", "Мероприятия от А до Я", "по первой букве названия"),
    (
        "by-number/",
        "Мероприятия по номерам",
        "по разделам дорожной карты и номерам мероприятий",
    ),
    (
        "by-executor/",
        "Мероприятия по исполнителям",
        "по ответственным исполнителям; мероприятие с несколькими исполнителями указано у каждого",
    ),
    (
        "by-status/",
        "Мероприятия по статусу",
        "по статусу выполнения: выполнено, выполняется, срок истёк и другие",
    ),
    (
        "by-month/",
        "Мероприятия по сроку",
        "по месяцу, в котором истекает срок реализации",
    ),
];

#[derive(Serialize)]
struct IndexLink {
    url: String,
    title: &'static str,
    description: &'static str,
}

/// A group of measures under one heading of a static index.
#[derive(Serialize)]
struct Group<'a> {
    /// Anchor of the heading, for the contents list.
    id: String,
    heading: String,
    /// Short form for the contents list ("А", "14", "декабрь 2018").
    short: String,
    /// "5 мероприятий"
    count_text: String,
    #[serde(serialize_with = "super::views::rows")]
    measures: Vec<&'a MeasureView<'a>>,
}

impl<'a> Group<'a> {
    fn new(
        id: String,
        heading: String,
        short: String,
        measures: Vec<&'a MeasureView<'a>>,
    ) -> Group<'a> {
        Group {
            id,
            heading,
            short,
            count_text: measures_text(measures.len()),
            measures,
        }
    }
}

/// A choice in one of the search filters: the value indexed in the pages'
/// `data-pagefind-filter` attributes, and what the reader sees.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}
/// The search page and the five indexes that work without JavaScript.
pub(super) struct Search;

impl<'a> Family<'a> for Search {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }
}

fn pages<'a>(ctx: &Ctx<'a>) -> Vec<Page<'a>> {
    let views = ctx.views;
    let urls = ctx.urls;
    let search_crumb = Crumb::new("Поиск", urls.page(address::SEARCH));
    let in_search = [ctx.home.clone(), search_crumb];

    let indexes: Vec<IndexLink> = INDEXES
        .iter()
        .map(|(path, title, description)| IndexLink {
            url: urls.page(&address::search_listing(path)),
            title,
            description,
        })
        .collect();

    let sections: Vec<Choice> = views
        .sections
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: format!("{}. {}", s.id, s.title),
        })
        .collect();
    let statuses: Vec<Choice> = Status::ALL
        .iter()
        .map(|s| Choice {
            value: s.slug().into(),
            label: s.label().into(),
        })
        .collect();
    let executors: Vec<Choice> = views
        .organizations
        .iter()
        .map(|o| Choice {
            value: o.org.id.clone(),
            label: o.org.name.clone(),
        })
        .collect();

    let mut pages = vec![Page::new(address::SEARCH, "search.html", "Поиск")
        .under(std::slice::from_ref(&ctx.home))
        .with("indexes", &indexes)
        .with("sections", &sections)
        .with("statuses", &statuses)
        .with("executors", &executors)
        .with("total_text", &measures_text(views.measures().count()))];

    let groups = [
        by_title(ctx),
        by_number(ctx),
        by_executor(ctx),
        by_status(ctx),
        by_month(ctx),
    ];
    for ((path, title, description), groups) in INDEXES.iter().zip(groups) {
        pages.push(
            Page::new(address::search_listing(path), "find_index.html", *title)
                .under(&in_search)
                .with("description", description)
                .with_lazy(move |c| c.insert("groups", &groups))
                .with("indexes", &indexes)
                .with("total_text", &measures_text(views.measures().count())),
        );
    }
    pages
}

/// The letter a title is filed under: its first letter, capital, «Ё» with «Е».
fn initial(title: &str) -> String {
    let c = title.chars().find(|c| c.is_alphanumeric()).unwrap_or('#');
    let upper: String = c.to_uppercase().collect();
    if upper == "Ё" {
        "Е".into()
    } else {
        upper
    }
}

/// Russian alphabetical order for titles: case-insensitive, «ё» as «е».
fn collation_key(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

fn by_title<'a>(ctx: &Ctx<'a>) -> Vec<Group<'a>> {
    let mut all: Vec<&MeasureView> = ctx.views.measures().collect();
    all.sort_by_cached_key(|m| (collation_key(&m.measure.title), number_key(&m.measure.id)));
    let mut letters: Vec<(String, Vec<&MeasureView>)> = Vec::new();
    for m in all {
        let letter = initial(&m.measure.title);
        match letters.last_mut() {
            Some((l, ms)) if *l == letter => ms.push(m),
            _ => letters.push((letter, vec![m])),
        }
    }
    letters
        .into_iter()
        .map(|(letter, ms)| Group::new(format!("bukva-{letter}"), letter.clone(), letter, ms))
        .collect()
}

fn by_number<'a>(ctx: &Ctx<'a>) -> Vec<Group<'a>> {
    let mut sections: Vec<_> = ctx.views.sections.iter().collect();
    sections.sort_by_cached_key(|s| number_key(s.id));
    sections
        .into_iter()
        .map(|s| {
            let mut ms: Vec<&MeasureView> = s.measures.iter().collect();
            ms.sort_by_cached_key(|m| number_key(&m.measure.id));
            Group::new(
                format!("razdel-{}", s.id),
                format!("Раздел {}. {}", s.id, s.title),
                format!("Раздел {}", s.id),
                ms,
            )
        })
        .collect()
}

fn by_executor<'a>(ctx: &Ctx<'a>) -> Vec<Group<'a>> {
    let views = ctx.views;
    let mut groups: Vec<Group> = views
        .organizations
        .iter()
        .map(|o| {
            let ms: Vec<&MeasureView> = views
                .measures()
                .filter(|m| m.measure.responsible.contains(&o.org.id))
                .collect();
            Group::new(
                format!("isp-{}", o.org.id),
                o.org.name.clone(),
                o.org.short_name.clone(),
                ms,
            )
        })
        .filter(|g| !g.measures.is_empty())
        .collect();
    let orphans: Vec<&MeasureView> = views
        .measures()
        .filter(|m| m.responsible_orgs.is_empty())
        .collect();
    if !orphans.is_empty() {
        groups.push(Group::new(
            "isp-net".into(),
            "Исполнитель не указан".into(),
            "не указан".into(),
            orphans,
        ));
    }
    groups
}

fn by_status<'a>(ctx: &Ctx<'a>) -> Vec<Group<'a>> {
    Status::ALL
        .iter()
        .map(|&s| {
            let ms: Vec<&MeasureView> = ctx
                .views
                .measures()
                .filter(|m| m.measure.status == s)
                .collect();
            let label = s.label();
            Group::new(
                format!("status-{}", s.slug()),
                capitalize(label),
                label.into(),
                ms,
            )
        })
        .filter(|g| !g.measures.is_empty())
        .collect()
}

fn by_month<'a>(ctx: &Ctx<'a>) -> Vec<Group<'a>> {
    let mut months: BTreeMap<(i32, u32), Vec<&MeasureView>> = BTreeMap::new();
    for m in ctx.views.measures() {
        let due = m.measure.deadline.due();
        months.entry((due.year(), due.month())).or_default().push(m);
    }
    months
        .into_iter()
        .map(|((year, month), mut ms)| {
            ms.sort_by_cached_key(|m| number_key(&m.measure.id));
            let date = chrono::NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
            let name = ru::month_year(date);
            Group::new(
                format!("srok-{year}-{month:02}"),
                capitalize(&name),
                name,
                ms,
            )
        })
        .collect()
}

/// "декабрь 2018" → "Декабрь 2018"
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_alphabetical_order() {
        let mut titles = vec!["Ёмкость", "ясли", "Анализ", "«Кадры»", "еда", "Жильё"];
        titles.sort_by_cached_key(|t| collation_key(t));
        assert_eq!(
            titles,
            vec!["Анализ", "еда", "Ёмкость", "Жильё", "«Кадры»", "ясли"]
        );
        assert_eq!(initial("«Кадры»"), "К");
        assert_eq!(initial("ёмкость"), "Е");
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut ids = vec!["2.10", "2.9", "10.1", "1.2"];
        ids.sort_by_cached_key(|id| number_key(id));
        assert_eq!(ids, vec!["1.2", "2.9", "2.10", "10.1"]);
        assert_eq!(capitalize("декабрь 2018"), "Декабрь 2018");
    }
}
