//! Russian language rules the portal's text depends on: plural forms and
//! dates with month names in the genitive case.

use chrono::{Datelike, NaiveDate};

/// Chooses the form for `n`: `one` (1, 21), `few` (2–4, 22–24) or `many`.
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (n10, n100) = (n % 10, n % 100);
    if n10 == 1 && n100 != 11 {
        one
    } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
        few
    } else {
        many
    }
}

const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// "26 ноября 2026 г."
pub fn long_date(d: NaiveDate) -> String {
    format!(
        "{} {} {} г.",
        d.day(),
        MONTHS_GENITIVE[d.month0() as usize],
        d.year()
    )
}

const MONTHS_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// «с июля 2018 г. по декабрь 2019 г.»: a span of months.
pub fn month_range(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "с {} {} г. по {} {} г.",
        MONTHS_GENITIVE[from.month0() as usize],
        from.year(),
        MONTHS_NOMINATIVE[to.month0() as usize],
        to.year()
    )
}

/// "декабрь 2018": a month on its own, as in a heading (nominative case).
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", MONTHS_NOMINATIVE[d.month0() as usize], d.year())
}

/// `text`, or its start up to the last whole word that fits in `length`
/// characters (with the «…» added), without a trailing comma or dash.
pub fn shorten(text: &str, length: usize) -> String {
    if text.chars().count() <= length {
        return text.to_string();
    }
    let start: String = text.chars().take(length.saturating_sub(1)).collect();
    let cut = match start.rfind(char::is_whitespace) {
        Some(i) if i > 0 => &start[..i],
        _ => start.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches([',', ';', ':', '—', '-', ' ', '('])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_ends_on_a_whole_word() {
        assert_eq!(
            shorten("Сопровождение работы Совета", 100),
            "Сопровождение работы Совета"
        );
        assert_eq!(
            shorten("Сопровождение работы Совета", 24),
            "Сопровождение работы…"
        );
        assert_eq!(shorten("Совет, рабочая группа", 10), "Совет…");
        assert_eq!(shorten("Оченьдлинноеслово", 6), "Очень…");
    }

    #[test]
    fn plural_forms() {
        let f = |n| {
            format!(
                "{n} {}",
                plural(n, "мероприятие", "мероприятия", "мероприятий")
            )
        };
        assert_eq!(f(1), "1 мероприятие");
        assert_eq!(f(2), "2 мероприятия");
        assert_eq!(f(5), "5 мероприятий");
        assert_eq!(f(11), "11 мероприятий");
        assert_eq!(f(14), "14 мероприятий");
        assert_eq!(f(21), "21 мероприятие");
        assert_eq!(f(74), "74 мероприятия");
        assert_eq!(f(111), "111 мероприятий");
        assert_eq!(f(0), "0 мероприятий");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(long_date(d), "26 ноября 2026 г.");
        let d = NaiveDate::from_ymd_opt(2018, 3, 1).unwrap();
        assert_eq!(long_date(d), "1 марта 2018 г.");
        assert_eq!(month_year(d), "март 2018");
        let d = NaiveDate::from_ymd_opt(2018, 12, 31).unwrap();
        assert_eq!(month_year(d), "декабрь 2018");
    }
}
