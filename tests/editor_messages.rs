//! The editor guide and the front-matter errors `kadry check` prints
//! cannot drift apart: every mistake in the table below, planted in a
//! report or news item of a small site, must print a message that is a
//! heading of the front-matter part of «Частые ошибки» in docs/editing.md
//! (between its two `<!-- … -->` marks), and every heading there must be
//! printed by some mistake in the table.
//!
//! Matching rule: a heading is the message for the example values it
//! shows (field names and values in «…», the quotation marks of an
//! example). A mistake lists the example values of its heading that it
//! replaces with its own; the printed message must equal the heading
//! with those replaced. A mistake with the heading's own example values
//! replaces nothing.

mod common;

use std::collections::BTreeSet;
use std::fs;

const AS_OF: &str = "2026-11-26";

/// A report of the small fixture's measure 1.1, to plant a mistake in.
const REPORT: &str = "+++\nmeasure = \"1.1\"\ndate = 2018-08-10\nstatus = \"done\"\n\
    title = \"Рабочая группа создана\"\nauthor = \"dep-a\"\n\n[[attachments]]\n\
    file = \"reports/1.1/files/sostav.csv\"\ntitle = \"Состав рабочей группы\"\n+++\n\nТекст.\n";

/// A news item about measure 1.1.
const NEWS: &str = "+++\ntitle = \"Итоги\"\ndate = 2019-01-15\nsummary = \"Коротко.\"\n\
    measures = [\"1.1\"]\n+++\n\nТекст.\n";

/// Which file a mistake goes in, and when `kadry check` finds it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A report: found when its front matter is read.
    Report,
    /// A news item: found when its front matter is read.
    News,
    /// A report whose front matter reads but means nothing: found when
    /// the model is built, which happens only when every file reads, so
    /// these go in a site of their own.
    Meaning,
}

/// An editor's mistake: `find` in the template replaced by `put`.
struct Mistake {
    name: &'static str,
    kind: Kind,
    find: &'static str,
    put: &'static str,
    /// The heading of the guide the printed message must match.
    heading: &'static str,
    /// (example value in the heading, this mistake's value instead).
    values: &'static [(&'static str, &'static str)],
    /// What the hint must say.
    hint: &'static str,
}

impl Mistake {
    /// The file it is planted in, `i` being its place in the table.
    fn file(&self, i: usize) -> String {
        match self.kind {
            Kind::News => format!("content/news/2019-01-15-mistake-{i}.md"),
            Kind::Report | Kind::Meaning => {
                format!("content/reports/1.1/2018-08-10-mistake-{i}.md")
            }
        }
    }

    /// The heading with this mistake's own values.
    fn expected(&self) -> String {
        self.values
            .iter()
            .fold(self.heading.to_string(), |h, (example, own)| {
                assert!(
                    h.contains(example),
                    "{}: «{example}» not in its heading",
                    self.name
                );
                h.replacen(example, own, 1)
            })
    }
}

const fn mistake(
    kind: Kind,
    name: &'static str,
    find: &'static str,
    put: &'static str,
    heading: &'static str,
    values: &'static [(&'static str, &'static str)],
    hint: &'static str,
) -> Mistake {
    Mistake {
        name,
        kind,
        find,
        put,
        heading,
        values,
        hint,
    }
}

const TITLE: &str = "title = \"Рабочая группа создана\"";
const DATE: &str = "date = 2018-08-10";
const STATUS: &str = "status = \"done\"";

