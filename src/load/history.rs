//! Change history of the content, from git: when each file last changed
//! (the "изменено" date of the pages built from it, the version date of a
//! dataset), how each measure's deadline changed, commit by commit, and
//! which files were edited since the last commit. Dates are commit dates,
//! so the same commit always gives the same output.
//!
//! Takes the site root; gives a [`History`] and how complete it is
//! ([`HistoryStatus`]). Without git, outside a repository, or in a shallow
//! clone the history is empty or partial and pages fall back to a
//! front-matter `updated` date; the status says so, and
//! [`HistoryStatus::problem`] turns it into a warning (or, for `kadry build
//! --require-history`, an error) naming the fix, so that history never
//! vanishes silently.

use crate::diagnostics::Diagnostic;
use crate::load::{frontmatter, MeasureMeta};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A deadline as it stood before and after a commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeadlineChange {
    pub date: NaiveDate,
    pub old_text: String,
    pub new_text: String,
}

/// How much of the content's history git could give.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HistoryStatus {
    /// Every commit of `content/` was read.
    Complete,
    /// A shallow clone (`git clone --depth …`): only the newest commits.
    Shallow,
    /// The site root is in no git repository (a tarball, a copy).
    #[default]
    NotARepository,
    /// The repository has no commit with `content/` in it.
    Untracked,
    /// There is no `git` program to ask.
    GitMissing,
    /// git was there but failed; its first line of complaint.
    GitFailed(String),
}

#[derive(Debug, Default)]
pub struct History {
    /// Last commit date per path relative to the site root.
    last_changed: HashMap<PathBuf, NaiveDate>,
    /// Deadline changes per measure file, oldest first.
    deadlines: HashMap<PathBuf, Vec<DeadlineChange>>,
    /// For each measure file edited since the last commit, the deadline
    /// (`deadline`) the commit has.
    committed_deadlines: HashMap<PathBuf, String>,
    /// Files under `content/` that differ from the last commit.
    edited: HashSet<PathBuf>,
    status: HistoryStatus,
}

/// Why a git command gave nothing.
enum GitError {
    /// The program could not be started: not installed.
    Missing,
    /// It ran and failed: the first line it printed on standard error.
    Failed(String),
}

fn git(root: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => GitError::Failed(e.to_string()),
        })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        Err(GitError::Failed(first.trim().to_string()))
    }
}

impl From<GitError> for HistoryStatus {
    fn from(e: GitError) -> Self {
        match e {
            GitError::Missing => HistoryStatus::GitMissing,
            GitError::Failed(reason) => HistoryStatus::GitFailed(reason),
        }
    }
}

impl HistoryStatus {
    /// Whether `root` is in a repository git can read, and a full clone.
    fn of(root: &Path) -> HistoryStatus {
        match git(
            root,
            &[
                "rev-parse",
                "--is-inside-work-tree",
                "--is-shallow-repository",
            ],
        ) {
            Ok(out) => {
                let mut answers = out.lines().map(str::trim);
                if answers.next() != Some("true") {
                    HistoryStatus::NotARepository
                } else if answers.next() == Some("true") {
                    HistoryStatus::Shallow
                } else {
                    HistoryStatus::Complete
                }
            }
            // git's own words are translated: tell "no repository here"
            // from "a repository git refuses to read" by what is on disk
            Err(GitError::Failed(_)) if !in_repository_folder(root) => {
                HistoryStatus::NotARepository
            }
            Err(e) => e.into(),
        }
    }

    /// An incomplete history as a warning on `.git`, with what it costs
    /// and the fix; `None` when it is complete.
    pub fn problem(&self) -> Option<Diagnostic> {
        let (what, fix) = self.explained()?;
        Some(Diagnostic::warning(
            Path::new(".git"),
            format!(
                "{what}; поэтому история сроков и даты «изменено» на страницах будут неполными"
            ),
            fix,
        ))
    }

    /// An incomplete history as the error of `kadry build
    /// --require-history`; `None` when it is complete.
    pub fn required(&self) -> Option<Diagnostic> {
        let (what, fix) = self.explained()?;
        Some(Diagnostic::error(
            Path::new(".git"),
            format!("{what}, а сборка запущена с --require-history: сайт не собран"),
            fix,
        ))
    }

    /// What is missing and how to get it, in an operator's words.
    fn explained(&self) -> Option<(String, &'static str)> {
        Some(match self {
            HistoryStatus::Complete => return None,
            HistoryStatus::Shallow => (
                "история изменений неполная: репозиторий склонирован не целиком \
                 (git clone --depth), в нём только последние коммиты"
                    .into(),
                "скачайте всю историю: git fetch --unshallow; в CI клонируйте репозиторий \
                 целиком: в GitLab — переменная GIT_DEPTH: 0, в GitHub и Gitea — \
                 actions/checkout с параметром fetch-depth: 0",
            ),
            HistoryStatus::NotARepository => (
                "истории изменений нет: сайт собирается не из репозитория git (папки .git нет)"
                    .into(),
                "собирайте сайт из клона репозитория содержимого (git clone …), \
                 а не из архива или копии папки",
            ),
            HistoryStatus::Untracked => (
                "истории изменений нет: в репозитории git нет ни одного коммита с папкой content/"
                    .into(),
                "сохраните content/ в git (git add content, затем git commit) или собирайте \
                 сайт из клона репозитория содержимого, а не из копии внутри другого репозитория",
            ),
            HistoryStatus::GitMissing => (
                "истории изменений нет: программа git не найдена".into(),
                "установите git и собирайте сайт из клона репозитория содержимого",
            ),
            HistoryStatus::GitFailed(reason) => (
                format!("историю изменений не удалось прочитать: git ответил «{reason}»"),
                "проверьте, что у пользователя, который запускает kadry, есть доступ к папке \
                 .git; если git пишет о «dubious ownership», разрешите папку: \
                 git config --global --add safe.directory <папка сайта>",
            ),
        })
    }
}

