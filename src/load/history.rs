//! Change history of the content, from git: when each file last changed
//! (the "изменено" date of the pages built from it) and how each measure's
//! deadline changed, commit by commit. Without git (or outside a
//! repository) the history is empty and pages fall back to a front-matter
//! `updated` date. Dates are commit dates, so the same commit always gives
//! the same output.

use crate::load::{frontmatter, MeasureMeta};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A deadline as it stood before and after a commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeadlineChange {
    pub date: NaiveDate,
    pub old_text: String,
    pub new_text: String,
}

#[derive(Debug, Default)]
pub struct History {
    /// Last commit date per path relative to the site root.
    last_changed: HashMap<PathBuf, NaiveDate>,
    /// Deadline changes per measure file, oldest first.
    deadlines: HashMap<PathBuf, Vec<DeadlineChange>>,
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

impl History {
    /// Reads the history of `content/` from git; empty when there is none.
    pub fn from_git(root: &Path) -> History {
        let Some(log) = git(
            root,
            &[
                "log",
                "--relative",
                "--format=%x00%H %cs",
                "--name-only",
                "--no-renames",
                "--",
                "content",
            ],
        ) else {
            return History::default();
        };
        let mut history = History::default();
        // Commits touching each file, newest first as git lists them.
        let mut commits_of: HashMap<PathBuf, Vec<(String, NaiveDate)>> = HashMap::new();
        for entry in log.split('\0').filter(|e| !e.trim().is_empty()) {
            let mut lines = entry.lines();
            let Some((hash, date)) = lines.next().and_then(|l| l.split_once(' ')) else {
                continue;
            };
            let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                continue;
            };
            for file in lines.filter(|l| !l.is_empty()) {
                let path = PathBuf::from(file);
                history.last_changed.entry(path.clone()).or_insert(date);
                commits_of
                    .entry(path)
                    .or_default()
                    .push((hash.to_string(), date));
            }
        }
        for (path, commits) in commits_of {
            let is_measure = path.starts_with("content/roadmap")
                && path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "_index.md");
            if is_measure && commits.len() > 1 {
                let changes = deadline_changes(root, &path, &commits);
                if !changes.is_empty() {
                    history.deadlines.insert(path, changes);
                }
            }
        }
        history
    }

    pub fn last_changed(&self, path: &Path) -> Option<NaiveDate> {
        self.last_changed.get(path).copied()
    }

    pub fn deadline_changes(&self, path: &Path) -> &[DeadlineChange] {
        self.deadlines.get(path).map_or(&[], Vec::as_slice)
    }
}

/// The deadline text at each commit of a measure file, as changes.
fn deadline_changes(
    root: &Path,
    path: &Path,
    commits: &[(String, NaiveDate)],
) -> Vec<DeadlineChange> {
    let mut changes = Vec::new();
    let mut previous: Option<String> = None;
    for (hash, date) in commits.iter().rev() {
        let Some(text) = git(root, &["show", &format!("{hash}:./{}", path.display())]) else {
            continue;
        };
        let Ok(split) = frontmatter::split(path, &text) else {
            continue;
        };
        let Ok(meta) = frontmatter::parse::<MeasureMeta>(path, &split) else {
            continue;
        };
        let now = format!("{} ({})", meta.deadline_text, meta.deadline);
        if let Some(old) = previous.replace(now.clone()) {
            if old != now {
                changes.push(DeadlineChange {
                    date: *date,
                    old_text: old,
                    new_text: now,
                });
            }
        }
    }
    changes
}
