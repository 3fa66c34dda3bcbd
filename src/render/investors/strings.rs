//! The investor pages' words in Russian and English, in one place: the
//! dictionary [`STRINGS`] passed to the templates as `t` (with the page
//! frame's words from `render::frame`, in the page's language), the sentences built from the
//! facts (summaries, captions, key facts), and [`Lang`] with its number,
//! plural, date and status formatting.
//!
//! Takes plain values (counts, years, labels); gives text. Uses no other
//! part of the investor section.

use super::super::frame::FRAME;
use super::super::{ru, Ctx};
use crate::model::datasets::Column;
use crate::model::status::Status;
use crate::model::{Investors, InvestorsText};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The investor pages' own UI strings: key, Russian, English. The page
/// frame's words (header, menu, footer) are in [`FRAME`].
pub(super) const STRINGS: &[(&str, &str, &str)] = &[
    // first: the pages' title (see `Lang::title`)
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
pub(super) fn strings(ctx: &Ctx, lang: Lang) -> BTreeMap<&'static str, String> {
    let mut t: BTreeMap<&'static str, String> = FRAME
        .iter()
        .chain(STRINGS)
        .map(|(k, ru, en)| (*k, lang.pick(ru, en).to_string()))
        .collect();
    if lang == Lang::En {
        t.insert("as_of_text", lang.date(ctx.as_of));
        if let Some(d) = ctx.modified {
            t.insert("modified_text", lang.date(d));
        }
    }
    t
}

/// The breadcrumb to the home page on the English page.
pub(super) const HOME_EN: &str = "Home";

/// Language-dependent formatting: numbers, plurals, dates, statuses.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Lang {
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
    pub(super) fn code(self) -> &'static str {
        self.pick("ru", "en")
    }

    /// The language's own name, for the switch to it.
    pub(super) fn name(self) -> &'static str {
        self.pick("Русский", "English")
    }

    /// The language of the page's other version.
    pub(super) fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }

    /// The page's title.
    /// The pages' title, the dictionary's `title`.
    pub(super) fn title(self) -> &'static str {
        let (_, ru, en) = STRINGS[0];
        self.pick(ru, en)
    }

    fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    /// "12 500" (narrow no-break spaces) or "12,500".
    pub(super) fn number(self, n: u64) -> String {
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
    fn count(self, n: u64, (ru_forms, en_forms): Forms) -> String {
        let word = match self {
            Lang::Ru => ru::plural(n, ru_forms[0], ru_forms[1], ru_forms[2]),
            Lang::En if n == 1 => en_forms[0],
            Lang::En => en_forms[1],
        };
        format!("{} {word}", self.number(n))
    }

    pub(super) fn people(self, n: u64) -> String {
        self.count(n, PEOPLE)
    }

    pub(super) fn professions(self, n: usize) -> String {
        self.count(n as u64, PROFESSIONS)
    }

    pub(super) fn courses(self, n: usize) -> String {
        self.count(n as u64, COURSES)
    }

    /// A course's length: "72 ч", "72 h".
    pub(super) fn hours(self, h: u64) -> String {
        format!("{}\u{a0}{}", self.number(h), self.pick("ч", "h"))
    }

    pub(super) fn date(self, d: NaiveDate) -> String {
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

    pub(super) fn status(self, s: Status) -> &'static str {
        match self {
            Lang::Ru => s.label(),
            Lang::En => status_en(s),
        }
    }

    pub(super) fn enum_label<'a>(self, col: &'a Column, value: &'a str) -> &'a str {
        match self {
            Lang::Ru => col.label(value),
            Lang::En => col.label_en(value),
        }
    }

    pub(super) fn text(self, texts: &Investors) -> &InvestorsText {
        match self {
            Lang::Ru => &texts.ru,
            Lang::En => &texts.en,
        }
    }
}

/// A status's English label, as the status vocabulary defines it.
pub(super) fn status_en(s: Status) -> &'static str {
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

/// A noun's Russian forms for one, few and many and English ones for one
/// and other.
type Forms = ([&'static str; 3], [&'static str; 2]);

const PEOPLE: Forms = (["человек", "человека", "человек"], ["person", "people"]);

const PROFESSIONS: Forms = (
    ["профессия", "профессии", "профессий"],
    ["profession", "professions"],
);

const SITES: Forms = (["площадка", "площадки", "площадок"], ["site", "sites"]);

const COURSES: Forms = (
    ["онлайн-курс", "онлайн-курса", "онлайн-курсов"],
    ["online course", "online courses"],
);

const MUNICIPALITIES: Forms = (
    [
        "муниципальном образовании",
        "муниципальных образованиях",
        "муниципальных образованиях",
    ],
    ["municipality", "municipalities"],
);

const WORKPLACES: Forms = (
    [
        "рабочее место для обучающихся",
        "рабочих места для обучающихся",
        "рабочих мест для обучающихся",
    ],
    ["student workplace", "student workplaces"],
);

/// "2019–2025 годы", "2019–2025".
pub(super) fn period(lang: Lang, (from, to): (i64, i64)) -> String {
    match lang {
        Lang::Ru if from == to => format!("{from} год"),
        Lang::Ru => format!("{from}–{to} годы"),
        Lang::En if from == to => format!("{from}"),
        Lang::En => format!("{from}–{to}"),
    }
}

/// "Дополнительная потребность в кадрах на 2019–2025 годы: 60 000 человек"
pub(super) fn demand(lang: Lang, period: &str, people: &str) -> String {
    match lang {
        Lang::Ru => format!("Дополнительная потребность в кадрах на {period}: {people}"),
        Lang::En => format!("Additional workforce demand in {period}: {people}"),
    }
}

