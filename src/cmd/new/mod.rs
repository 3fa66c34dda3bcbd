//! `kadry new report` and `kadry new news`: a ready-to-edit file from a
//! template ([`report`], [`news`]), so an editor starts from a file that
//! already passes `kadry check`. It is dated today in the time zone of the
//! site's settings.
//!
//! Takes the site's root (as the editor's current folder reaches it) and
//! the command's options; writes the file, prints its path (which opens
//! from where the command was typed) and gives the exit code. This module
//! holds what both kinds share: filling a template, the file's name, the
//! measures' look-up and the writing.

mod news;
mod report;

use crate::diagnostics::Diagnostic;
use crate::load::{frontmatter, MeasureMeta};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `kadry new report`: see [`report::write`].
pub fn report(root: &Path, measure: &str, title: Option<&str>, status: &str) -> ExitCode {
    run(root, |today| {
        report::write(root, measure, title, status, today)
    })
}

/// `kadry new news`: see [`news::write`].
pub fn news(root: &Path, title: &str, summary: Option<&str>, measures: &[String]) -> ExitCode {
    run(root, |today| {
        news::write(root, title, summary, measures, today)
    })
}

/// Makes the file dated today in the site's time zone and prints its path,
/// or says why it could not.
fn run(root: &Path, make: impl FnOnce(NaiveDate) -> Result<PathBuf, Diagnostic>) -> ExitCode {
    let today = match crate::config::Config::load(root) {
        Ok(config) => config.today(),
        Err(diags) => {
            super::print_diagnostics(&diags.sorted());
            return ExitCode::FAILURE;
        }
    };
    match make(today) {
        Ok(path) => {
            println!("{}", crate::diagnostics::visible(&path.to_string_lossy()));
            ExitCode::SUCCESS
        }
        Err(d) => {
            super::print_diagnostics(&[d]);
            ExitCode::FAILURE
        }
    }
}

/// `template` with each `{key}` replaced by its value, in one pass: a
/// value that itself holds `{date}` stays as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let found = values
            .iter()
            .find(|(key, _)| rest[1..].starts_with(key) && rest[1 + key.len()..].starts_with('}'));
        match found {
            Some((key, value)) => {
                out.push_str(value);
                rest = &rest[key.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A TOML basic string (`"…"`) holding `text` exactly: quotes, backslashes
/// and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A latin, lower-case address part from a Russian title; `fallback` when
/// the title has no letters or digits.
fn slug(title: &str, fallback: &str) -> String {
    let ascii = deunicode::deunicode(title).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    if words.is_empty() {
        fallback.into()
    } else {
        words.join("-")
    }
}

/// Writes `text` to `dir/<date>-<slug>.md`, or `…-2.md`, `…-3.md` when the
/// name is taken, and returns the path; `folder` names `dir` in the hint.
fn write_new(
    dir: &Path,
    today: NaiveDate,
    slug: &str,
    text: &str,
    folder: &str,
) -> Result<PathBuf, Diagnostic> {
    let stem = format!("{}-{slug}", today.format("%Y-%m-%d"));
    let path = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.md")),
            n => dir.join(format!("{stem}-{n}.md")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    let write = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, text));
    write.map_err(|e| {
        Diagnostic::error(
            &path,
            format!("не удалось записать файл: {e}"),
            format!("проверьте права на запись в папку {folder}"),
        )
    })?;
    Ok(path)
}

/// The measure `id` of the roadmap, or an error for `command` suggesting
/// the closest number.
fn find_measure(root: &Path, id: &str, command: &str) -> Result<MeasureMeta, Diagnostic> {
    let roadmap = root.join("content/roadmap");
    let mut known = Vec::new();
    for entry in walkdir::WalkDir::new(&roadmap)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        let Some(stem) = name.strip_suffix(".md").filter(|s| *s != "_index") else {
            continue;
        };
        if stem == id {
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let text = std::fs::read_to_string(entry.path())
                .map_err(|e| Diagnostic::error(rel, format!("не удалось прочитать: {e}"), ""))?;
            let split = frontmatter::split(rel, &text)?;
            return frontmatter::parse(rel, &split);
        }
        known.push(stem.to_string());
    }
    let closest = known
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(id, k))
        .filter(|k| strsim::damerau_levenshtein(id, k) <= 2);
    Err(Diagnostic::error(
        Path::new(command),
        format!("мероприятие «{id}» не найдено в дорожной карте"),
        match closest {
            Some(k) => {
                format!("возможно, имелось в виду «{k}»; все номера — на странице /roadmap/")
            }
            None => "укажите номер мероприятия, например 14.1".into(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_latin() {
        assert_eq!(
            slug("Инвентаризация мастерских: итоги", "otchet"),
            "inventarizatsiia-masterskikh-itogi"
        );
        assert_eq!(slug("«»", "novost"), "novost");
    }

    #[test]
    fn fills_each_key_once() {
        assert_eq!(
            fill("{a} {b} {c} {", &[("a", "{b}"), ("b", "2")]),
            "{b} 2 {c} {"
        );
    }

    #[test]
    fn toml_strings_hold_any_title() {
        for title in [
            "обычный",
            "«кавычки» \"и\" \\ слэш",
            "строка\nвторая\t\u{1b}[2J",
        ] {
            let parsed: toml::Table =
                toml::from_str(&format!("t = {}", toml_string(title))).unwrap();
            assert_eq!(parsed["t"].as_str(), Some(title));
        }
    }
}