/// Whether a `.git` is at `root` or above it.
fn in_repository_folder(root: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    root.ancestors().any(|a| a.join(".git").exists())
}

impl History {
    /// Reads the history of `content/` from git, and how complete it is.
    pub fn from_git(root: &Path) -> History {
        let status = HistoryStatus::of(root);
        if !matches!(status, HistoryStatus::Complete | HistoryStatus::Shallow) {
            return History {
                status,
                ..History::default()
            };
        }
        let log = git(
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
        );
        let log = match log {
            Ok(log) => log,
            // a repository without commits has no HEAD to start from
            Err(_) if git(root, &["rev-parse", "--quiet", "--verify", "HEAD"]).is_err() => {
                String::new()
            }
            Err(e) => {
                return History {
                    status: e.into(),
                    ..History::default()
                }
            }
        };
        let boundary = match status {
            HistoryStatus::Shallow => shallow_boundary(root),
            _ => HashSet::new(),
        };
        let mut history = History {
            status,
            ..History::default()
        };
        let commits_of = history.read_log(&log, &boundary);
        if commits_of.is_empty() {
            history.status = HistoryStatus::Untracked;
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
        history.edited = edited(root);
        history.committed_deadlines = committed_deadlines(root, &history.edited);
        history
    }

    /// Takes each file's last change from `git log` output, and gives the
    /// commits touching each file, newest first as git lists them. A
    /// shallow clone's oldest commits (`boundary`) list every file as if
    /// added then: they only give the deadline a later commit moved from.
    fn read_log(
        &mut self,
        log: &str,
        boundary: &HashSet<String>,
    ) -> HashMap<PathBuf, Vec<(String, NaiveDate)>> {
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
                if !boundary.contains(hash) {
                    self.last_changed.entry(path.clone()).or_insert(date);
                }
                commits_of
                    .entry(path)
                    .or_default()
                    .push((hash.to_string(), date));
            }
        }
        commits_of
    }

    /// How complete the history is.
    pub fn status(&self) -> &HistoryStatus {
        &self.status
    }

    pub fn last_changed(&self, path: &Path) -> Option<NaiveDate> {
        self.last_changed.get(path).copied()
    }

    pub fn deadline_changes(&self, path: &Path) -> &[DeadlineChange] {
        self.deadlines.get(path).map_or(&[], Vec::as_slice)
    }

    /// The deadline the last commit has for a measure file edited since:
    /// a change of it that is not committed has no date in the history.
    pub fn committed_deadline(&self, path: &Path) -> Option<&str> {
        self.committed_deadlines.get(path).map(String::as_str)
    }

    /// Whether a file (path relative to the site root) under `content/`
    /// differs from its last commit: an edit not committed yet.
    pub fn edited(&self, path: &Path) -> bool {
        self.edited.contains(path)
    }
}

/// The files under `content/` that differ from the last commit (none when
/// git cannot tell, as in a repository without commits).
fn edited(root: &Path) -> HashSet<PathBuf> {
    let diff = git(
        root,
        &["diff", "--name-only", "--relative", "HEAD", "--", "content"],
    );
    diff.unwrap_or_default()
        .lines()
        .map(PathBuf::from)
        .collect()
}

/// The committed `deadline` of each measure file among the `edited` ones.
fn committed_deadlines(root: &Path, edited: &HashSet<PathBuf>) -> HashMap<PathBuf, String> {
    edited
        .iter()
        .filter(|p| p.starts_with("content/roadmap"))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .cloned()
        .filter_map(|path| {
            let text = git(root, &["show", &format!("HEAD:./{}", path.display())]).ok()?;
            let split = frontmatter::split(&path, &text).ok()?;
            let meta = frontmatter::parse::<MeasureMeta>(&path, &split).ok()?;
            Some((path, meta.deadline))
        })
        .collect()
}

/// The commits a shallow clone was cut at, from git's `shallow` file.
fn shallow_boundary(root: &Path) -> HashSet<String> {
    let Ok(path) = git(root, &["rev-parse", "--git-path", "shallow"]) else {
        return HashSet::new();
    };
    let text = std::fs::read_to_string(root.join(path.trim())).unwrap_or_default();
    text.lines().map(|l| l.trim().to_string()).collect()
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
        let Ok(text) = git(root, &["show", &format!("{hash}:./{}", path.display())]) else {
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