pub(super) fn by_year_caption(lang: Lang) -> String {
    lang.pick(
        "Дополнительная потребность по годам, человек",
        "Additional demand by year, people",
    )
    .into()
}

pub(super) fn by_group_caption(lang: Lang, period: &str) -> String {
    match lang {
        Lang::Ru => format!("Дополнительная потребность по отраслям за {period}, человек"),
        Lang::En => format!("Additional demand by sector in {period}, people"),
    }
}

/// The TOP-Region list's summary: its size and, when known, its year.
pub(super) fn top_summary(lang: Lang, count: usize, year: Option<i64>) -> String {
    let n = lang.professions(count);
    match (lang, year) {
        (Lang::Ru, Some(y)) => {
            format!("{n} из списка ТОП-регион {y} года, по востребованности у работодателей")
        }
        (Lang::Ru, None) => {
            format!("{n} из списка ТОП-регион, по востребованности у работодателей")
        }
        (Lang::En, Some(y)) => format!("{n} of the TOP-Region list of {y}, by employers’ demand"),
        (Lang::En, None) => format!("{n} of the TOP-Region list, by employers’ demand"),
    }
}

/// The key fact of the TOP-Region list: its size and, when there is a
/// level, how many professions have the first (highest) one.
pub(super) fn top_fact(lang: Lang, count: usize, high: Option<(&str, usize)>) -> String {
    let n = lang.professions(count);
    match (lang, high) {
        (Lang::Ru, Some((label, k))) => {
            format!("{n} в списке ТОП-регион, из них {k} — {label} востребованность")
        }
        (Lang::En, Some((label, k))) => {
            format!("{n} on the TOP-Region list, {k} of them in {label} demand")
        }
        (Lang::Ru, None) => format!("{n} в списке ТОП-регион"),
        (Lang::En, None) => format!("{n} on the TOP-Region list"),
    }
}

/// "16 площадок подготовки кадров в 9 муниципальных образованиях, …"
pub(super) fn sites_summary(
    lang: Lang,
    sites: usize,
    municipalities: usize,
    workplaces: Option<u64>,
) -> String {
    let sites = lang.count(sites as u64, SITES);
    let places = lang.count(municipalities as u64, MUNICIPALITIES);
    let workplaces = workplaces.map(|w| lang.count(w, WORKPLACES));
    match (lang, workplaces) {
        (Lang::Ru, Some(w)) => format!("{sites} подготовки кадров в {places}, {w}"),
        (Lang::Ru, None) => format!("{sites} подготовки кадров в {places}"),
        (Lang::En, Some(w)) => format!("{sites} for training workers in {places}, {w}"),
        (Lang::En, None) => format!("{sites} for training workers in {places}"),
    }
}

pub(super) fn courses_summary(lang: Lang, count: usize) -> String {
    let n = lang.courses(count);
    match lang {
        Lang::Ru => {
            format!("{n} для студентов и взрослых на областной платформе дистанционного обучения")
        }
        Lang::En => {
            format!("{n} for students and adults on the region’s distance-learning platform")
        }
    }
}

pub(super) fn courses_fact(lang: Lang, count: usize) -> String {
    let n = lang.courses(count);
    match lang {
        Lang::Ru => format!("{n} для студентов и взрослых"),
        Lang::En => format!("{n} for students and adults"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_comes_from_the_dictionary() {
        assert_eq!(STRINGS[0].0, "title");
        assert_eq!(
            (Lang::Ru.title(), Lang::En.title()),
            ("Инвесторам", "For investors")
        );
    }

    #[test]
    fn numbers_and_plurals_per_language() {
        assert_eq!(Lang::Ru.number(59830), "59\u{202f}830");
        assert_eq!(Lang::En.number(59830), "59,830");
        assert_eq!(Lang::En.number(1234567), "1,234,567");
        assert_eq!(Lang::Ru.number(999), "999");
        assert_eq!(Lang::Ru.count(21, PEOPLE), "21 человек");
        assert_eq!(Lang::Ru.count(3, SITES), "3 площадки");
        assert_eq!(Lang::En.count(1, SITES), "1 site");
        assert_eq!(Lang::En.count(16, SITES), "16 sites");
    }

    #[test]
    fn english_dates_and_statuses() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(Lang::En.date(d), "26 November 2026");
        assert_eq!(Lang::Ru.date(d), "26 ноября 2026 г.");
        for s in Status::ALL {
            assert!(!status_en(s).is_empty());
            assert_eq!(Lang::Ru.status(s), s.label());
        }
        assert_eq!(
            Lang::En.status(Status::OverdueNoReport),
            "deadline passed, no report published"
        );
    }

    #[test]
    fn sentences_with_and_without_optional_figures() {
        assert_eq!(
            top_summary(Lang::Ru, 3, Some(2020)),
            "3 профессии из списка ТОП-регион 2020 года, по востребованности у работодателей"
        );
        assert_eq!(
            top_summary(Lang::En, 1, None),
            "1 profession of the TOP-Region list, by employers’ demand"
        );
        assert_eq!(
            sites_summary(Lang::Ru, 2, 1, None),
            "2 площадки подготовки кадров в 1 муниципальном образовании"
        );
        assert_eq!(
            sites_summary(Lang::En, 2, 2, Some(1)),
            "2 sites for training workers in 2 municipalities, 1 student workplace"
        );
        assert_eq!(period(Lang::Ru, (2020, 2020)), "2020 год");
        assert_eq!(Lang::Ru.hours(72), "72\u{a0}ч");
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
