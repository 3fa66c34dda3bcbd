//! `kadry new news --title "…"`: a news item from `news.md`, named
//! `content/news/<date>-<slug>.md` (the name becomes its address), about
//! the measures given with `--measure`, each checked against the roadmap.
//! The first measure's first executor is the author; without a measure the
//! author line is left commented out (the field may be left out).

use super::{fill, find_measure, slug, toml_string, write_new};
use crate::diagnostics::Diagnostic;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("news.md");

/// What the summary says until the editor writes one.
const SUMMARY: &str = "Замените: одно-два предложения о главном в новости.";

/// Writes `content/news/<date>-<slug>.md` and returns its path.
pub fn write(
    root: &Path,
    title: &str,
    summary: Option<&str>,
    measures: &[String],
    today: NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    let cli = Path::new("kadry new news");
    if title.trim().is_empty() {
        return Err(Diagnostic::error(
            cli,
            "пустой заголовок новости",
            "укажите его: kadry new news --title \"Открыта новая мастерская\"",
        ));
    }
    let mut ids: Vec<&str> = Vec::new();
    for id in measures.iter().map(String::as_str) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut author = None;
    for id in &ids {
        let meta = find_measure(root, id, "kadry new news")?;
        author = author.or_else(|| meta.responsible.first().cloned());
    }
    let author = match author {
        Some(a) => format!(
            "author = {}   # код организации из content/organizations.toml",
            toml_string(&a)
        ),
        None => {
            "# author = \"dep-…\"   # необязательно: код организации из content/organizations.toml"
                .into()
        }
    };
    let quoted: Vec<String> = ids.iter().map(|id| toml_string(id)).collect();
    let text = fill(
        TEMPLATE,
        &[
            ("title", &toml_string(title)),
            ("date", &today.format("%Y-%m-%d").to_string()),
            ("summary", &toml_string(summary.unwrap_or(SUMMARY))),
            ("author", &author),
            ("measures", &quoted.join(", ")),
        ],
    );
    let dir = root.join("content/news");
    write_new(&dir, today, &slug(title, "novost"), &text, "content/news/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{frontmatter, NewsMeta};

    #[test]
    fn the_template_is_a_news_item() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let path = write(dir.path(), "Итоги «года» {date}", None, &[], day).unwrap();
        assert_eq!(
            path,
            dir.path()
                .join("content/news/2026-03-02-itogi-goda-date.md")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let split = frontmatter::split(&path, &text).unwrap();
        let meta: NewsMeta = frontmatter::parse(&path, &split).unwrap();
        assert_eq!(meta.title, "Итоги «года» {date}");
        assert_eq!(meta.summary, SUMMARY);
        assert_eq!((meta.author, meta.measures.len()), (None, 0));
        let again = write(dir.path(), "Итоги «года» {date}", Some("Кратко."), &[], day);
        assert!(again.unwrap().ends_with("2026-03-02-itogi-goda-date-2.md"));
        let empty = write(dir.path(), " ", None, &[], day).unwrap_err();
        assert_eq!(empty.message, "пустой заголовок новости");
    }
}
