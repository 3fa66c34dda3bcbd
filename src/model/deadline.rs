//! Measure deadlines as ISO 8601 months, years or intervals of them
//! (`2018-12`, `2018`, `2019-01/2019-09`, `2018/2019`).

use chrono::NaiveDate;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Month(i32, u32),
}

impl Period {
    fn parse(s: &str) -> Option<Period> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match s.split_once('-') {
            None if digits(s, 4) => Some(Period::Year(s.parse().ok()?)),
            Some((y, m)) if digits(y, 4) && digits(m, 2) => {
                let month: u32 = m.parse().ok()?;
                (1..=12)
                    .contains(&month)
                    .then(|| Period::Month(y.parse().unwrap_or(0), month))
            }
            _ => None,
        }
    }

    fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Period::Year(y) => (y, 1),
            Period::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    fn last_day(self) -> NaiveDate {
        let (y, m) = match self {
            Period::Year(y) => (y, 12),
            Period::Month(y, m) => (y, m),
        };
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

/// A deadline: one period, or an interval from `start` to `end` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub start: Period,
    pub end: Period,
}

impl Deadline {
    pub fn parse(s: &str) -> Result<Deadline, String> {
        let bad = || {
            format!("«{s}» — не дата ISO 8601: ожидается «ГГГГ-ММ», «ГГГГ» или интервал «ГГГГ-ММ/ГГГГ-ММ»")
        };
        let (start, end) = match s.split_once('/') {
            Some((a, b)) => (
                Period::parse(a).ok_or_else(bad)?,
                Period::parse(b).ok_or_else(bad)?,
            ),
            None => {
                let p = Period::parse(s).ok_or_else(bad)?;
                (p, p)
            }
        };
        if start.first_day() > end.last_day() {
            return Err(format!("в интервале «{s}» начало позже конца"));
        }
        Ok(Deadline { start, end })
    }

    /// The first day of the period in which the work is planned.
    pub fn starts(&self) -> NaiveDate {
        self.start.first_day()
    }

    /// The last day on which the result is still on time.
    pub fn due(&self) -> NaiveDate {
        self.end.last_day()
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}/{}", self.start, self.end)
        }
    }
}

impl serde::Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_months_years_and_intervals() {
        let x = Deadline::parse("2019-01/2019-09").unwrap();
        assert_eq!((x.starts(), x.due()), (d(2019, 1, 1), d(2019, 9, 30)));
        let y = Deadline::parse("2018/2019").unwrap();
        assert_eq!((y.starts(), y.due()), (d(2018, 1, 1), d(2019, 12, 31)));
        assert_eq!(Deadline::parse("2019-02").unwrap().due(), d(2019, 2, 28));
        assert_eq!(Deadline::parse("2018-12").unwrap().due(), d(2018, 12, 31));
        assert_eq!(
            Deadline::parse("2018-09/2019-06").unwrap().to_string(),
            "2018-09/2019-06"
        );
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "2019-13",
            "19-01",
            "Декабрь 2018",
            "2019-09/2019-01",
            "",
            "2019-1",
            "2019-+1",
        ] {
            assert!(Deadline::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