#[rustfmt::skip]
const MISTAKES: &[Mistake] = &[
    mistake(Kind::Report, "no opening fence", "+++\nmeasure", "measure",
        "файл должен начинаться со строки «+++» (начало блока свойств)", &[],
        "первая строка файла — «+++»"),
    mistake(Kind::Report, "no closing fence", "+++\n\nТекст.", "\nТекст.",
        "блок свойств не закрыт: нет второй строки «+++»", &[],
        "добавьте строку «+++»"),
    mistake(Kind::Report, "body text in the front matter", STATUS, "status = \"done\"\nРабочая группа создана.",
        "строка не похожа на свойство вида «имя = значение»", &[],
        "текст пишется после строки «+++»"),
    mistake(Kind::Report, "Cyrillic field name", TITLE, "заголовок = \"Рабочая группа создана\"",
        "строка не похожа на свойство вида «имя = значение»", &[],
        "имя поля пишется латиницей"),
    mistake(Kind::Report, "broken table header", "[[attachments]]", "[[attachments]",
        "заголовок блока записан с ошибкой", &[],
        "[[attachments]]"),
    mistake(Kind::Report, "typo in a field name", TITLE, "titel = \"Рабочая группа создана\"",
        "неизвестное поле «titel»", &[],
        "возможно, имелось в виду «title»"),
    mistake(Kind::Report, "missing field", "status = \"done\"\n", "",
        "не указано обязательное поле «status»", &[],
        "status = \"…\""),
    mistake(Kind::Report, "duplicate field", STATUS, "status = \"done\"\nstatus = \"in_progress\"",
        "поле «status» указано дважды", &[],
        "первая — строка 4"),
    mistake(Kind::Report, "colon instead of =", TITLE, "title: \"Рабочая группа создана\"",
        "нет знака «=» после имени поля «title»", &[],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "no value", TITLE, "title =",
        "нет значения после «=» в поле «title»", &[],
        "title = \"…\""),
    mistake(Kind::Report, "unquoted measure number", "measure = \"1.1\"", "measure = 14.3",
        "значение поля «measure» записано без кавычек", &[],
        "номер пишется в кавычках: measure = \"14.3\""),
    mistake(Kind::Report, "unquoted status word", STATUS, "status = done",
        "значение поля «measure» записано без кавычек", &[("«measure»", "«status»")],
        "status = \"done\""),
    mistake(Kind::Report, "unclosed quote", TITLE, "title = \"Рабочая группа создана",
        "не закрыта кавычка в поле «title»", &[],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "curly quotes", TITLE, "title = “Рабочая группа создана”",
        "кавычки “…” в поле «title» не подходят: нужны прямые \"…\"", &[],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "guillemets", TITLE, "title = «Рабочая группа создана»",
        "кавычки “…” в поле «title» не подходят: нужны прямые \"…\"", &[("“…”", "«…»")],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "low-high quotes", TITLE, "title = „Рабочая группа создана“",
        "кавычки “…” в поле «title» не подходят: нужны прямые \"…\"", &[("“…”", "„…“")],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "single curly quotes", TITLE, "title = ‘Рабочая группа создана’",
        "кавычки “…” в поле «title» не подходят: нужны прямые \"…\"", &[("“…”", "‘…’")],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "straight quotes inside", TITLE, "title = \"Создана \"Рабочая группа\"\"",
        "прямые кавычки внутри текста в поле «title»", &[],
        "title = \"Создана «Рабочая группа»\""),
    mistake(Kind::Report, "comma after the value", TITLE, "title = \"Рабочая группа создана\",",
        "лишние символы после значения в поле «title»", &[],
        "title = \"Рабочая группа создана\""),
    mistake(Kind::Report, "Windows path", "file = \"reports/1.1/files/sostav.csv\"",
        "file = \"reports\\1.1\\files\\sostav.csv\"",
        "обратная косая черта «\\» в поле «file»", &[],
        "file = \"reports/1.1/files/sostav.csv\""),
    mistake(Kind::Report, "control character from Word", TITLE, "title = \"Рабочая группа\u{b}создана\"",
        "невидимый управляющий символ в поле «title»", &[],
        "Ctrl+Shift+V"),
    mistake(Kind::Report, "yes for true", "\n\n[[", "\ndemo = да\n\n[[",
        "поле «demo» принимает только true или false", &[],
        "demo = true"),
    mistake(Kind::News, "a measure number where a list goes", "measures = [\"1.1\"]", "measures = \"14.3\"",
        "поле «measures» — список, а записано одно значение", &[],
        "список пишется в квадратных скобках: measures = [\"14.3\"]"),
    mistake(Kind::Report, "one attachment in single brackets", "[[attachments]]", "[attachments]",
        "поле «measures» — список, а записано одно значение", &[("«measures»", "«attachments»")],
        "[[attachments]]"),
    mistake(Kind::Report, "a list where one value goes", "measure = \"1.1\"", "measure = [\"1.1\"]",
        "поле «measure» — одно значение, а записан список", &[],
        "уберите квадратные скобки: measure = \"1.1\""),
    mistake(Kind::News, "unclosed list", "measures = [\"1.1\"]", "measures = [\"1.1\"",
        "не закрыт список в поле «measures»", &[],
        "measures = [\"1.1\"]"),
    mistake(Kind::News, "no comma in a list", "measures = [\"1.1\"]", "measures = [\"1.1\" \"1.2\"]",
        "нет запятой между элементами списка в поле «measures»", &[],
        "measures = [\"1.1\", \"1.2\"]"),
    mistake(Kind::Report, "date with dots", DATE, "date = 31.12.2020",
        "дата «31.12.2020» записана не в виде ГГГГ-ММ-ДД", &[],
        "пишите дату в виде ГГГГ-ММ-ДД: date = 2020-12-31"),
    mistake(Kind::Report, "date with slashes", DATE, "date = 2020/12/31",
        "дата «31.12.2020» записана не в виде ГГГГ-ММ-ДД", &[("31.12.2020", "2020/12/31")],
        "date = 2020-12-31"),
    mistake(Kind::Report, "date without zeros", DATE, "date = 2020-1-5",
        "дата «31.12.2020» записана не в виде ГГГГ-ММ-ДД", &[("31.12.2020", "2020-1-5")],
        "date = 2020-01-05"),
    mistake(Kind::Report, "date in words", DATE, "date = 31 декабря 2020",
        "дата «31.12.2020» записана не в виде ГГГГ-ММ-ДД", &[("31.12.2020", "31 декабря 2020")],
        "date = 2020-12-31"),
    mistake(Kind::News, "news date with dots", "date = 2019-01-15", "date = 15.01.2019",
        "дата «31.12.2020» записана не в виде ГГГГ-ММ-ДД", &[("31.12.2020", "15.01.2019")],
        "date = 2019-01-15"),
    mistake(Kind::Report, "no such day", DATE, "date = 2019-02-30",
        "дата «2019-02-30» не существует", &[],
        "в феврале 2019 года 28 дней"),
    mistake(Kind::Meaning, "quoted date with dots", DATE, "date = \"10.08.2018\"",
        "дата «10.08.2018» не существует или записана не в виде ГГГГ-ММ-ДД", &[],
        "date = 2018-08-10"),
    mistake(Kind::Report, "quoted date where only a date goes", "\n\n[[", "\nupdated = \"31.12.2020\"\n\n[[",
        "в поле «updated» нужна дата вида ГГГГ-ММ-ДД без кавычек", &[],
        "updated = 2020-12-31"),
    mistake(Kind::Report, "lists nested too deep", TITLE, "title = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "слишком глубокая вложенность массивов или таблиц", &[],
        "уменьшите вложенность"),
    mistake(Kind::Report, "anything else", TITLE, "title == \"Рабочая группа создана\"",
        "ошибка в записи свойства", &[],
        "docs/editing.md, раздел «Частые ошибки»"),
];

