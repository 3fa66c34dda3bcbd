//! A measure's status, derived against the as-of date.
//!
//! Reported statuses come from the latest report dated on or before the as-of
//! date; without one, the deadline decides between "planned" and "deadline
//! passed, no report published". Each status has a text label and an icon so
//! it is never conveyed by colour alone.

use crate::model::deadline::Deadline;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Done,
    InProgress,
    Delayed,
    NotStarted,
    Cancelled,
    /// No report yet, deadline not passed.
    Planned,
    /// No report, deadline passed.
    OverdueNoReport,
}

impl Status {
    /// Every status, in the order listings and counts show them.
    pub const ALL: [Status; 7] = [
        Status::Done,
        Status::InProgress,
        Status::Delayed,
        Status::NotStarted,
        Status::Planned,
        Status::OverdueNoReport,
        Status::Cancelled,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::InProgress => "in_progress",
            Status::Delayed => "delayed",
            Status::NotStarted => "not_started",
            Status::Cancelled => "cancelled",
            Status::Planned => "planned",
            Status::OverdueNoReport => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "выполнено",
            Status::InProgress => "выполняется",
            Status::Delayed => "выполняется с задержкой",
            Status::NotStarted => "не начато",
            Status::Cancelled => "отменено",
            Status::Planned => "запланировано",
            Status::OverdueNoReport => "срок истёк, отчёт не опубликован",
        }
    }

    /// A symbol shown beside the label (decorative: the label carries the meaning).
    pub fn icon(self) -> &'static str {
        match self {
            Status::Done => "✓",
            Status::InProgress => "▶",
            Status::Delayed => "⚠",
            Status::NotStarted => "○",
            Status::Cancelled => "✕",
            Status::Planned => "◷",
            Status::OverdueNoReport => "!",
        }
    }

    /// Derives the status of a measure without a report on or before `as_of`.
    pub fn unreported(deadline: &Deadline, as_of: NaiveDate) -> Status {
        if as_of > deadline.due() {
            Status::OverdueNoReport
        } else {
            Status::Planned
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Status", 3)?;
        st.serialize_field("slug", self.slug())?;
        st.serialize_field("label", self.label())?;
        st.serialize_field("icon", self.icon())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreported_depends_on_deadline() {
        let dl = Deadline::parse("2018-07/2018-08").unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Status::unreported(&dl, day("2018-06-01")), Status::Planned);
        assert_eq!(Status::unreported(&dl, day("2018-08-31")), Status::Planned);
        assert_eq!(
            Status::unreported(&dl, day("2018-09-01")),
            Status::OverdueNoReport
        );
    }
}
