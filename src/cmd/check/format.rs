//! The machine-readable outputs of `kadry check --format`: takes what a
//! check found (every diagnostic, errors and warnings, and the counts of a
//! check that passed) and gives the text a CI system reads from standard
//! output: a JSON document (`docs/check-format.schema.json`), a GitLab Code
//! Quality report, or GitHub workflow commands (read by Gitea and Forgejo
//! Actions too). The human text stays on standard error, as without
//! `--format`.
//!
//! Paths are relative to the site root with `/` separators; a failure that
//! is not about one file (disk, templates) is one error at the site root,
//! `.`. Messages, hints and paths are written with control and bidi
//! characters shown as visible escapes, exactly as the text output shows
//! them, so that content cannot rewrite a CI log or a review page.

use crate::diagnostics::{visible, Diagnostic, Severity};
use crate::{BuildError, BuildSummary};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Component, Path};

/// What `kadry check` writes to standard output. The variants' doc
/// comments are `kadry check --help`'s words, so they are in Russian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// только текст на стандартном выводе ошибок
    Text,
    /// документ JSON (схема — docs/check-format.schema.json)
    Json,
    /// отчёт GitLab Code Quality
    Gitlab,
    /// команды GitHub, Gitea и Forgejo Actions: замечания на строках
    Github,
}

/// The version of the JSON document; raised when a field changes meaning
/// or goes away (new fields may come without it).
const JSON_VERSION: u32 = 1;

/// The path of a failure that concerns no one file.
const SITE_ROOT: &str = ".";

/// What a check found.
pub struct Outcome {
    /// Every problem, errors and warnings, in the order the text shows them.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts of a check without errors.
    pub summary: Option<Summary>,
}

pub struct Summary {
    pub measures: usize,
    pub reports: usize,
    pub pages: usize,
}

impl Outcome {
    pub fn passed(s: &BuildSummary) -> Self {
        Outcome {
            diagnostics: s.warnings.clone(),
            summary: Some(Summary {
                measures: s.measures,
                reports: s.reports,
                pages: s.pages,
            }),
        }
    }

    pub fn failed(e: &BuildError) -> Self {
        let diagnostics = match e {
            BuildError::Content(diags) => diags.clone(),
            BuildError::Other(e) => vec![site_error(e)],
        };
        Outcome {
            diagnostics,
            summary: None,
        }
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// An error that is not about content, as one diagnostic at the site root:
/// its text up to the hint kadry puts on a line of its own, and that hint.
fn site_error(e: &anyhow::Error) -> Diagnostic {
    let text = format!("{e:#}");
    let (message, hint) = text
        .split_once("\n  подсказка: ")
        .unwrap_or((text.as_str(), ""));
    Diagnostic::error(Path::new(""), message, hint)
}

/// The document `format` asks for, ending with a line break; `None` for
/// [`Format::Text`], which writes nothing to standard output.
pub fn render(format: Format, outcome: &Outcome) -> Option<String> {
    let text = match format {
        Format::Text => return None,
        Format::Json => document(outcome).to_string(),
        Format::Gitlab => Value::from(code_quality(&outcome.diagnostics)).to_string(),
        Format::Github => return Some(workflow_commands(&outcome.diagnostics)),
    };
    Some(text + "\n")
}

/// `path` relative to the site root with `/` between its parts (a `\`
/// inside a name stays), control characters made visible; `.` for the root.
fn site_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| visible(&c.as_os_str().to_string_lossy()).into_owned())
        .collect();
    if parts.is_empty() {
        SITE_ROOT.into()
    } else {
        parts.join("/")
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The `--format json` document.
fn document(outcome: &Outcome) -> Value {
    let diagnostics: Vec<Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": severity_name(d.severity),
                "path": site_path(&d.path),
                "line": d.line,
                "column": d.column,
                "message": visible(&d.message),
                "hint": visible(&d.hint),
            })
        })
        .collect();
    let summary = outcome.summary.as_ref().map(|s| {
        json!({
            "measures": s.measures,
            "reports": s.reports,
            "pages": s.pages,
        })
    });
    json!({
        "version": JSON_VERSION,
        "errors": outcome.errors(),
        "warnings": outcome.warnings(),
        "diagnostics": diagnostics,
        "summary": summary,
    })
}

/// The message and, where there is one, the hint, for one line of a review.
fn described(d: &Diagnostic, before_hint: &str) -> String {
    let mut text = visible(&d.message).into_owned();
    if !d.hint.is_empty() {
        text.push_str(before_hint);
        text.push_str(&visible(&d.hint));
    }
    text
}

/// A GitLab Code Quality report: one issue per diagnostic, errors as
/// `major`, warnings as `minor`. A problem about a whole file is put on its
/// first line, since GitLab needs one.
fn code_quality(diags: &[Diagnostic]) -> Vec<Value> {
    diags
        .iter()
        .map(|d| {
            let path = site_path(&d.path);
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            };
            json!({
                "type": "issue",
                "description": described(d, " — подсказка: "),
                "check_name": format!("kadry.{}", severity_name(d.severity)),
                "fingerprint": fingerprint(&path, d.line, &d.message),
                "severity": severity,
                "location": { "path": path, "lines": { "begin": d.line.unwrap_or(1) } },
            })
        })
        .collect()
}

