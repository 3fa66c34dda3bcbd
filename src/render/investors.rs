//! The investor section (roadmap position 15.2): `/investors/`, its English
//! version `/en/investors/`, the embeddable `/investors/embed/` and the same
//! facts as data in `/investors/workforce.json`.
//!
//! The facts are gathered once ([`Facts`]) from the investor texts
//! (`content/investors/`), the live status of the measures they name and the
//! datasets of `content/data/` (demand forecast, TOP-Region professions,
//! training sites, online courses), then shown per language. A dataset that
//! is missing only removes its part of the page. Every UI string of these
//! pages, including the shared header and footer of `base.html`, comes from
//! the dictionary [`STRINGS`] passed to the templates as `t`.

use super::views::MeasureView;
use super::{ru, Crumb, Ctx, OutputFile, Page};
use crate::load::InvestorsMeta;
use crate::model::datasets::{Column, Dataset};
use crate::model::status::Status;
use crate::model::{Investors, InvestorsText, Organization};
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

const FORECAST: &str = "workforce-demand";
const TOP_PROFESSIONS: &str = "top-professions";
const TRAINING_SITES: &str = "training-sites";
const ONLINE_COURSES: &str = "online-courses";

/// The pages' UI strings: key, Russian, English. The `base.html` keys
/// (header, menu, footer) repeat its Russian defaults exactly, so Russian
/// pages render as they do without a dictionary.
const STRINGS: &[(&str, &str, &str)] = &[
    // base.html
    ("skip_link", "Перейти к основному содержанию", "Skip to main content"),
    ("main_menu", "Главное меню", "Main menu"),
    ("nav_home", "Главная", "Home"),
    ("nav_roadmap", "Дорожная карта", "Roadmap"),
    ("nav_executors", "Исполнители", "Executors"),
    ("nav_infrastructure", "Инфраструктура", "Infrastructure"),
    ("nav_investors", "Инвесторам", "For investors"),
    ("nav_opendata", "Открытые данные", "Open data"),
    ("nav_sitemap", "Карта сайта", "Site map"),
    ("breadcrumbs", "Навигационная цепочка", "Breadcrumbs"),
    ("as_of", "Данные актуальны на", "Data as of"),
    ("operator", "Оператор портала:", "Portal operator:"),
    ("email", "Почта:", "Email:"),
    ("phone", ", телефон:", ", phone:"),
    ("operator_demo", "Контакты приведены для демонстрации.", "The contacts are shown for demonstration."),
    ("to_home", "На главную", "Home page"),
    ("nav_news", "Новости", "News"),
    ("nav_documents", "Документы", "Documents"),
    ("nav_search", "Поиск", "Search"),
    ("modified", "Изменено", "Last changed"),
    ("lv_on", "Версия для слабовидящих", "Low-vision version"),
    ("lv_off", "Обычная версия сайта", "Standard version"),
    ("lv_size", "Размер шрифта", "Font size"),
    ("lv_large", "крупный", "large"),
    ("lv_larger", "очень крупный", "very large"),
    ("lv_scheme", "Цвета", "Colours"),
    ("lv_white", "чёрным по белому", "black on white"),
    ("lv_black", "белым по чёрному", "white on black"),
    ("lv_blue", "тёмно-синим по голубому", "dark blue on light blue"),
    ("lv_spacing", "Интервал между буквами", "Letter spacing"),
    ("lv_normal", "обычный", "normal"),
    ("lv_wide", "увеличенный", "wide"),
    ("lv_wider", "большой", "extra wide"),
    ("lv_images", "Изображения", "Images"),
    ("lv_images_on", "показывать", "show"),
    ("lv_images_off", "не показывать", "hide"),
    // the investor pages
    ("title", "Инвесторам", "For investors"),
    ("kicker", "Инвесторам", "For investors"),
    ("demo_notice", "Часть сведений на этой странице — демонстрационные данные: регион их пока не опубликовал. Такие сведения отмечены знаком «демонстрационные данные».", "Part of this page is demonstration data: the region has not published these facts yet. Such items are marked “demonstration data”."),
    ("facts", "Коротко", "At a glance"),
    ("contact_link", "Кому писать", "Whom to contact"),
    ("procedure", "Порядок кадрового обеспечения инвестиционного проекта", "How a project is provided with a workforce"),
    ("procedure_measures", "Порядок установлен мероприятиями дорожной карты. Их текущий статус:", "The procedure is set by these roadmap measures. Their current status:"),
    ("measure", "Мероприятие", "Measure"),
    ("status", "Статус", "Status"),
    ("forecast", "Прогноз потребности в кадрах", "Workforce demand forecast"),
    ("year", "Год", "Year"),
    ("people", "Человек", "People"),
    ("total", "Всего", "Total"),
    ("source", "Источник", "Source"),
    ("updated", "обновлено", "updated"),
    ("opendata", "открытые данные", "open data"),
    ("in_russian", "на русском языке", "in Russian"),
    ("names_in_russian", "Названия отраслей, профессий, площадок и курсов приведены на русском языке.", "Names of sectors, professions, sites and courses are given in Russian."),
    ("top", "Востребованные профессии (список ТОП-регион)", "In-demand professions (TOP-Region list)"),
    ("demand", "Востребованность", "Demand"),
    ("sites", "Где готовят кадры", "Where workers are trained"),
    ("sites_by_kind", "Площадки по видам", "Sites by kind"),
    ("municipalities", "Муниципальные образования", "Municipalities"),
    ("all_sites", "Все площадки, их оснащённость и модернизация — в разделе «Инфраструктура»", "Every site, its equipment and modernisation: the Infrastructure section"),
    ("courses", "Онлайн-курсы", "Online courses"),
    ("contact", "Контакты", "Contacts"),
    ("organization", "Организация", "Organisation"),
    ("address", "Адрес", "Address"),
    ("phone_label", "Телефон", "Phone"),
    ("email_label", "Электронная почта", "Email"),
    ("coordinator", "Координатор кадрового обеспечения", "Workforce provision coordinator"),
    ("data", "Эти сведения как данные и на вашем сайте", "These facts as data and on your site"),
    ("json", "Сведения этой страницы в формате JSON", "The facts of this page as JSON"),
    ("registry", "Все наборы открытых данных портала", "All open datasets of the portal"),
    ("embed", "Виджет для инвестиционного портала", "Widget for an investment portal"),
    ("embed_code", "Код для вставки на сайт", "Code to embed it on a site"),
    ("full_page", "Подробнее на портале", "Details on the portal"),
    ("sites_count", "Площадок", "Sites"),
    ("kind", "Вид площадки", "Kind of site"),
    ("municipality", "Муниципальное образование", "Municipality"),
    ("sector", "Отрасль", "Sector"),
    ("key_facts", "Ключевые цифры", "Key figures"),
    ("procedure_short", "Как работаем с инвестором", "How we work with an investor"),
];

