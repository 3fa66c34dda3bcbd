//! The TOML parser's errors (toml 0.8, toml_edit) in Russian, for the
//! people who write the front matter of Markdown files and the site's
//! other TOML files.
//!
//! Takes a file's path, its TOML text, the file line that text starts on
//! and the parser's error; gives one diagnostic: a one-line message that
//! says what is wrong, a one-line hint that says what to type (built from
//! the editor's own value where it can), at the line and column of the
//! offending value. The parser's English never reaches the editor: an
//! error not recognised here gets a general message pointing to the guide.
//! The guide (docs/editing.md, «Частые ошибки») has a heading for each
//! message; tests/editor_messages.rs keeps the two in step.

mod at;
pub(crate) mod dates;
#[cfg(test)]
mod tests;

use super::line_col;
use crate::diagnostics::Diagnostic;
use at::{key_of, strip_comment, At};
use std::ops::Range;
use std::path::Path;

/// Fields whose value is a date.
const DATE_KEYS: [&str; 3] = ["date", "updated", "created"];
/// Fields whose value is `true` or `false`.
const BOOL_KEYS: [&str; 2] = ["demo", "ongoing"];
/// Fields whose value is the number of a measure or section, as text.
const NUMBER_KEYS: [&str; 5] = [
    "measure",
    "id",
    "measures",
    "coordinator_measure",
    "procedure_measures",
];
/// Quotation marks of typeset text, which TOML does not take for quotes.
const TYPOGRAPHIC: [char; 12] = ['“', '”', '„', '«', '»', '‘', '’', '‚', '‹', '›', '″', '＂'];

/// The error in `text` (which starts on file line `first_line`) as a
/// diagnostic about the file at `path`.
pub fn explain(path: &Path, text: &str, first_line: usize, error: &toml::de::Error) -> Diagnostic {
    let at = At::new(text, error.span().unwrap_or(0..0), first_line);
    let found = classify(error.message(), &at);
    let (line, column) = line_col(text, found.offset);
    Diagnostic::error(path, found.message, found.hint).at(first_line + line, column)
}

/// The TOML parser refuses arrays and tables nested more than 80 deep
/// (toml_edit's limit, which keeps it off the end of the stack): that error
/// in Russian, with a hint.
fn too_deep(message: &str) -> Option<(String, String)> {
    message.contains("recursion limit").then(|| {
        (
            "слишком глубокая вложенность массивов или таблиц".into(),
            "уменьшите вложенность: значение — текст, число, дата или список из них, например [\"14.1\", \"14.2\"]".into(),
        )
    })
}

/// What to tell the editor, and the byte offset to point at.
struct Found {
    message: String,
    hint: String,
    offset: usize,
}

fn found(message: String, hint: String, offset: usize) -> Found {
    Found {
        message,
        hint,
        offset,
    }
}

/// The Russian for the parser's `message` at `at`.
fn classify(message: &str, at: &At) -> Found {
    if let Some((message, hint)) = too_deep(message) {
        return found(message, hint, at.span.start);
    }
    let first = message.lines().next().unwrap_or("");
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    match first {
        _ if first.starts_with("unknown field") => unknown_field(&names, at),
        _ if first.starts_with("missing field") => missing_field(&names, at),
        _ if first.starts_with("invalid type: ") => wrong_type(first, at),
        _ if message.contains("duplicate key") => duplicate(&names, at),
        "invalid table header" => table_header(at),
        "invalid date-time" => bad_date(message.contains("out of range"), at),
        "expected newline, `#`" => after_value(at),
        "invalid basic string" => bad_string('"', at),
        "invalid literal string" => bad_string('\'', at),
        "invalid string" => no_quotes(at),
        "invalid array" => bad_list(at),
        "expected `.`, `=`" => no_equals(at),
        "invalid key" => not_a_property(at),
        "invalid integer" | "invalid floating-point number" => unquoted(at, at.value_range()),
        _ if first.starts_with("invalid escape") || first.starts_with("invalid unicode") => {
            backslash(at)
        }
        _ => fallback(at),
    }
}