/// The headings of the front-matter part of «Частые ошибки», without
/// their backticks.
fn guide_headings() -> Vec<String> {
    let guide = fs::read_to_string(common::repo().join("docs/editing.md")).unwrap();
    let section = &guide[guide.find("\n## Частые ошибки\n").expect("section")..];
    let start = section
        .find("<!-- Ошибки в блоке свойств")
        .expect("start mark");
    let end = section
        .find("<!-- Конец ошибок блока свойств")
        .expect("end mark");
    section[start..end]
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let text = l.strip_prefix("### `").and_then(|t| t.strip_suffix('`'));
            text.unwrap_or_else(|| {
                panic!("not a level-3 heading with one message in backticks: {l}")
            })
            .to_string()
        })
        .collect()
}

/// What `kadry check` printed about `file`: every error as (message, hint).
fn errors_about(stderr: &str, file: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let located = format!("{file}:");
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(&located))
        .filter_map(|(i, l)| {
            let (_, message) = l.split_once(": ошибка: ")?;
            let hint = lines
                .get(i + 1)
                .and_then(|h| h.strip_prefix("  подсказка: "));
            Some((message.to_string(), hint.unwrap_or("").to_string()))
        })
        .collect()
}

/// Words of the TOML parser that must never reach an editor.
fn english(text: &str) -> Option<&'static str> {
    [
        "expected", "invalid", "string", "sequence", "integer", "newline", "found", "type",
    ]
    .into_iter()
    .find(|w| text.contains(w))
}

