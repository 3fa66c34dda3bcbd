//! The date of a dataset's current version: the day its data last changed.
//!
//! Where git has the table's history, that is the date of the last commit
//! that changed the CSV, whatever the sidecar's `updated` says; without it
//! (a copy without `.git`, a shallow clone cut before that commit), the
//! sidecar's `updated`. Nothing about it is silent:
//!
//! - a CSV edited since the last commit keeps the date of that commit until
//!   the edit is committed: a warning names the CSV;
//! - a CSV committed later than both its sidecar's `updated` and the
//!   sidecar's own last commit was changed without `updated` being bumped:
//!   a warning at the `updated` line names the date taken from git. A CSV
//!   committed together with its sidecar (added with a historical `updated`,
//!   or edited with the description) is not warned about: the editor saw the
//!   sidecar when the data changed.
//!
//! A table that could not be read is dated by `updated`, without warnings:
//! its own error says what is wrong.
//!
//! Takes the table's and the sidecar's paths, `updated` and the history;
//! gives the date and where it came from, and the warnings.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::history::History;
use chrono::NaiveDate;
use std::path::Path;

/// The current version's date and, in words, where it came from.
pub(super) struct Current {
    pub date: NaiveDate,
    pub source: &'static str,
}

/// The paths of a dataset's files and its `updated` field, where it is.
pub(super) struct Sources<'a> {
    pub csv: &'a Path,
    pub sidecar: &'a Path,
    pub updated: NaiveDate,
    /// The line of `updated` in the sidecar.
    pub updated_line: Option<usize>,
    /// Whether the table was read: the last commit of one that is not
    /// there may be its deletion, and its own error says more.
    pub read: bool,
}

/// The current version's date; warnings for an uncommitted edit of the
/// table and for an `updated` left behind by a committed one.
pub(super) fn current(files: &Sources, history: &History, diags: &mut Diagnostics) -> Current {
    let committed = history.last_changed(files.csv).filter(|_| files.read);
    let current = match committed {
        Some(date) => Current {
            date,
            source: "дата последнего коммита таблицы в git",
        },
        None => Current {
            date: files.updated,
            source: "поле updated",
        },
    };
    if files.read && history.edited(files.csv) {
        diags.push(Diagnostic::warning(
            files.csv,
            format!(
                "таблица изменена, но правка не зафиксирована в git: портал покажет новые данные \
                 с датой прежней версии, {}",
                current.date
            ),
            "зафиксируйте правку (git commit) до публикации: дата коммита станет датой новой \
             версии набора",
        ));
    }
    let sidecar_committed = history.last_changed(files.sidecar);
    if let Some(date) = committed.filter(|date| {
        files.updated < *date && sidecar_committed.is_none_or(|sidecar| sidecar < *date)
    }) {
        let d = Diagnostic::warning(
            files.sidecar,
            format!(
                "таблица {} изменена в git {date}, позже этого описания, а updated = {}: \
                 датой текущей версии набора взята дата из git, {date}",
                files.csv.display(),
                files.updated
            ),
            format!(
                "поставьте updated = {date}, дату изменения данных: по ней датируется версия, \
                 когда истории git нет (в копии папки без .git)"
            ),
        );
        diags.push(match files.updated_line {
            Some(line) => d.at(line, 1),
            None => d,
        });
    }
    current
}