fn unknown_field(names: &[&str], at: &At) -> Found {
    let unknown = names.first().copied().unwrap_or("");
    let known = names.get(1..).unwrap_or_default();
    let closest = known
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(unknown, k))
        .filter(|k| strsim::damerau_levenshtein(unknown, k) <= 3);
    let hint = match closest {
        Some(k) => format!("возможно, имелось в виду «{k}»"),
        None => format!("допустимые поля: {}", known.join(", ")),
    };
    found(format!("неизвестное поле «{unknown}»"), hint, at.span.start)
}

fn missing_field(names: &[&str], at: &At) -> Found {
    let field = names.first().copied().unwrap_or("");
    // front matter starts below its «+++» line; a whole TOML file (the
    // settings, a dataset's description) on line 1
    let place = if at.first_line > 1 {
        " между строками «+++»"
    } else {
        ""
    };
    found(
        format!("не указано обязательное поле «{field}»"),
        format!("добавьте строку вида {field} = {}{place}", example(field)),
        at.span.start,
    )
}

/// A value of the right kind for `field`, to show how it is written.
fn example(field: &str) -> &'static str {
    match field {
        f if DATE_KEYS.contains(&f) => "2019-01-20",
        f if BOOL_KEYS.contains(&f) => "true",
        _ => "\"…\"",
    }
}

fn duplicate(names: &[&str], at: &At) -> Found {
    let key = names.first().copied().unwrap_or(at.field);
    let above: Vec<&str> = at.text[..at.line_start].lines().collect();
    let first = above
        .iter()
        .rposition(|l| key_of(l) == Some(key))
        .filter(|&i| !above[i..].iter().any(|l| l.trim_start().starts_with('[')));
    let hint = match first {
        Some(i) => format!(
            "оставьте одну строку {key} = …, лишнюю удалите (первая — строка {})",
            at.first_line + i
        ),
        None => format!("оставьте одну строку {key} = …, лишнюю удалите"),
    };
    found(format!("поле «{key}» указано дважды"), hint, at.span.start)
}

/// `invalid type: <found>, expected <expected>` from serde.
fn wrong_type(first: &str, at: &At) -> Found {
    let Some((was, expected)) = first["invalid type: ".len()..].rsplit_once(", expected ") else {
        return fallback(at);
    };
    let was = was.split([' ', '`', '"']).next().unwrap_or("");
    match (expected, was) {
        ("a string", "sequence") => list_for_value(at),
        ("a string", "map") if at.token().starts_with('{') => fallback(at),
        ("a string", _) => unquoted(at, at.span.clone()),
        ("a sequence", _) => value_for_list(at, was == "string"),
        ("a boolean", _) => boolean(at, at.token()),
        ("a TOML datetime", _) => date_needed(at),
        _ => fallback(at),
    }
}

fn unquoted(at: &At, range: Range<usize>) -> Found {
    // a quotation mark at one end only: the other one is what is missing
    let token = at.text[range.clone()].trim().trim_matches(['"', '\'']);
    let kind = match NUMBER_KEYS.contains(&at.field) {
        true => "номер пишется в кавычках",
        false => "значение пишется в прямых кавычках",
    };
    found(
        format!("значение поля «{}» записано без кавычек", at.field),
        format!(
            "{kind}: {}",
            at.fixed(range.clone(), &format!("\"{token}\""))
        ),
        range.start,
    )
}

fn boolean(at: &At, token: &str) -> Found {
    let word = token.trim_matches(['"', '\'']).to_lowercase();
    let value = match ["false", "нет", "no", "ложь", "off", "0"].contains(&word.as_str()) {
        true => "false",
        false => "true",
    };
    found(
        format!("поле «{}» принимает только true или false", at.field),
        format!(
            "да — true, нет — false, без кавычек: {} = {value}",
            at.field
        ),
        at.span.start,
    )
}

