//! Splitting a Markdown file into its TOML front matter (between `+++` lines)
//! and its body, and parsing the front matter with line-accurate errors.

mod explain;

pub(crate) use explain::dates;
pub use explain::explain;

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A file's text split into front matter and body.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the first front-matter line in the file.
    pub first_line: usize,
    pub body: &'a str,
}

/// Splits `text` (already stripped of a BOM) at its `+++` fences.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(Diagnostic::error(
            path,
            "файл должен начинаться со строки «+++» (начало блока свойств)",
            "первая строка файла — «+++», затем свойства вида `title = \"…\"`, затем снова «+++»",
        )
        .at(1, 1));
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &text[start..offset],
                first_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "блок свойств не закрыт: нет второй строки «+++»",
        "добавьте строку «+++» после последнего свойства, перед текстом",
    )
    .at(1, 1))
}

/// Parses front matter into `T`, turning a TOML error into a diagnostic in
/// Russian that points at the line and column in the original file.
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split) -> Result<T, Diagnostic> {
    toml::from_str(split.front_matter)
        .map_err(|e| explain(path, split.front_matter, split.first_line, &e))
}

/// 0-based line and 1-based column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// 1-based file line on which `key = …` is written, for pointing at a field.
pub fn key_line(split: &Split, key: &str) -> Option<usize> {
    split
        .front_matter
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| split.first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reports_lines() {
        let p = Path::new("x.md");
        let s = split(p, "+++\nid = \"1\"\n+++\nbody\n").unwrap();
        assert_eq!(s.front_matter, "id = \"1\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(key_line(&s, "id"), Some(2));
        assert!(split(p, "+++\nid = 1\n").is_err());
        assert!(split(p, "id = 1\n").is_err());
    }

    #[test]
    fn toml_error_points_at_file_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct M {
            a: String,
            b: String,
        }
        let p = Path::new("x.md");
        let s = split(p, "+++\na = \"ok\"\nb = \"broken\n+++\n").unwrap();
        let d = parse::<M>(p, &s).unwrap_err();
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn deep_toml_is_an_error_not_a_crash() {
        let p = Path::new("x.md");
        for value in [
            "[".repeat(10_000) + &"]".repeat(10_000),
            "{a=".repeat(10_000) + &"}".repeat(10_000),
        ] {
            let text = format!("+++\na = \"ok\"\nb = {value}\n+++\n");
            let s = split(p, &text).unwrap();
            let d = parse::<toml::Value>(p, &s).unwrap_err();
            assert_eq!(d.line, Some(3));
            assert!(d.message.contains("вложенность"), "{}", d.message);
        }
    }
}