/// The dictionary `t` for a page in `lang`, with the as-of and «изменено»
/// dates in English (`base.html` shows the Russian dates when they are
/// absent). The pages keep the site-wide «изменено» date: the investor texts
/// carry no change date of their own.
fn strings(ctx: &Ctx, lang: Lang) -> BTreeMap<&'static str, String> {
    let mut t: BTreeMap<&'static str, String> = STRINGS
        .iter()
        .map(|(k, ru, en)| {
            let s = match lang {
                Lang::Ru => ru,
                Lang::En => en,
            };
            (*k, s.to_string())
        })
        .collect();
    if lang == Lang::En {
        t.insert("as_of_text", lang.date(ctx.as_of));
        if let Some(d) = ctx.modified {
            t.insert("modified_text", lang.date(d));
        }
    }
    t
}

/// Language-dependent formatting: numbers, plurals, dates, statuses.
#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Ru,
    En,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// "12 500" (narrow no-break spaces) or "12,500".
    fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::Ru => '\u{202f}',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// "5 человек", "1 person": the Russian forms for one, few and many,
    /// the English ones for one and other.
    fn count(self, n: u64, ru_forms: [&str; 3], en_forms: [&str; 2]) -> String {
        let word = match self {
            Lang::Ru => ru::plural(n, ru_forms[0], ru_forms[1], ru_forms[2]),
            Lang::En if n == 1 => en_forms[0],
            Lang::En => en_forms[1],
        };
        format!("{} {word}", self.number(n))
    }

    fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Ru => ru::long_date(d),
            Lang::En => format!(
                "{} {} {}",
                d.day(),
                MONTHS_EN[d.month0() as usize],
                d.year()
            ),
        }
    }

    fn status(self, s: Status) -> StatusView {
        StatusView {
            slug: s.slug(),
            label: match self {
                Lang::Ru => s.label(),
                Lang::En => status_en(s),
            },
            icon: s.icon(),
        }
    }

    fn enum_label<'a>(self, col: &'a Column, value: &'a str) -> &'a str {
        match self {
            Lang::Ru => col.label(value),
            Lang::En => col.label_en(value),
        }
    }

    fn text(self, texts: &Investors) -> &InvestorsText {
        match self {
            Lang::Ru => &texts.ru,
            Lang::En => &texts.en,
        }
    }
}

/// A status's English label, as the status vocabulary defines it.
fn status_en(s: Status) -> &'static str {
    match s {
        Status::Done => "done",
        Status::InProgress => "in progress",
        Status::Delayed => "delayed",
        Status::NotStarted => "not started",
        Status::Cancelled => "cancelled",
        Status::Planned => "planned",
        Status::OverdueNoReport => "deadline passed, no report published",
    }
}

/// What the `ui::status` macro shows.
#[derive(Serialize)]
struct StatusView {
    slug: &'static str,
    label: &'static str,
    icon: &'static str,
}

// ---------------------------------------------------------------------------
// The facts, language-neutral.

struct Forecast<'a> {
    ds: &'a Dataset,
    /// Total by year, in year order.
    years: Vec<(i64, u64)>,
    /// Groups in the order they first appear, with their people by year.
    groups: Vec<(&'a str, BTreeMap<i64, u64>)>,
    total: u64,
}

struct TopProfessions<'a> {
    ds: &'a Dataset,
    demand: &'a Column,
    /// Demand levels in the column's order, each with (profession, sector).
    levels: Vec<(&'a str, Vec<(&'a str, &'a str)>)>,
    count: usize,
    year: Option<i64>,
}

struct TrainingSites<'a> {
    ds: &'a Dataset,
    kind: &'a Column,
    /// Kinds in the column's order, with their number of sites.
    kinds: Vec<(&'a str, usize)>,
    /// Most sites first, then first appearance.
    municipalities: Vec<(&'a str, usize)>,
    workplaces: Option<u64>,
}

struct Course<'a> {
    name: &'a str,
    provider: &'a str,
    hours: Option<u64>,
    audience: &'a str,
    url: &'a str,
}