fn value_for_list(at: &At, was_string: bool) -> Found {
    let header = at.line.trim_start().starts_with('[');
    let name = match header {
        true => at.line.trim().trim_matches(['[', ']']),
        false => at.field,
    };
    let message = format!("поле «{name}» — список, а записано одно значение");
    let token = at.token().trim();
    if header {
        let hint = format!(
            "каждый элемент списка начинается строкой [[{name}]], в двойных квадратных скобках"
        );
        return found(message, hint, at.span.start);
    }
    let list = if token.starts_with('{') {
        format!("[{token}]")
    } else {
        let inner = match was_string {
            true => token.get(1..token.len().saturating_sub(1)).unwrap_or(""),
            false => token,
        };
        let items: Vec<String> = inner
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("\"{s}\""))
            .collect();
        format!("[{}]", items.join(", "))
    };
    let hint = format!(
        "список пишется в квадратных скобках: {}",
        at.fixed(at.span.clone(), &list)
    );
    found(message, hint, at.span.start)
}

fn list_for_value(at: &At) -> Found {
    let parsed = toml::from_str::<toml::Table>(&format!("v = {}", at.token())).ok();
    let first = match parsed.as_ref().and_then(|t| t.get("v")) {
        Some(toml::Value::Array(items)) => items.first().map(|v| (items.len(), v.to_string())),
        _ => None,
    };
    let hint = match first {
        Some((1, v)) => format!(
            "уберите квадратные скобки: {}",
            at.fixed(at.span.clone(), &v)
        ),
        Some((_, v)) => format!(
            "оставьте одно значение, без квадратных скобок: {}",
            at.fixed(at.span.clone(), &v)
        ),
        None => "уберите квадратные скобки и оставьте одно значение".into(),
    };
    found(
        format!("поле «{}» — одно значение, а записан список", at.field),
        hint,
        at.span.start,
    )
}

fn date_needed(at: &At) -> Found {
    let hint = match dates::read(at.token()) {
        Some(d) => format!("пишите дату без кавычек: {} = {d}", at.field),
        None => format!(
            "пишите дату без кавычек, например {} = 2019-01-20",
            at.field
        ),
    };
    found(
        format!(
            "в поле «{}» нужна дата вида ГГГГ-ММ-ДД без кавычек",
            at.field
        ),
        hint,
        at.span.start,
    )
}

fn bad_date(out_of_range: bool, at: &At) -> Found {
    let why = out_of_range
        .then(|| dates::why_not_real(at.field, at.value))
        .flatten();
    match why {
        Some(hint) => found(
            format!("дата «{}» не существует", at.value),
            hint,
            at.value_start,
        ),
        None if DATE_KEYS.contains(&at.field) || dates::read(at.value).is_some() => wrong_date(at),
        None => unquoted(at, at.value_range()),
    }
}

fn wrong_date(at: &At) -> Found {
    let hint = match dates::read(at.value) {
        Some(d) => format!("пишите дату в виде ГГГГ-ММ-ДД: {} = {d}", at.field),
        None => format!(
            "пишите дату в виде ГГГГ-ММ-ДД, например {} = 2019-01-20",
            at.field
        ),
    };
    found(
        format!("дата «{}» записана не в виде ГГГГ-ММ-ДД", at.value),
        hint,
        at.value_start,
    )
}

/// Something follows a complete value on its line.
fn after_value(at: &At) -> Found {
    let v = at.value;
    match v.chars().next() {
        Some('"') if v.len() > 1 && v.ends_with('"') && v.matches('"').count() >= 3 => {
            inner_quotes(at)
        }
        None | Some('"' | '\'' | '[' | ']' | '{' | '}') => trailing(at),
        _ if DATE_KEYS.contains(&at.field) || dates::read(v).is_some() => wrong_date(at),
        _ if BOOL_KEYS.contains(&at.field) => boolean(at, v),
        _ => unquoted(at, at.value_range()),
    }
}

