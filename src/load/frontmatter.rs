//! Splitting a Markdown file into its TOML front matter (between `+++` lines)
//! and its body, and parsing the front matter with line-accurate errors.

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

/// Parses front matter into `T`, turning a TOML error into a diagnostic that
/// points at the line and column in the original file.
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split) -> Result<T, Diagnostic> {
    toml::from_str(split.front_matter).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| line_col(split.front_matter, span.start))
            .unwrap_or((0, 1));
        // The value on the offending line, for messages that quote it.
        let snippet = e
            .span()
            .and_then(|s| split.front_matter.get(..s.start))
            .map(|before| before.rfind('\n').map_or(0, |i| i + 1))
            .and_then(|start| split.front_matter[start..].lines().next())
            .map(|l| l.split_once('=').map_or(l, |(_, v)| v).trim())
            .unwrap_or("");
        let (message, hint) = explain(e.message(), snippet);
        Diagnostic::error(path, message, hint).at(split.first_line + line, column)
    })
}

/// Turns the TOML parser's English message into Russian with a hint,
/// suggesting the closest known field for a likely typo.
pub fn explain(message: &str, snippet: &str) -> (String, String) {
    if let Some(explained) = too_deep(message) {
        return explained;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") {
        let unknown = quoted.first().copied().unwrap_or("");
        let closest = quoted[1..]
            .iter()
            .min_by_key(|k| strsim::damerau_levenshtein(unknown, k))
            .filter(|k| strsim::damerau_levenshtein(unknown, k) <= 3);
        let hint = match closest {
            Some(k) => format!("возможно, имелось в виду «{k}»"),
            None => format!("допустимые поля: {}", quoted[1..].join(", ")),
        };
        (format!("неизвестное поле «{unknown}»"), hint)
    } else if message.contains("date-time") {
        (
            format!("дата «{snippet}» не существует или записана неверно"),
            "пишите дату в виде ГГГГ-ММ-ДД, например date = 2019-01-20".into(),
        )
    } else if message.starts_with("missing field") {
        let field = quoted.first().copied().unwrap_or("");
        (
            format!("не указано обязательное поле «{field}»"),
            format!("добавьте строку вида {field} = \"…\" между строками «+++»"),
        )
    } else {
        (
            format!("ошибка в блоке свойств: {}", message.trim()),
            "проверьте кавычки (текст — в двойных кавычках), знаки «=» и имена полей; образец — в docs/editing.md".into(),
        )
    }
}

/// The TOML parser refuses arrays and tables nested more than 80 deep
/// (toml_edit's limit, which keeps it off the end of the stack): that error
/// in Russian, with a hint.
pub fn too_deep(message: &str) -> Option<(String, String)> {
    message.contains("recursion limit").then(|| {
        (
            "слишком глубокая вложенность массивов или таблиц".into(),
            "уменьшите вложенность: значение — текст, число, дата или список из них, например [\"14.1\", \"14.2\"]".into(),
        )
    })
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
    fn unknown_field_suggests_the_closest() {
        let (m, h) = explain(
            "unknown field `titel`, expected one of `measure`, `title`, `date`",
            "",
        );
        assert_eq!(m, "неизвестное поле «titel»");
        assert_eq!(h, "возможно, имелось в виду «title»");
        let (m, _) = explain("missing field `status`", "");
        assert_eq!(m, "не указано обязательное поле «status»");
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