struct OnlineCourses<'a> {
    ds: &'a Dataset,
    courses: Vec<Course<'a>>,
}

struct Facts<'a> {
    texts: &'a Investors,
    procedure: Vec<&'a MeasureView<'a>>,
    coordinator: Option<&'a MeasureView<'a>>,
    organization: Option<&'a Organization>,
    forecast: Option<Forecast<'a>>,
    top: Option<TopProfessions<'a>>,
    sites: Option<TrainingSites<'a>>,
    courses: Option<OnlineCourses<'a>>,
}

fn dataset<'a>(ctx: &Ctx<'a>, name: &str) -> Option<&'a Dataset> {
    ctx.roadmap.datasets.iter().find(|d| d.name == name)
}

/// The cells of named columns, row by row; `None` if a column is missing.
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
    for [group, year, people] in columns(ds, ["group", "year", "people"])? {
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
    let demand = &ds.columns[ds.column("demand")?];
    let rows = columns(ds, ["profession", "sector", "demand"])?;
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
        year: ds.values("year").filter_map(|y| y.parse().ok()).max(),
    })
}

fn training_sites(ds: &Dataset) -> Option<TrainingSites<'_>> {
    let kind = &ds.columns[ds.column("kind")?];
    let rows = columns(ds, ["kind", "municipality"])?;
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
    let workplaces = ds.column("workplaces").map(|_| {
        ds.values("workplaces")
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
    let courses = columns(ds, ["course", "provider", "hours", "audience", "url"])?
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
    fn gather(ctx: &Ctx<'a>, texts: &'a Investors) -> Facts<'a> {
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
            forecast: dataset(ctx, FORECAST).and_then(forecast),
            top: dataset(ctx, TOP_PROFESSIONS).and_then(top_professions),
            sites: dataset(ctx, TRAINING_SITES).and_then(training_sites),
            courses: dataset(ctx, ONLINE_COURSES).and_then(online_courses),
        }
    }

    fn years(&self) -> Option<(i64, i64)> {
        let f = self.forecast.as_ref()?;
        Some((f.years.first()?.0, f.years.last()?.0))
    }
}

// ---------------------------------------------------------------------------
// What the page templates see, in one language.

#[derive(Serialize)]
struct MeasureItem<'a> {
    id: &'a str,
    title: &'a str,
    /// `Some("ru")` on the English page when the title has no translation.
    title_lang: Option<&'static str>,
    url: String,
    status: StatusView,
}

#[derive(Serialize)]
struct Row {
    label: String,
    /// Set when the label is in another language than the page.
    label_lang: Option<&'static str>,
    value: String,
}

#[derive(Serialize)]
struct DatasetRef {
    title: String,
    url: String,
    updated: String,
    updated_text: String,
    demo: bool,
}

#[derive(Serialize)]
struct ForecastView {
    source: DatasetRef,
    period: String,
    total_text: String,
    total_number: String,
    /// "Дополнительная потребность в кадрах на 2019–2025 годы: 60 000 человек"
    summary: String,
    by_year: Vec<Row>,
    by_group: Vec<Row>,
    by_group_caption: String,
    by_year_caption: String,
}

#[derive(Serialize)]
struct Profession<'a> {
    name: &'a str,
    sector: &'a str,
}

#[derive(Serialize)]
struct Level<'a> {
    slug: &'a str,
    label: String,
    count_text: String,
    professions: Vec<Profession<'a>>,
}

#[derive(Serialize)]
struct TopView<'a> {
    source: DatasetRef,
    summary: String,
    levels: Vec<Level<'a>>,
}

#[derive(Serialize)]
struct SitesView {
    source: DatasetRef,
    summary: String,
    by_kind: Vec<Row>,
    municipalities: Vec<Row>,
    infrastructure_url: String,
}

#[derive(Serialize)]
struct CourseView<'a> {
    name: &'a str,
    provider: &'a str,
    hours_text: String,
    audience: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct CoursesView<'a> {
    source: DatasetRef,
    summary: String,
    courses: Vec<CourseView<'a>>,
}

#[derive(Serialize)]
struct ContactView<'a> {
    name: &'a str,
    email: &'a str,
    phone: &'a str,
    address: &'a str,
    organization: Option<&'a str>,
    organization_url: Option<String>,
    demo: bool,
    coordinator: Option<MeasureItem<'a>>,
}

#[derive(Serialize)]
struct Step<'a> {
    title: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct InvestorsView<'a> {
    title: &'a str,
    lead: &'a str,
    body_html: &'a str,
    demo: bool,
    /// Any fact on the page is demonstration data.
    any_demo: bool,
    steps: Vec<Step<'a>>,
    procedure: Vec<MeasureItem<'a>>,
    forecast: Option<ForecastView>,
    top: Option<TopView<'a>>,
    sites: Option<SitesView>,
    courses: Option<CoursesView<'a>>,
    contact: ContactView<'a>,
    /// Short facts for the top of the page and the embed.
    facts: Vec<Fact>,
    /// Every fact is demonstration data: one label for all of them.
    facts_demo: bool,
    /// The other language's version of the page.
    other: Alternate,
    json_url: String,
    opendata_url: String,
    embed_url: String,
    /// The HTML code to copy (the template escapes it again for the page).
    embed_code: String,
    page_url: String,
}