fn inner_quotes(at: &At) -> Found {
    let inner = &at.value[1..at.value.len() - 1];
    let mut open = true;
    let fixed: String = inner
        .chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '»'
                } else {
                    '«'
                }
            }
            c => c,
        })
        .collect();
    found(
        format!("прямые кавычки внутри текста в поле «{}»", at.field),
        format!(
            "внутри текста ставьте «ёлочки»: {}",
            at.property(&format!("\"{fixed}\""))
        ),
        at.value_start + 1 + inner.find('"').unwrap_or(0),
    )
}

fn trailing(at: &At) -> Found {
    let kept = at.text[at.value_start..at.span.start.max(at.value_start)]
        .trim_end()
        .trim_end_matches([',', ';'])
        .trim_end();
    found(
        format!("лишние символы после значения в поле «{}»", at.field),
        format!(
            "оставьте только значение: {} (пояснение можно дописать после #)",
            at.property(kept)
        ),
        at.span.start,
    )
}

fn bad_string(quote: char, at: &At) -> Found {
    if !matches!(at.char(), None | Some('\n')) {
        return found(
            format!("невидимый управляющий символ в поле «{}»", at.field),
            "удалите его: наберите этот текст заново или вставьте его без оформления (Ctrl+Shift+V)"
                .into(),
            at.span.start,
        );
    }
    let v = at.value;
    let fixed = match v.strip_suffix(']') {
        Some(list) if v.starts_with('[') => format!("{list}{quote}]"),
        _ => format!("{v}{quote}"),
    };
    found(
        format!("не закрыта кавычка в поле «{}»", at.field),
        format!("поставьте {quote} в конце текста: {}", at.property(&fixed)),
        v.find(quote).map_or(at.span.start, |i| at.value_start + i),
    )
}

/// A value that starts with no quotation mark, digit or bracket.
fn no_quotes(at: &At) -> Found {
    match at.char() {
        _ if at.value.is_empty() => missing_value(at),
        Some(c) if TYPOGRAPHIC.contains(&c) => typographic(at, c),
        _ if BOOL_KEYS.contains(&at.field) => boolean(at, at.value),
        Some(c) if c.is_alphanumeric() => unquoted(at, at.bare_token()),
        _ => fallback(at),
    }
}

fn missing_value(at: &At) -> Found {
    found(
        format!("нет значения после «=» в поле «{}»", at.field),
        format!(
            "напишите значение после «=»: {} = {}",
            at.field,
            example(at.field)
        ),
        at.span.start,
    )
}

fn typographic(at: &At, open: char) -> Found {
    let v = at.value;
    let in_list = v.starts_with('[');
    let (token, fixed) = if in_list {
        let token = &at.text[at.bare_token()];
        (token, v.replace(TYPOGRAPHIC, "\""))
    } else {
        let inner = v.strip_prefix(open).unwrap_or(v);
        let inner = inner
            .strip_suffix(|c| TYPOGRAPHIC.contains(&c) || c == '"')
            .unwrap_or(inner);
        (v, format!("\"{inner}\""))
    };
    let close = token
        .chars()
        .last()
        .filter(|c| TYPOGRAPHIC.contains(c) && token.chars().count() > 1)
        .unwrap_or(match open {
            '“' | '”' => '”',
            '„' => '“',
            '«' => '»',
            '»' => '«',
            '‘' | '’' => '’',
            '‚' => '‘',
            '‹' => '›',
            '›' => '‹',
            other => other,
        });
    found(
        format!(
            "кавычки {open}…{close} в поле «{}» не подходят: нужны прямые \"…\"",
            at.field
        ),
        format!("замените кавычки на прямые: {}", at.property(&fixed)),
        at.span.start,
    )
}

/// A list the parser could not read to its `]`.
fn bad_list(at: &At) -> Found {
    match at.char() {
        Some(c) if TYPOGRAPHIC.contains(&c) => typographic(at, c),
        _ if at.at_next_property() => match at.opened_list() {
            Some(list) => unclosed_list(&list),
            None => fallback(at),
        },
        None | Some('\n') => unclosed_list(at),
        Some(c) if c == '"' || c == '\'' || c.is_ascii_digit() => missing_comma(at),
        Some(c) if c.is_alphabetic() => unquoted(at, at.bare_token()),
        _ => fallback(at),
    }
}

