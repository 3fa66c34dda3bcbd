//! The warnings of `kadry serve`'s builds: what `kadry check` would warn
//! about, printed on the terminal when they change and served to the tabs
//! as JSON at `/__kadry/warnings`, from which the injected script draws a
//! panel on every page (`livereload.js`, `warnings.css`).
//!
//! Takes the warnings of each good build; gives the list kept with the
//! site (with the build in which it appeared, so that a tab which hid the
//! panel shows it again only when the warnings change), the lines for the
//! terminal and the JSON.

use crate::diagnostics::{visible, Diagnostic};
use std::sync::Arc;

/// The warnings of the last good build.
#[derive(Debug, Default)]
pub(super) struct Warnings {
    /// The build in which this list first appeared.
    pub since: String,
    pub list: Vec<Diagnostic>,
}

impl Warnings {
    /// The warnings after `build`: `last` itself when they are the same.
    pub fn next(last: &Arc<Warnings>, build: &str, found: Vec<Diagnostic>) -> Arc<Warnings> {
        if found == last.list {
            return last.clone();
        }
        Arc::new(Warnings {
            since: build.to_string(),
            list: found,
        })
    }

    /// What the terminal gets after a good build: a note for the build's
    /// line, and the lines printed after it. The warnings themselves (as
    /// `kadry check` prints them) only when they changed since `last`.
    pub fn news_since(&self, last: &Warnings) -> (String, Vec<String>) {
        let count = self.list.len();
        if self.since == last.since {
            let note = match count {
                0 => String::new(),
                n => format!("; предупреждения те же — {n}"),
            };
            return (note, Vec::new());
        }
        if count == 0 {
            return (String::new(), vec!["Предупреждений больше нет.".into()]);
        }
        let mut lines: Vec<String> = self.list.iter().map(ToString::to_string).collect();
        lines.push(format!(
            "Предупреждений — {count}; они же — на каждой странице в браузере."
        ));
        (String::new(), lines)
    }

    /// `{"id": …, "warnings": [{"place", "file", "line", "column",
    /// "message", "hint"}]}`; no list while `failed` (the error page shows
    /// every problem). Text from the content has control characters made
    /// visible, and `<`, `>`, `&` written as JSON escapes.
    pub fn json(&self, failed: bool) -> String {
        let shown = if failed { &[][..] } else { &self.list[..] };
        let items: Vec<serde_json::Value> = shown
            .iter()
            .map(|d| {
                serde_json::json!({
                    "place": visible(&place(d)),
                    "file": visible(&d.path.to_string_lossy()),
                    "line": d.line,
                    "column": d.line.map(|_| d.column.unwrap_or(1)),
                    "message": visible(&d.message),
                    "hint": visible(&d.hint),
                })
            })
            .collect();
        let doc = serde_json::json!({ "id": self.since, "warnings": items });
        doc.to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

/// «файл content/a.md, строка 3, столбец 1»: where a problem is, for a page.
pub(super) fn place(d: &Diagnostic) -> String {
    let mut place = format!("файл {}", d.path.display());
    if let Some(line) = d.line {
        place += &format!(", строка {line}, столбец {}", d.column.unwrap_or(1));
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn warning(message: &str) -> Diagnostic {
        Diagnostic::warning(Path::new("content/news/a.md"), message, "исправьте").at(3, 7)
    }

    #[test]
    fn the_list_changes_only_with_the_warnings() {
        let none = Arc::new(Warnings::default());
        let one = Warnings::next(&none, "1-1", vec![warning("а")]);
        assert_eq!(one.since, "1-1");
        let (note, lines) = one.news_since(&none);
        assert_eq!(note, "");
        assert_eq!(
            lines[0],
            "content/news/a.md:3:7: предупреждение: а\n  подсказка: исправьте"
        );
        assert!(lines[1].starts_with("Предупреждений — 1;"));
        let same = Warnings::next(&one, "1-2", vec![warning("а")]);
        assert!(Arc::ptr_eq(&same, &one));
        assert_eq!(
            same.news_since(&one),
            ("; предупреждения те же — 1".into(), vec![])
        );
        let gone = Warnings::next(&same, "1-3", vec![]);
        assert_eq!(gone.news_since(&same).1, ["Предупреждений больше нет."]);
        assert_eq!(gone.since, "1-3");
        let still_none = Warnings::next(&gone, "1-4", vec![]);
        assert_eq!(still_none.news_since(&gone), (String::new(), vec![]));
    }

    #[test]
    fn the_json_carries_the_editors_text_escaped() {
        let hostile = "ссылка «</li><script>alert(1)</script>» & \u{202e}\u{1b}[2J";
        let w = Warnings::next(&Arc::default(), "7-2", vec![warning(hostile)]);
        let json = w.json(false);
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{202e}') && !json.contains('\u{1b}'));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["id"], "7-2");
        let item = &parsed["warnings"][0];
        assert_eq!(
            item["message"],
            "ссылка «</li><script>alert(1)</script>» & \\u{202e}\\x1b[2J"
        );
        assert_eq!(item["place"], "файл content/news/a.md, строка 3, столбец 7");
        assert_eq!((&item["line"], &item["column"]), (&3.into(), &7.into()));
        let failed: serde_json::Value = serde_json::from_str(&w.json(true)).unwrap();
        assert_eq!(failed["warnings"].as_array().map(Vec::len), Some(0));
    }
}