#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    name: &'static str,
    url: String,
}

fn measure_item<'a>(lang: Lang, en: &'a InvestorsMeta, m: &'a MeasureView<'a>) -> MeasureItem<'a> {
    let translated = match lang {
        Lang::Ru => None,
        Lang::En => en.measure_titles.get(&m.measure.id),
    };
    MeasureItem {
        id: &m.measure.id,
        title: translated.unwrap_or(&m.measure.title),
        title_lang: (lang == Lang::En && translated.is_none()).then_some("ru"),
        url: m.url.clone(),
        status: lang.status(m.measure.status),
    }
}

fn dataset_ref(ctx: &Ctx, lang: Lang, ds: &Dataset) -> DatasetRef {
    DatasetRef {
        title: match lang {
            Lang::Ru => ds.title.clone(),
            Lang::En => ds.title_en.clone(),
        },
        url: ctx.urls.page(&format!("opendata/kadry-{}/", ds.name)),
        updated: ds.updated.to_string(),
        updated_text: lang.date(ds.updated),
        demo: ds.demo,
    }
}

/// A label in Russian shown on a page in `lang`.
fn ru_label(lang: Lang) -> Option<&'static str> {
    (lang == Lang::En).then_some("ru")
}

const PEOPLE: ([&str; 3], [&str; 2]) = (["человек", "человека", "человек"], ["person", "people"]);

fn period(lang: Lang, (from, to): (i64, i64)) -> String {
    match lang {
        Lang::Ru if from == to => format!("{from} год"),
        Lang::Ru => format!("{from}–{to} годы"),
        Lang::En if from == to => format!("{from}"),
        Lang::En => format!("{from}–{to}"),
    }
}

fn forecast_view(ctx: &Ctx, lang: Lang, f: &Forecast, years: (i64, i64)) -> ForecastView {
    let people = |n: u64| lang.count(n, PEOPLE.0, PEOPLE.1);
    let period = period(lang, years);
    let total_text = people(f.total);
    ForecastView {
        source: dataset_ref(ctx, lang, f.ds),
        summary: match lang {
            Lang::Ru => format!("Дополнительная потребность в кадрах на {period}: {total_text}"),
            Lang::En => format!("Additional workforce demand in {period}: {total_text}"),
        },
        by_year: f
            .years
            .iter()
            .map(|(y, n)| Row {
                label: y.to_string(),
                label_lang: None,
                value: lang.number(*n),
            })
            .collect(),
        by_group: f
            .groups
            .iter()
            .map(|(g, by_year)| Row {
                label: g.to_string(),
                label_lang: ru_label(lang),
                value: lang.number(by_year.values().sum()),
            })
            .collect(),
        by_year_caption: match lang {
            Lang::Ru => "Дополнительная потребность по годам, человек".into(),
            Lang::En => "Additional demand by year, people".into(),
        },
        by_group_caption: match lang {
            Lang::Ru => format!("Дополнительная потребность по отраслям за {period}, человек"),
            Lang::En => format!("Additional demand by sector in {period}, people"),
        },
        period,
        total_text,
        total_number: lang.number(f.total),
    }
}

const PROFESSIONS: ([&str; 3], [&str; 2]) = (
    ["профессия", "профессии", "профессий"],
    ["profession", "professions"],
);

fn top_view<'a>(ctx: &Ctx, lang: Lang, t: &'a TopProfessions<'a>) -> TopView<'a> {
    let count = |n: usize| lang.count(n as u64, PROFESSIONS.0, PROFESSIONS.1);
    let year = t.year.map(|y| y.to_string()).unwrap_or_default();
    TopView {
        source: dataset_ref(ctx, lang, t.ds),
        summary: match lang {
            Lang::Ru => format!(
                "{} из списка ТОП-регион{}, по востребованности у работодателей",
                count(t.count),
                if year.is_empty() {
                    String::new()
                } else {
                    format!(" {year} года")
                }
            ),
            Lang::En => format!(
                "{} of the TOP-Region list{}, by employers’ demand",
                count(t.count),
                if year.is_empty() {
                    String::new()
                } else {
                    format!(" of {year}")
                }
            ),
        },
        levels: t
            .levels
            .iter()
            .map(|(slug, list)| Level {
                slug,
                label: lang.enum_label(t.demand, slug).to_string(),
                count_text: count(list.len()),
                professions: list
                    .iter()
                    .map(|(name, sector)| Profession { name, sector })
                    .collect(),
            })
            .collect(),
    }
}

const SITES: ([&str; 3], [&str; 2]) = (["площадка", "площадки", "площадок"], ["site", "sites"]);

fn sites_summary(lang: Lang, s: &TrainingSites) -> String {
    let n = s.ds.rows.len() as u64;
    let m = s.municipalities.len() as u64;
    let sites = lang.count(n, SITES.0, SITES.1);
    let places = lang.count(
        m,
        [
            "муниципальном образовании",
            "муниципальных образованиях",
            "муниципальных образованиях",
        ],
        ["municipality", "municipalities"],
    );
    let workplaces = s.workplaces.map(|w| {
        lang.count(
            w,
            [
                "рабочее место для обучающихся",
                "рабочих места для обучающихся",
                "рабочих мест для обучающихся",
            ],
            ["student workplace", "student workplaces"],
        )
    });
    match (lang, workplaces) {
        (Lang::Ru, Some(w)) => format!("{sites} подготовки кадров в {places}, {w}"),
        (Lang::Ru, None) => format!("{sites} подготовки кадров в {places}"),
        (Lang::En, Some(w)) => format!("{sites} for training workers in {places}, {w}"),
        (Lang::En, None) => format!("{sites} for training workers in {places}"),
    }
}

