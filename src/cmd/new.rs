//! `kadry new report`: a ready-to-edit report file from a template, so an
//! editor starts from a file that already passes `kadry check`. It is
//! dated today in the time zone of the site's settings.

use crate::diagnostics::Diagnostic;
use crate::load::{frontmatter, MeasureMeta};
use crate::model::REPORT_STATUSES;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const TEMPLATE: &str = include_str!("new/report.md");

/// Creates the report, dated today in the site's time zone, and prints
/// its path, or says why it could not.
pub fn run(root: &Path, measure: &str, title: Option<&str>, status: &str) -> ExitCode {
    let today = match crate::config::Config::load(root) {
        Ok(config) => config.today(),
        Err(diags) => {
            super::print_diagnostics(&diags.sorted());
            return ExitCode::FAILURE;
        }
    };
    match new_report(root, measure, title, status, today) {
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

/// Writes `content/reports/<measure>/<date>-<slug>.md` and returns its path.
pub fn new_report(
    root: &Path,
    measure: &str,
    title: Option<&str>,
    status: &str,
    today: NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    let cli = Path::new("kadry new report");
    if !REPORT_STATUSES.iter().any(|(k, _)| *k == status) {
        let known: Vec<&str> = REPORT_STATUSES.iter().map(|(k, _)| *k).collect();
        return Err(Diagnostic::error(
            cli,
            format!("неизвестный статус «{status}»"),
            format!("допустимые статусы: {}", known.join(", ")),
        ));
    }
    let (meta, _) = find_measure(root, measure)?;
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| format!("Ход выполнения мероприятия {measure}"));
    let text = TEMPLATE
        .replace("{measure_title}", &meta.title.replace('\n', " "))
        .replace("{measure}", measure)
        .replace("{date}", &today.format("%Y-%m-%d").to_string())
        .replace("{status}", status)
        .replace("{title}", &title.replace('\\', "\\\\").replace('"', "\\\""))
        .replace(
            "{author}",
            meta.responsible.first().map_or("", String::as_str),
        );

    let dir = root.join("content/reports").join(measure);
    let slug = slug(&title);
    let stem = format!("{}-{slug}", today.format("%Y-%m-%d"));
    let path = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.md")),
            n => dir.join(format!("{stem}-{n}.md")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    let write = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, text));
    write.map_err(|e| {
        Diagnostic::error(
            &path,
            format!("не удалось записать файл: {e}"),
            "проверьте права на запись в папку content/reports/",
        )
    })?;
    Ok(path)
}

/// A latin, lower-case address part from a Russian title.
fn slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    if words.is_empty() {
        "otchet".into()
    } else {
        words.join("-")
    }
}

fn find_measure(root: &Path, id: &str) -> Result<(MeasureMeta, PathBuf), Diagnostic> {
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
            let meta: MeasureMeta = frontmatter::parse(rel, &split)?;
            return Ok((meta, entry.path().to_path_buf()));
        }
        known.push(stem.to_string());
    }
    let closest = known
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(id, k))
        .filter(|k| strsim::damerau_levenshtein(id, k) <= 2);
    Err(Diagnostic::error(
        Path::new("kadry new report"),
        format!("мероприятие «{id}» не найдено в дорожной карте"),
        match closest {
            Some(k) => {
                format!("возможно, имелось в виду «{k}»; все номера — на странице /roadmap/")
            }
            None => "укажите номер мероприятия, например: kadry new report 14.1".into(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_latin() {
        assert_eq!(
            slug("Инвентаризация мастерских: итоги"),
            "inventarizatsiia-masterskikh-itogi"
        );
        assert_eq!(slug("«»"), "otchet");
    }
}