/// A hash that stays the same for the same problem at the same place from
/// run to run, so that GitLab can tell new problems from fixed ones.
fn fingerprint(path: &str, line: Option<usize>, message: &str) -> String {
    let mut hash = Sha256::new();
    for part in [
        path,
        &line.map_or(String::new(), |l| l.to_string()),
        message,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One `::error` or `::warning` command per diagnostic, on its file and
/// line (line 1 for a problem about the whole file); a failure that
/// concerns no file names none.
fn workflow_commands(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let mut properties = Vec::new();
        let path = site_path(&d.path);
        if path != SITE_ROOT {
            properties.push(format!("file={}", escape_property(&path)));
            properties.push(format!("line={}", d.line.unwrap_or(1)));
            if let Some(column) = d.column {
                properties.push(format!("col={column}"));
            }
        }
        properties.push("title=kadry".into());
        out.push_str(&format!(
            "::{} {}::{}\n",
            severity_name(d.severity),
            properties.join(","),
            escape_data(&described(d, "\nподсказка: "))
        ));
    }
    out
}

/// A workflow command's message: `%`, carriage returns and line breaks
/// written as `%25`, `%0D`, `%0A`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,`
/// as `%3A` and `%2C`, which would end the value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_error() -> Diagnostic {
        Diagnostic::error(
            Path::new("content/reports/1.1/a,b:c%.md"),
            "мероприятие «1.9» не найдено: 100%",
            "возможно, «1.1»\r\nили «1.2»",
        )
        .at(2, 1)
    }

    fn outcome(diagnostics: Vec<Diagnostic>) -> Outcome {
        Outcome {
            diagnostics,
            summary: None,
        }
    }

    #[test]
    fn github_commands_escape_data_and_properties() {
        let warning = Diagnostic::warning(Path::new("content/news/x.md"), "нет даты", "");
        let text = render(Format::Github, &outcome(vec![report_error(), warning])).unwrap();
        assert_eq!(
            text,
            "::error file=content/reports/1.1/a%2Cb%3Ac%25.md,line=2,col=1,title=kadry::\
             мероприятие «1.9» не найдено: 100%25%0Aподсказка: возможно, «1.1»\\r\\nили «1.2»\n\
             ::warning file=content/news/x.md,line=1,title=kadry::нет даты\n"
        );
        assert_eq!(escape_data("a\r\nb%"), "a%0D%0Ab%25");
        assert_eq!(escape_property("a:b,c\n"), "a%3Ab%2Cc%0A");
    }

    #[test]
    fn a_failure_outside_content_is_one_error_at_the_site_root() {
        let e = anyhow::anyhow!("нет места\n  подсказка: освободите диск").context("запись");
        let failed = Outcome::failed(&BuildError::Other(e));
        assert_eq!(failed.errors(), 1);
        let d = &failed.diagnostics[0];
        assert_eq!(
            (d.message.as_str(), d.hint.as_str()),
            ("запись: нет места", "освободите диск")
        );
        assert_eq!(
            render(Format::Github, &failed).unwrap(),
            "::error title=kadry::запись: нет места%0Aподсказка: освободите диск\n"
        );
        let json: Value = serde_json::from_str(&render(Format::Json, &failed).unwrap()).unwrap();
        assert_eq!(json["diagnostics"][0]["path"], ".");
        assert_eq!(json["diagnostics"][0]["line"], Value::Null);
    }

    #[test]
    fn gitlab_fingerprints_are_stable_and_tell_problems_apart() {
        let a = fingerprint("content/a.md", Some(2), "x");
        assert_eq!(a, fingerprint("content/a.md", Some(2), "x"));
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        for other in [
            fingerprint("content/a.md", Some(3), "x"),
            fingerprint("content/a.md", None, "x"),
            fingerprint("content/a.md2", None, "x"),
            fingerprint("content/b.md", Some(2), "x"),
        ] {
            assert_ne!(a, other);
        }
        let report: Value =
            serde_json::from_str(&render(Format::Gitlab, &outcome(vec![report_error()])).unwrap())
                .unwrap();
        assert_eq!(report[0]["severity"], "major");
        assert_eq!(report[0]["location"]["lines"]["begin"], 2);
        assert_eq!(
            report[0]["description"],
            "мероприятие «1.9» не найдено: 100% — подсказка: возможно, «1.1»\\r\\nили «1.2»"
        );
    }

    #[test]
    fn paths_use_slashes_and_show_control_characters() {
        assert_eq!(
            site_path(Path::new("./content/a\u{1b}.md")),
            "content/a\\x1b.md"
        );
        assert_eq!(site_path(Path::new("")), ".");
        assert_eq!(render(Format::Text, &outcome(vec![report_error()])), None);
    }
}
