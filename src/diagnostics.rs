//! Problems found in the content, reported to editors in Russian.
//!
//! Every stage collects `Diagnostic`s instead of stopping at the first one, so
//! an editor sees all mistakes at once, each as `path:line:column: ошибка: …`
//! followed by a hint on how to fix it.
//!
//! Messages quote content (ids, values, paths), so what reaches the terminal
//! is made visible first: a control character or a bidi override from a file
//! would otherwise recolour, move or hide the editor's terminal output.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, as the editor sees it.
    pub path: PathBuf,
    /// 1-based line and column; `None` where the problem concerns the whole file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn error(path: &Path, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn warning(path: &Path, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message, hint)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", visible(&self.path.to_string_lossy()))?;
        if let Some(line) = self.line {
            write!(f, ":{}:{}", line, self.column.unwrap_or(1))?;
        }
        let kind = match self.severity {
            Severity::Error => "ошибка",
            Severity::Warning => "предупреждение",
        };
        write!(f, ": {kind}: {}", visible(&self.message))?;
        if !self.hint.is_empty() {
            write!(f, "\n  подсказка: {}", visible(&self.hint))?;
        }
        Ok(())
    }
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), which reorder the text that follows them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters (C0, DEL, C1) and bidi controls written as
/// visible escapes (`\x1b`, `\u{202e}`), for a terminal or a log.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() || is_bidi_control(c);
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && hidden(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The problems of one run, kept in a stable order for reproducible output.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_control_characters_from_content_as_escapes() {
        let d = Diagnostic::error(
            Path::new("content/reports/\u{1b}[2J.md"),
            "неизвестный статус «\u{1b}[31mdone\u{7}\u{9b}»",
            "не «\u{202e}cod.exe\u{2066}»\r\nстрока",
        )
        .at(3, 1);
        assert_eq!(
            d.to_string(),
            "content/reports/\\x1b[2J.md:3:1: ошибка: неизвестный статус «\\x1b[31mdone\\x07\\u{9b}»\n  \
             подсказка: не «\\u{202e}cod.exe\\u{2066}»\\r\\nстрока"
        );
        assert!(matches!(visible("обычный текст «14.1»"), Cow::Borrowed(_)));
        assert_eq!(visible("\u{7f}\u{2069}"), "\\x7f\\u{2069}");
    }
}