/// `kadry check`'s output for a copy of the small fixture with each of
/// `mistakes` (numbered by their place in the table) planted in a file of
/// its own.
fn check_with(mistakes: &[(usize, &Mistake)]) -> String {
    let dir = common::site("small");
    let root = dir.path();
    fs::create_dir_all(root.join("content/news")).unwrap();
    for (i, m) in mistakes {
        let template = if m.kind == Kind::News { NEWS } else { REPORT };
        assert!(
            template.contains(m.find),
            "{}: no «{}» to replace",
            m.name,
            m.find
        );
        fs::write(root.join(m.file(*i)), template.replacen(m.find, m.put, 1)).unwrap();
    }
    common::committed(root, "2026-11-20");
    let (code, stderr) =
        common::kadry(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(code, 1, "{stderr}");
    stderr
}

/// What is wrong with what `kadry check` printed for mistake `m` (planted
/// in file number `i`), if anything.
fn problem(i: usize, m: &Mistake, headings: &[String], stderr: &str) -> Option<String> {
    if !headings.iter().any(|h| h == m.heading) {
        return Some(format!("heading «{}» is not in the guide", m.heading));
    }
    let expected = m.expected();
    match &errors_about(stderr, &m.file(i))[..] {
        [(message, hint)] if *message != expected => Some(format!(
            "printed «{message}» (hint «{hint}»), expected «{expected}»"
        )),
        [(_, hint)] if !hint.contains(m.hint) => {
            Some(format!("hint «{hint}» does not say «{}»", m.hint))
        }
        [(message, hint)] => english(message)
            .or(english(hint))
            .map(|w| format!("«{w}» in «{message}» / «{hint}»")),
        errors => Some(format!("expected one error, got {errors:?}")),
    }
}

#[test]
fn every_front_matter_mistake_prints_a_heading_of_the_guide() {
    let headings = guide_headings();
    let numbered: Vec<(usize, &Mistake)> = MISTAKES.iter().enumerate().collect();
    let (meaning, reading): (Vec<_>, Vec<_>) = numbered
        .into_iter()
        .partition(|(_, m)| m.kind == Kind::Meaning);
    let mut failures = Vec::new();
    for site in [reading, meaning] {
        let stderr = check_with(&site);
        let found: Vec<String> = site
            .iter()
            .filter_map(|(i, m)| {
                Some(format!(
                    "{}: {}",
                    m.name,
                    problem(*i, m, &headings, &stderr)?
                ))
            })
            .collect();
        if !found.is_empty() {
            failures.push(format!("{}\n\n{stderr}", found.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    let printed: BTreeSet<&str> = MISTAKES.iter().map(|m| m.heading).collect();
    let unprinted: Vec<&String> = headings
        .iter()
        .filter(|h| !printed.contains(h.as_str()))
        .collect();
    assert!(
        unprinted.is_empty(),
        "headings of the guide no mistake in the table prints: {unprinted:?}"
    );
}

/// A message listed twice in the guide would let one copy go stale.
#[test]
fn the_guide_lists_each_message_once() {
    let headings = guide_headings();
    let unique: BTreeSet<&String> = headings.iter().collect();
    assert_eq!(unique.len(), headings.len(), "{headings:?}");
}
