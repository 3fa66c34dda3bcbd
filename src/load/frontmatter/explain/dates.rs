//! Dates as editors write them: reading `31.12.2020`, `2020/12/31`,
//! `2020-1-5` or `31 декабря 2020` as a real date, and saying why a
//! `ГГГГ-ММ-ДД` date does not exist.
//!
//! Takes the text of a value; gives a date or a one-line Russian hint.

use chrono::{Datelike, NaiveDate};

/// The date meant by `raw` in a common form other than TOML's: day, month
/// and year with dots, slashes, dashes or spaces (a four-digit year first
/// or last), or a day, a Russian month name and a year; a trailing «г.»
/// or «года» is ignored. `None` if it is none of these or no real date.
pub fn read(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let raw = ["года", "год", "г.", "г"]
        .iter()
        .find_map(|tail| raw.strip_suffix(tail))
        .unwrap_or(raw)
        .trim();
    let parts: Vec<&str> = raw
        .split(|c: char| matches!(c, '.' | '/' | '-') || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())?
    };
    let month = number(b).or_else(|| month_by_name(b))?;
    let (year, day) = match (a.len(), c.len()) {
        (4, 1..=2) => (number(a)?, number(c)?),
        (1..=2, 4) => (number(c)?, number(a)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The month a Russian month name (any case ending, or its first three
/// letters) stands for.
fn month_by_name(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let stem: String = word.chars().take(3).collect();
    let month = match stem.as_str() {
        "янв" => 1,
        "фев" => 2,
        "мар" => 3,
        "апр" => 4,
        "май" | "мая" => 5,
        "июн" => 6,
        "июл" => 7,
        "авг" => 8,
        "сен" => 9,
        "окт" => 10,
        "ноя" => 11,
        "дек" => 12,
        _ => return None,
    };
    Some(month)
}

/// Why the `ГГГГ-ММ-ДД` date `raw`, which the parser refused as out of
/// range, does not exist, and what to write for `key` instead; `None` if
/// `raw` is not three numbers.
pub fn why_not_real(key: &str, raw: &str) -> Option<String> {
    let mut parts = raw.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let year = i32::try_from(year).ok()?;
    if !(1..=12).contains(&month) {
        return Some(match NaiveDate::from_ymd_opt(year, day, month) {
            Some(swapped) => format!(
                "месяца {month:02} не бывает; возможно, переставлены месяц и число: {key} = {swapped}"
            ),
            None => format!("месяц пишется числом от 01 до 12: {key} = {year:04}-ММ-ДД"),
        });
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let last = next.pred_opt()?;
    let days = last.day();
    let noun = if days == 31 { "день" } else { "дней" };
    Some(format!(
        "в {} {year} года {days} {noun}: проверьте число, например {key} = {last}",
        MONTHS_IN[month as usize - 1]
    ))
}

/// Month names in the prepositional case: «в феврале».
const MONTHS_IN: [&str; 12] = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_editors_use() {
        let d = |s| read(s).map(|d| d.to_string());
        for raw in [
            "31.12.2020",
            "31/12/2020",
            "2020/12/31",
            "2020.12.31",
            "31 декабря 2020",
            "31 дек 2020 г.",
            "\"31.12.2020\"",
        ] {
            assert_eq!(d(raw).as_deref(), Some("2020-12-31"), "{raw}");
        }
        assert_eq!(d("2020-1-5").as_deref(), Some("2020-01-05"));
        assert_eq!(d("5 мая 2021 года").as_deref(), Some("2021-05-05"));
        for raw in [
            "31.12.20",
            "30.02.2019",
            "31 смарта 2020",
            "14.3",
            "2020-12-31 10:00",
        ] {
            assert_eq!(d(raw), None, "{raw}");
        }
    }

    #[test]
    fn says_why_a_date_is_not_real() {
        assert_eq!(
            why_not_real("date", "2019-02-30").unwrap(),
            "в феврале 2019 года 28 дней: проверьте число, например date = 2019-02-28"
        );
        assert_eq!(
            why_not_real("date", "2020-01-32").unwrap(),
            "в январе 2020 года 31 день: проверьте число, например date = 2020-01-31"
        );
        assert_eq!(
            why_not_real("date", "2020-13-01").unwrap(),
            "месяца 13 не бывает; возможно, переставлены месяц и число: date = 2020-01-13"
        );
        assert_eq!(
            why_not_real("date", "2020-00-31").unwrap(),
            "месяц пишется числом от 01 до 12: date = 2020-ММ-ДД"
        );
        assert_eq!(why_not_real("date", "2020-12-31T25:00"), None);
    }
}