fn sites_view(ctx: &Ctx, lang: Lang, s: &TrainingSites) -> SitesView {
    SitesView {
        source: dataset_ref(ctx, lang, s.ds),
        summary: sites_summary(lang, s),
        by_kind: s
            .kinds
            .iter()
            .map(|(k, n)| Row {
                label: lang.enum_label(s.kind, k).to_string(),
                label_lang: None,
                value: lang.number(*n as u64),
            })
            .collect(),
        municipalities: s
            .municipalities
            .iter()
            .map(|(m, n)| Row {
                label: m.to_string(),
                label_lang: ru_label(lang),
                value: lang.number(*n as u64),
            })
            .collect(),
        infrastructure_url: ctx.urls.page("infrastructure/"),
    }
}

const COURSES: ([&str; 3], [&str; 2]) = (
    ["онлайн-курс", "онлайн-курса", "онлайн-курсов"],
    ["online course", "online courses"],
);

fn courses_view<'a>(ctx: &Ctx, lang: Lang, c: &'a OnlineCourses<'a>) -> CoursesView<'a> {
    let hours = match lang {
        Lang::Ru => "ч",
        Lang::En => "h",
    };
    let n = lang.count(c.courses.len() as u64, COURSES.0, COURSES.1);
    CoursesView {
        source: dataset_ref(ctx, lang, c.ds),
        summary: match lang {
            Lang::Ru => format!(
                "{n} для студентов и взрослых на областной платформе дистанционного обучения"
            ),
            Lang::En => {
                format!("{n} for students and adults on the region’s distance-learning platform")
            }
        },
        courses: c
            .courses
            .iter()
            .map(|x| CourseView {
                name: x.name,
                provider: x.provider,
                hours_text: x
                    .hours
                    .map(|h| format!("{}\u{a0}{hours}", lang.number(h)))
                    .unwrap_or_default(),
                audience: x.audience,
                url: x.url,
            })
            .collect(),
    }
}

/// A key fact, one sentence, for the top of the page and the embed.
#[derive(Serialize)]
struct Fact {
    text: String,
    demo: bool,
}

fn facts_list(lang: Lang, f: &Facts) -> Vec<Fact> {
    let mut out = Vec::new();
    if let (Some(fc), Some(years)) = (&f.forecast, f.years()) {
        let people = lang.count(fc.total, PEOPLE.0, PEOPLE.1);
        let period = period(lang, years);
        out.push(Fact {
            text: match lang {
                Lang::Ru => format!("Дополнительная потребность в кадрах на {period}: {people}"),
                Lang::En => format!("Additional workforce demand in {period}: {people}"),
            },
            demo: fc.ds.demo,
        });
    }
    if let Some(s) = &f.sites {
        out.push(Fact {
            text: sites_summary(lang, s),
            demo: s.ds.demo,
        });
    }
    if let Some(t) = &f.top {
        let n = lang.count(t.count as u64, PROFESSIONS.0, PROFESSIONS.1);
        let high = t
            .levels
            .first()
            .map(|(slug, list)| (lang.enum_label(t.demand, slug), list.len()));
        out.push(Fact {
            text: match (lang, high) {
                (Lang::Ru, Some((label, k))) => {
                    format!("{n} в списке ТОП-регион, из них {k} — {label} востребованность")
                }
                (Lang::En, Some((label, k))) => {
                    format!("{n} on the TOP-Region list, {k} of them in {label} demand")
                }
                (Lang::Ru, None) => format!("{n} в списке ТОП-регион"),
                (Lang::En, None) => format!("{n} on the TOP-Region list"),
            },
            demo: t.ds.demo,
        });
    }
    if let Some(c) = &f.courses {
        let n = lang.count(c.courses.len() as u64, COURSES.0, COURSES.1);
        out.push(Fact {
            text: match lang {
                Lang::Ru => format!("{n} для студентов и взрослых"),
                Lang::En => format!("{n} for students and adults"),
            },
            demo: c.ds.demo,
        });
    }
    out
}

fn any_demo(f: &Facts) -> bool {
    f.texts.ru.meta.demo
        || f.forecast.as_ref().is_some_and(|x| x.ds.demo)
        || f.top.as_ref().is_some_and(|x| x.ds.demo)
        || f.sites.as_ref().is_some_and(|x| x.ds.demo)
        || f.courses.as_ref().is_some_and(|x| x.ds.demo)
}

