//! Where the TOML parser stopped: the line, the property's name and the
//! value written there, and that value with a part replaced, for hints.
//!
//! Takes a TOML text and the span of the parser's error; gives [`At`].

use std::ops::Range;

/// Where the parser stopped, and the property written on that line.
pub(super) struct At<'a> {
    pub(super) text: &'a str,
    pub(super) first_line: usize,
    /// The parser's span; one past the end of the text is moved back to
    /// the end of the last written line.
    pub(super) span: Range<usize>,
    pub(super) line_start: usize,
    /// The line the span starts on, without its line end.
    pub(super) line: &'a str,
    /// The property's name: on this line, or on the nearest line above
    /// that sets one (inside a list written over several lines).
    pub(super) field: &'a str,
    /// Whether the line itself is `name = …`.
    pub(super) has_key: bool,
    /// Byte offset of the value (after `=` and spaces), or of the line's
    /// first character on a line without `=`.
    pub(super) value_start: usize,
    /// The value as written on the line, without a comment.
    pub(super) value: &'a str,
}

impl<'a> At<'a> {
    pub(super) fn new(text: &'a str, span: Range<usize>, first_line: usize) -> At<'a> {
        let start = span.start.min(text.trim_end().len());
        let span = start..span.end.clamp(start, text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[line_start..line_end];
        let key = key_of(line);
        let value_start = line_start
            + match line.split_once('=') {
                Some((name, value)) if key.is_some() => {
                    name.len() + 1 + value.len() - value.trim_start().len()
                }
                _ => line.len() - line.trim_start().len(),
            };
        let field = key
            .or_else(|| text[..line_start].lines().rev().find_map(key_of))
            .unwrap_or("…");
        At {
            text,
            first_line,
            span,
            line_start,
            line,
            field,
            has_key: key.is_some(),
            value_start,
            value: strip_comment(&text[value_start..line_end]),
        }
    }

    /// The character the parser stopped at, if not the end of the text.
    pub(super) fn char(&self) -> Option<char> {
        self.text[self.span.start..].chars().next()
    }

    /// The text of the parser's span (a value, for a value of the wrong type).
    pub(super) fn token(&self) -> &'a str {
        &self.text[self.span.clone()]
    }

    pub(super) fn value_range(&self) -> Range<usize> {
        self.value_start..self.value_start + self.value.len()
    }

    /// The unquoted word or number the parser stopped at: the whole value,
    /// or in a list the element up to the next `,` or `]`.
    pub(super) fn bare_token(&self) -> Range<usize> {
        let end = self.value_range().end;
        let start = self.span.start.min(end);
        let rest = &self.text[start..end];
        let len = match self.value.starts_with('[') {
            true => rest.find([',', ']']).unwrap_or(rest.len()),
            false => rest.len(),
        };
        start..start + rest[..len].trim_end().len()
    }

    /// The property with this line's value, `range` (of the text) in it
    /// replaced by `with`; just `with` if the range is not in the value.
    pub(super) fn fixed(&self, range: Range<usize>, with: &str) -> String {
        let value = self.value_range();
        if value.start <= range.start && range.end <= value.end {
            let before = &self.text[value.start..range.start];
            self.property(&format!(
                "{before}{with}{}",
                &self.text[range.end..value.end]
            ))
        } else {
            self.property(with)
        }
    }

    /// `name = value` for this line's name, or just `value` on a line
    /// without a name (inside a list written over several lines).
    pub(super) fn property(&self, value: &str) -> String {
        match self.has_key {
            true => format!("{} = {value}", self.field),
            false => value.to_string(),
        }
    }

    /// Whether the parser stopped at the name of a property, i.e. a list
    /// above was not closed before it.
    pub(super) fn at_next_property(&self) -> bool {
        self.has_key
            && self.span.start == self.line_start + self.line.len() - self.line.trim_start().len()
    }

    /// The nearest line above that opens a list (`name = [`).
    pub(super) fn opened_list(&self) -> Option<At<'a>> {
        let mut end = self.line_start.checked_sub(1)?;
        loop {
            let start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = &self.text[start..end];
            if key_of(line).is_some() && line.split_once('=')?.1.trim_start().starts_with('[') {
                return Some(At::new(self.text, start..start, self.first_line));
            }
            end = start.checked_sub(1)?;
        }
    }
}

/// The name in a line `name = …`, if it is one word (no spaces or quotes).
pub(super) fn key_of(line: &str) -> Option<&str> {
    let name = line.split_once('=')?.0.trim();
    let word = !name.is_empty()
        && !name.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '#' | '['));
    word.then_some(name)
}

/// `value` without a `#` comment (outside quotes) and trailing spaces.
pub(super) fn strip_comment(value: &str) -> &str {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return value[..i].trim_end(),
            None => {}
        }
    }
    value.trim_end()
}