fn unclosed_list(at: &At) -> Found {
    let v = at.value.trim_end_matches(',').trim_end();
    found(
        format!("не закрыт список в поле «{}»", at.field),
        format!(
            "список заканчивается «]»: {}",
            at.property(&format!("{v}]"))
        ),
        at.value_start,
    )
}

fn missing_comma(at: &At) -> Found {
    let value = at.value_range();
    if !value.contains(&at.span.start) {
        return fallback(at);
    }
    let before = at.text[value.start..at.span.start].trim_end();
    let fixed = format!("{before}, {}", &at.text[at.span.start..value.end]);
    found(
        format!("нет запятой между элементами списка в поле «{}»", at.field),
        format!(
            "элементы списка разделяются запятыми: {}",
            at.property(&fixed)
        ),
        at.span.start,
    )
}

/// A name not followed by `=`.
fn no_equals(at: &At) -> Found {
    let name = at.text[at.line_start..at.span.start].trim();
    let rest = strip_comment(at.text[at.span.start..at.line_start + at.line.len()].trim());
    let value = rest.strip_prefix(':').unwrap_or(rest).trim();
    let value_like = rest.starts_with(':')
        || value.is_empty()
        || value.starts_with(|c: char| {
            matches!(c, '"' | '\'' | '[' | '{') || c.is_ascii_digit() || TYPOGRAPHIC.contains(&c)
        });
    if name.is_empty() || !value_like {
        return not_a_property(at);
    }
    let value = if value.is_empty() { "\"…\"" } else { value };
    found(
        format!("нет знака «=» после имени поля «{name}»"),
        format!("между именем поля и значением ставится «=»: {name} = {value}"),
        at.span.start,
    )
}

fn not_a_property(at: &At) -> Found {
    let hint = match at.line.contains('=') {
        true => "имя поля пишется латиницей, без пробелов и кавычек, например title = \"…\"",
        false => "удалите строку или запишите её как свойство, например title = \"…\"; текст пишется после строки «+++», закрывающей блок свойств",
    };
    found(
        "строка не похожа на свойство вида «имя = значение»".into(),
        hint.into(),
        at.span.start,
    )
}

fn backslash(at: &At) -> Found {
    let line = &at.text[at.line_start..at.span.start.max(at.line_start)];
    let slash = line
        .rfind('\\')
        .map(|i| at.line_start + i)
        .or_else(|| at.value.find('\\').map(|i| at.value_start + i))
        .unwrap_or(at.span.start);
    found(
        format!("обратная косая черта «\\» в поле «{}»", at.field),
        format!(
            "пишите / вместо \\: {}",
            at.property(&at.value.replace('\\', "/"))
        ),
        slash,
    )
}

/// A `[name]` or `[[name]]` line the parser could not read.
fn table_header(at: &At) -> Found {
    let line = at.line.trim();
    let name = line
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .find(|w| !w.is_empty())
        .unwrap_or("attachments");
    let (open, close) = match line.starts_with("[[") {
        true => ("[[", "]]"),
        false => ("[", "]"),
    };
    found(
        "заголовок блока записан с ошибкой".into(),
        format!("пишите заголовок отдельной строкой, в квадратных скобках: {open}{name}{close}"),
        at.line_start + at.line.len() - at.line.trim_start().len(),
    )
}

/// An error not recognised above: what to check, and where to read more.
fn fallback(at: &At) -> Found {
    found(
        "ошибка в записи свойства".into(),
        "сверьте строку с образцом: текст — в прямых кавычках \"…\", дата — ГГГГ-ММ-ДД, список — [\"…\"]; разбор ошибок — в docs/editing.md, раздел «Частые ошибки»".into(),
        if at.has_key { at.value_start } else { at.span.start },
    )
}