fn view<'a>(ctx: &Ctx, lang: Lang, f: &'a Facts<'a>) -> InvestorsView<'a> {
    let text = lang.text(f.texts);
    let en = &f.texts.en.meta;
    let contact = &text.meta.contact;
    let (other_lang, other_name, other_path) = match lang {
        Lang::Ru => ("en", "English", "en/investors/"),
        Lang::En => ("ru", "Русский", "investors/"),
    };
    let facts = facts_list(lang, f);
    InvestorsView {
        title: &text.meta.title,
        lead: &text.meta.lead,
        body_html: &text.body_html,
        demo: text.meta.demo,
        any_demo: any_demo(f),
        steps: text
            .meta
            .steps
            .iter()
            .map(|s| Step {
                title: &s.title,
                text: &s.text,
            })
            .collect(),
        procedure: f
            .procedure
            .iter()
            .map(|m| measure_item(lang, en, m))
            .collect(),
        forecast: f
            .forecast
            .as_ref()
            .zip(f.years())
            .map(|(fc, years)| forecast_view(ctx, lang, fc, years)),
        top: f.top.as_ref().map(|t| top_view(ctx, lang, t)),
        sites: f.sites.as_ref().map(|s| sites_view(ctx, lang, s)),
        courses: f.courses.as_ref().map(|c| courses_view(ctx, lang, c)),
        contact: ContactView {
            name: &contact.name,
            email: &contact.email,
            phone: &contact.phone,
            address: &contact.address,
            organization: f.organization.map(|o| o.name.as_str()),
            organization_url: f.organization.map(|o| ctx.urls.executor(&o.id)),
            demo: text.meta.demo,
            coordinator: f.coordinator.map(|m| measure_item(lang, en, m)),
        },
        facts_demo: !facts.is_empty() && facts.iter().all(|x| x.demo),
        facts,
        other: Alternate {
            lang: other_lang,
            name: other_name,
            url: ctx.urls.page(other_path),
        },
        json_url: ctx.urls.page("investors/workforce.json"),
        opendata_url: ctx.urls.page("opendata/"),
        embed_url: ctx.urls.page("investors/embed/"),
        embed_code: embed_code(&absolute(ctx, "investors/embed/"), &text.meta.title),
        page_url: ctx.urls.page(match lang {
            Lang::Ru => "investors/",
            Lang::En => "en/investors/",
        }),
    }
}

pub(super) fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let Some(texts) = &ctx.roadmap.investors else {
        return Vec::new();
    };
    let facts = Facts::gather(ctx, texts);
    let ru_view = view(ctx, Lang::Ru, &facts);
    let en_view = view(ctx, Lang::En, &facts);
    let home_en = Crumb::new("Home", ctx.home.url.clone());
    vec![
        Page::new("investors/", "investors.html", "Инвесторам")
            .under(std::slice::from_ref(&ctx.home))
            .with("inv", &ru_view)
            .with("t", &strings(ctx, Lang::Ru)),
        Page::new("en/investors/", "investors.html", "For investors")
            .in_lang(Lang::En.code())
            .under(std::slice::from_ref(&home_en))
            .with("inv", &en_view)
            .with("t", &strings(ctx, Lang::En)),
        Page::new("investors/embed/", "investors_embed.html", "Инвесторам")
            .with("inv", &ru_view)
            .with("t", &strings(ctx, Lang::Ru))
            .with("canonical", &absolute(ctx, "investors/")),
    ]
}

// ---------------------------------------------------------------------------
// `/investors/workforce.json`

fn absolute(ctx: &Ctx, path: &str) -> String {
    format!("{}{}", ctx.config.base_url, path)
}

/// The `<iframe>` a reader pastes into another site, its values escaped for
/// that site's HTML: a title (or address) with quotes or markup stays text.
fn embed_code(src: &str, title: &str) -> String {
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"720\" loading=\"lazy\"></iframe>",
        attr(src),
        attr(title)
    )
}

#[derive(Serialize)]
struct Text<'a> {
    ru: &'a str,
    en: &'a str,
}

/// A text whose English translation may be missing (`null`).
#[derive(Serialize)]
struct MaybeEn<'a> {
    ru: &'a str,
    en: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonStatus {
    slug: &'static str,
    label: Text<'static>,
}

#[derive(Serialize)]
struct JsonMeasure<'a> {
    id: &'a str,
    title: MaybeEn<'a>,
    status: JsonStatus,
    deadline: String,
    deadline_text: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonDataset<'a> {
    name: &'a str,
    title: Text<'a>,
    updated: String,
    demo: bool,
    /// The dataset's open-data page.
    url: String,
}

#[derive(Serialize)]
struct JsonCount<'a> {
    value: &'a str,
    label: Text<'a>,
    count: usize,
}

#[derive(Serialize)]
struct JsonYear {
    year: i64,
    people: u64,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    total: u64,
    by_year: Vec<JsonYear>,
}

#[derive(Serialize)]
struct JsonForecast<'a> {
    dataset: JsonDataset<'a>,
    unit: &'static str,
    from: i64,
    to: i64,
    total: u64,
    by_year: Vec<JsonYear>,
    by_group: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonProfession<'a> {
    profession: &'a str,
    sector: &'a str,
}

#[derive(Serialize)]
struct JsonLevel<'a> {
    demand: &'a str,
    label: Text<'a>,
    count: usize,
    professions: Vec<JsonProfession<'a>>,
}

#[derive(Serialize)]
struct JsonTop<'a> {
    dataset: JsonDataset<'a>,
    year: Option<i64>,
    count: usize,
    by_demand: Vec<JsonLevel<'a>>,
}

#[derive(Serialize)]
struct JsonMunicipality<'a> {
    municipality: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonSites<'a> {
    dataset: JsonDataset<'a>,
    count: usize,
    workplaces: Option<u64>,
    by_kind: Vec<JsonCount<'a>>,
    municipalities: Vec<JsonMunicipality<'a>>,
    /// The infrastructure section with every site.
    details_url: String,
}

#[derive(Serialize)]
struct JsonCourse<'a> {
    course: &'a str,
    provider: &'a str,
    hours: Option<u64>,
    audience: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonCourses<'a> {
    dataset: JsonDataset<'a>,
    count: usize,
    courses: Vec<JsonCourse<'a>>,
}

#[derive(Serialize)]
struct JsonOrg<'a> {
    id: &'a str,
    name: &'a str,
    short_name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonContact<'a> {
    name: Text<'a>,
    organization: Option<JsonOrg<'a>>,
    email: &'a str,
    phone: &'a str,
    address: Text<'a>,
    demo: bool,
    coordinator_measure: Option<JsonMeasure<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    title: MaybeEn<'a>,
    text: MaybeEn<'a>,
}

#[derive(Serialize)]
struct JsonProcedure<'a> {
    steps: Vec<JsonStep<'a>>,
    measures: Vec<JsonMeasure<'a>>,
}

#[derive(Serialize)]
struct JsonDemo {
    texts: bool,
    contact: bool,
    forecast: Option<bool>,
    top_professions: Option<bool>,
    training_sites: Option<bool>,
    online_courses: Option<bool>,
}

#[derive(Serialize)]
struct JsonUrls {
    page: String,
    page_en: String,
    embed: String,
    json: String,
    opendata: String,
}

#[derive(Serialize)]
struct Workforce<'a> {
    title: Text<'a>,
    lead: Text<'a>,
    as_of: String,
    url: JsonUrls,
    demo: JsonDemo,
    procedure: JsonProcedure<'a>,
    forecast: Option<JsonForecast<'a>>,
    top_professions: Option<JsonTop<'a>>,
    training_sites: Option<JsonSites<'a>>,
    online_courses: Option<JsonCourses<'a>>,
    contact: JsonContact<'a>,
}

fn json_measure<'a>(ctx: &Ctx, f: &'a Facts, m: &'a MeasureView<'a>) -> JsonMeasure<'a> {
    let s = m.measure.status;
    JsonMeasure {
        id: &m.measure.id,
        title: MaybeEn {
            ru: &m.measure.title,
            en: f
                .texts
                .en
                .meta
                .measure_titles
                .get(&m.measure.id)
                .map(String::as_str),
        },
        status: JsonStatus {
            slug: s.slug(),
            label: Text {
                ru: s.label(),
                en: status_en(s),
            },
        },
        deadline: m.measure.deadline.to_string(),
        deadline_text: &m.measure.deadline_text,
        url: absolute(
            ctx,
            &format!("roadmap/{}/{}/", m.measure.section_id, m.measure.id),
        ),
    }
}

fn json_dataset<'a>(ctx: &Ctx, ds: &'a Dataset) -> JsonDataset<'a> {
    JsonDataset {
        name: &ds.name,
        title: Text {
            ru: &ds.title,
            en: &ds.title_en,
        },
        updated: ds.updated.to_string(),
        demo: ds.demo,
        url: absolute(ctx, &format!("opendata/kadry-{}/", ds.name)),
    }
}

fn years(by_year: &BTreeMap<i64, u64>) -> Vec<JsonYear> {
    by_year
        .iter()
        .map(|(y, n)| JsonYear {
            year: *y,
            people: *n,
        })
        .collect()
}

fn workforce<'a>(ctx: &Ctx, f: &'a Facts<'a>) -> Workforce<'a> {
    let (ru, en) = (&f.texts.ru.meta, &f.texts.en.meta);
    Workforce {
        title: Text {
            ru: &ru.title,
            en: &en.title,
        },
        lead: Text {
            ru: &ru.lead,
            en: &en.lead,
        },
        as_of: ctx.as_of.to_string(),
        url: JsonUrls {
            page: absolute(ctx, "investors/"),
            page_en: absolute(ctx, "en/investors/"),
            embed: absolute(ctx, "investors/embed/"),
            json: absolute(ctx, "investors/workforce.json"),
            opendata: absolute(ctx, "opendata/"),
        },
        demo: JsonDemo {
            texts: ru.demo,
            contact: ru.demo,
            forecast: f.forecast.as_ref().map(|x| x.ds.demo),
            top_professions: f.top.as_ref().map(|x| x.ds.demo),
            training_sites: f.sites.as_ref().map(|x| x.ds.demo),
            online_courses: f.courses.as_ref().map(|x| x.ds.demo),
        },
        procedure: JsonProcedure {
            steps: ru
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| JsonStep {
                    title: MaybeEn {
                        ru: &s.title,
                        en: en.steps.get(i).map(|e| e.title.as_str()),
                    },
                    text: MaybeEn {
                        ru: &s.text,
                        en: en.steps.get(i).map(|e| e.text.as_str()),
                    },
                })
                .collect(),
            measures: f
                .procedure
                .iter()
                .map(|m| json_measure(ctx, f, m))
                .collect(),
        },
        forecast: f
            .forecast
            .as_ref()
            .zip(f.years())
            .map(|(fc, (from, to))| JsonForecast {
                dataset: json_dataset(ctx, fc.ds),
                unit: "people",
                from,
                to,
                total: fc.total,
                by_year: fc
                    .years
                    .iter()
                    .map(|(y, n)| JsonYear {
                        year: *y,
                        people: *n,
                    })
                    .collect(),
                by_group: fc
                    .groups
                    .iter()
                    .map(|(g, by_year)| JsonGroup {
                        group: g,
                        total: by_year.values().sum(),
                        by_year: years(by_year),
                    })
                    .collect(),
            }),
        top_professions: f.top.as_ref().map(|t| JsonTop {
            dataset: json_dataset(ctx, t.ds),
            year: t.year,
            count: t.count,
            by_demand: t
                .levels
                .iter()
                .map(|(level, list)| JsonLevel {
                    demand: level,
                    label: Text {
                        ru: t.demand.label(level),
                        en: t.demand.label_en(level),
                    },
                    count: list.len(),
                    professions: list
                        .iter()
                        .map(|(profession, sector)| JsonProfession { profession, sector })
                        .collect(),
                })
                .collect(),
        }),
        training_sites: f.sites.as_ref().map(|s| JsonSites {
            dataset: json_dataset(ctx, s.ds),
            count: s.ds.rows.len(),
            workplaces: s.workplaces,
            by_kind: s
                .kinds
                .iter()
                .map(|(k, n)| JsonCount {
                    value: k,
                    label: Text {
                        ru: s.kind.label(k),
                        en: s.kind.label_en(k),
                    },
                    count: *n,
                })
                .collect(),
            municipalities: s
                .municipalities
                .iter()
                .map(|(m, n)| JsonMunicipality {
                    municipality: m,
                    count: *n,
                })
                .collect(),
            details_url: absolute(ctx, "infrastructure/"),
        }),
        online_courses: f.courses.as_ref().map(|c| JsonCourses {
            dataset: json_dataset(ctx, c.ds),
            count: c.courses.len(),
            courses: c
                .courses
                .iter()
                .map(|x| JsonCourse {
                    course: x.name,
                    provider: x.provider,
                    hours: x.hours,
                    audience: x.audience,
                    url: x.url,
                })
                .collect(),
        }),
        contact: JsonContact {
            name: Text {
                ru: &ru.contact.name,
                en: &en.contact.name,
            },
            organization: f.organization.map(|o| JsonOrg {
                id: &o.id,
                name: &o.name,
                short_name: &o.short_name,
                url: absolute(ctx, &format!("executors/{}/", o.id)),
            }),
            email: &ru.contact.email,
            phone: &ru.contact.phone,
            address: Text {
                ru: &ru.contact.address,
                en: &en.contact.address,
            },
            demo: ru.demo,
            coordinator_measure: f.coordinator.map(|m| json_measure(ctx, f, m)),
        },
    }
}

pub(super) fn files(ctx: &Ctx) -> Result<Vec<OutputFile>> {
    let Some(texts) = &ctx.roadmap.investors else {
        return Ok(Vec::new());
    };
    let facts = Facts::gather(ctx, texts);
    let mut bytes = serde_json::to_vec_pretty(&workforce(ctx, &facts))?;
    bytes.push(b'\n');
    Ok(vec![OutputFile {
        path: "investors/workforce.json".into(),
        bytes,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_plurals_per_language() {
        assert_eq!(Lang::Ru.number(59830), "59\u{202f}830");
        assert_eq!(Lang::En.number(59830), "59,830");
        assert_eq!(Lang::En.number(1234567), "1,234,567");
        assert_eq!(Lang::Ru.number(999), "999");
        assert_eq!(Lang::Ru.count(21, PEOPLE.0, PEOPLE.1), "21 человек");
        assert_eq!(Lang::Ru.count(3, SITES.0, SITES.1), "3 площадки");
        assert_eq!(Lang::En.count(1, SITES.0, SITES.1), "1 site");
        assert_eq!(Lang::En.count(16, SITES.0, SITES.1), "16 sites");
    }

    #[test]
    fn english_dates_and_statuses() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(Lang::En.date(d), "26 November 2026");
        assert_eq!(Lang::Ru.date(d), "26 ноября 2026 г.");
        for s in Status::ALL {
            assert!(!status_en(s).is_empty());
            assert_eq!(Lang::Ru.status(s).label, s.label());
        }
        assert_eq!(
            Lang::En.status(Status::OverdueNoReport).label,
            "deadline passed, no report published"
        );
    }

    /// Every `t.key | default(value="…")` of `base.html` is in the
    /// dictionary with exactly that Russian text, so Russian pages render as
    /// without a dictionary and English pages have no Russian chrome left.
    #[test]
    fn dictionary_covers_base_html() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/base.html"
        );
        let base = std::fs::read_to_string(path).unwrap();
        let mut found = 0;
        for (i, _) in base.match_indices("t.") {
            let preceded = base[..i].chars().next_back();
            if preceded.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let rest = &base[i + 2..];
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = rest[key.len()..].trim_start();
            let Some(default) = after.strip_prefix("| default(value=") else {
                continue;
            };
            found += 1;
            let entry = STRINGS.iter().find(|(k, _, _)| *k == key);
            if let Some(literal) = default.strip_prefix('"') {
                let ru = &literal[..literal.find('"').unwrap()];
                assert_eq!(entry.map(|e| e.1), Some(ru), "t.{key} in base.html");
            } else {
                // a variable default (a date): the English page sets it
                assert!(
                    ["as_of_text", "modified_text"].contains(&key.as_str()),
                    "t.{key} defaults to a variable"
                );
            }
        }
        assert!(found > 10, "no t.* lookups found in base.html");
    }

    #[test]
    fn dictionary_keys_are_unique_and_translated() {
        let keys: std::collections::BTreeSet<_> = STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), STRINGS.len());
        assert!(STRINGS
            .iter()
            .all(|(_, ru, en)| !ru.is_empty() && !en.is_empty()));
    }
}
