//! Each front-matter mistake an editor makes, through the real parser:
//! the Russian message, the hint, and the line and column it points at.

use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::{parse, split, Split};
use crate::load::{MeasureMeta, NewsMeta, ReportMeta};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A report's front matter (file lines 2 to 6).
const REPORT: &str = "measure = \"1.1\"\ndate = 2019-01-20\nstatus = \"done\"\n\
                      title = \"Проведена инвентаризация\"\nauthor = \"dep-a\"\n";
/// A news item's front matter (file lines 2 to 5).
const NEWS: &str =
    "title = \"Итоги\"\ndate = 2019-01-15\nsummary = \"Коротко\"\nmeasures = [\"1.1\"]\n";
/// A measure's front matter (file lines 2 to 7).
const MEASURE: &str = "id = \"1.1\"\ntitle = \"Анализ\"\nkey_result = \"Отчёт\"\n\
                       deadline = \"2019\"\ndeadline_text = \"2019 год\"\nresponsible = [\"dep-a\"]\n";

/// `front_matter` with the line setting the same field as `line` replaced
/// by it (or `line` added at the end), parsed as `T`: the error.
fn error<T: DeserializeOwned + std::fmt::Debug>(front_matter: &str, line: &str) -> Diagnostic {
    let key = line.split(['=', ' ']).next().unwrap();
    let mut lines: Vec<&str> = front_matter.lines().collect();
    match lines.iter().position(|l| l.split(' ').next() == Some(key)) {
        Some(i) => lines[i] = line,
        None => lines.push(line),
    }
    let text = format!("+++\n{}\n+++\nТекст.\n", lines.join("\n"));
    let path = Path::new("content/x.md");
    let split = split(path, &text).unwrap();
    let d = parse::<T>(path, &split).expect_err(line);
    assert_plain(&d);
    d
}

fn report(line: &str) -> Diagnostic {
    error::<ReportMeta>(REPORT, line)
}

/// One line each, and none of the parser's English.
fn assert_plain(d: &Diagnostic) {
    for text in [&d.message, &d.hint] {
        assert!(!text.contains('\n'), "{text:?}");
        for word in [
            "expected", "invalid", "string", "sequence", "integer", "floating", "boolean",
            "datetime", "newline", "found", "type",
        ] {
            assert!(!text.contains(word), "«{word}» in {text:?}");
        }
    }
}

/// Asserts the message, hint and `line:column` of `d`.
#[track_caller]
fn assert_says(d: &Diagnostic, message: &str, hint: &str, at: (usize, usize)) {
    assert_eq!(d.message, message);
    assert_eq!(d.hint, hint);
    assert_eq!((d.line, d.column), (Some(at.0), Some(at.1)), "{message}");
}

#[test]
fn dates_in_other_forms_are_rewritten_as_iso() {
    for (value, iso) in [
        ("31.12.2020", "2020-12-31"),
        ("2020/12/31", "2020-12-31"),
        ("2020-1-5", "2020-01-05"),
        ("31 декабря 2020", "2020-12-31"),
        ("31.12.2020 # конец года", "2020-12-31"),
    ] {
        let shown = value.split(" #").next().unwrap();
        assert_says(
            &report(&format!("date = {value}")),
            &format!("дата «{shown}» записана не в виде ГГГГ-ММ-ДД"),
            &format!("пишите дату в виде ГГГГ-ММ-ДД: date = {iso}"),
            (3, 8),
        );
    }
    assert_says(
        &report("date = 31.12.20"),
        "дата «31.12.20» записана не в виде ГГГГ-ММ-ДД",
        "пишите дату в виде ГГГГ-ММ-ДД, например date = 2019-01-20",
        (3, 8),
    );
}

#[test]
fn a_date_that_does_not_exist_says_why() {
    assert_says(
        &report("date = 2019-02-30"),
        "дата «2019-02-30» не существует",
        "в феврале 2019 года 28 дней: проверьте число, например date = 2019-02-28",
        (3, 8),
    );
    assert_says(
        &report("date = 2020-13-01"),
        "дата «2020-13-01» не существует",
        "месяца 13 не бывает; возможно, переставлены месяц и число: date = 2020-01-13",
        (3, 8),
    );
}

#[test]
fn a_quoted_date_where_only_a_date_goes() {
    assert_says(
        &report("updated = \"31.12.2020\""),
        "в поле «updated» нужна дата вида ГГГГ-ММ-ДД без кавычек",
        "пишите дату без кавычек: updated = 2020-12-31",
        (7, 11),
    );
}

#[test]
fn an_unclosed_quote_is_closed_in_the_hint() {
    assert_says(
        &report("title = \"Проведена инвентаризация"),
        "не закрыта кавычка в поле «title»",
        "поставьте \" в конце текста: title = \"Проведена инвентаризация\"",
        (5, 9),
    );
    assert_says(
        &report("title = 'Проведена"),
        "не закрыта кавычка в поле «title»",
        "поставьте ' в конце текста: title = 'Проведена'",
        (5, 9),
    );
    assert_says(
        &error::<NewsMeta>(NEWS, "measures = [\"1.1]"),
        "не закрыта кавычка в поле «measures»",
        "поставьте \" в конце текста: measures = [\"1.1\"]",
        (5, 13),
    );
}

#[test]
fn typographic_quotes_are_named_and_replaced() {
    // (as written, as the message names them)
    for (open, close, named) in [
        ('“', '”', '”'),
        ('«', '»', '»'),
        ('„', '“', '“'),
        ('‘', '’', '’'),
        ('“', '"', '”'),
    ] {
        assert_says(
            &report(&format!("title = {open}Утверждён «План»{close}")),
            &format!("кавычки {open}…{named} в поле «title» не подходят: нужны прямые \"…\""),
            "замените кавычки на прямые: title = \"Утверждён «План»\"",
            (5, 9),
        );
    }
    assert_says(
        &error::<NewsMeta>(NEWS, "measures = [“1.1”]"),
        "кавычки “…” в поле «measures» не подходят: нужны прямые \"…\"",
        "замените кавычки на прямые: measures = [\"1.1\"]",
        (5, 13),
    );
}

#[test]
fn unquoted_numbers_and_words_are_quoted_in_the_hint() {
    let number = "значение поля «measure» записано без кавычек";
    for value in ["14.3", "14.10", "14", "1.1.2"] {
        assert_says(
            &report(&format!("measure = {value}")),
            number,
            &format!("номер пишется в кавычках: measure = \"{value}\""),
            (2, 11),
        );
    }
    assert_says(
        &error::<MeasureMeta>(MEASURE, "id = 14"),
        "значение поля «id» записано без кавычек",
        "номер пишется в кавычках: id = \"14\"",
        (2, 6),
    );
    assert_says(
        &error::<NewsMeta>(NEWS, "measures = [\"1.1\", 14.3]"),
        "значение поля «measures» записано без кавычек",
        "номер пишется в кавычках: measures = [\"1.1\", \"14.3\"]",
        (5, 20),
    );
    for value in ["done", "в работе", "done\""] {
        assert_says(
            &report(&format!("status = {value}")),
            "значение поля «status» записано без кавычек",
            &format!(
                "значение пишется в прямых кавычках: status = \"{}\"",
                value.trim_end_matches('"')
            ),
            (4, 10),
        );
    }
    assert_says(
        &report("title = 2019-12-01"),
        "значение поля «title» записано без кавычек",
        "значение пишется в прямых кавычках: title = \"2019-12-01\"",
        (5, 9),
    );
}

#[test]
fn yes_and_no_are_true_and_false() {
    for (value, word) in [
        ("yes", "true"),
        ("да", "true"),
        ("\"true\"", "true"),
        ("нет", "false"),
    ] {
        assert_says(
            &report(&format!("demo = {value}")),
            "поле «demo» принимает только true или false",
            &format!("да — true, нет — false, без кавычек: demo = {word}"),
            (7, 8),
        );
    }
}

#[test]
fn a_value_where_a_list_goes_gets_brackets() {
    let message = "поле «measures» — список, а записано одно значение";
    for (value, list) in [
        ("\"14.3\"", "[\"14.3\"]"),
        ("14.3", "[\"14.3\"]"),
        ("\"14.1, 14.2\"", "[\"14.1\", \"14.2\"]"),
    ] {
        assert_says(
            &error::<NewsMeta>(NEWS, &format!("measures = {value}")),
            message,
            &format!("список пишется в квадратных скобках: measures = {list}"),
            (5, 12),
        );
    }
    assert_says(
        &error::<MeasureMeta>(MEASURE, "responsible = \"dep-a\" # исполнитель"),
        "поле «responsible» — список, а записано одно значение",
        "список пишется в квадратных скобках: responsible = [\"dep-a\"]",
        (7, 15),
    );
    assert_says(
        &report("[attachments]\nfile = \"a.pdf\"\ntitle = \"План\""),
        "поле «attachments» — список, а записано одно значение",
        "каждый элемент списка начинается строкой [[attachments]], в двойных квадратных скобках",
        (7, 1),
    );
}

#[test]
fn a_list_where_one_value_goes_loses_its_brackets() {
    assert_says(
        &report("measure = [\"14.3\"]"),
        "поле «measure» — одно значение, а записан список",
        "уберите квадратные скобки: measure = \"14.3\"",
        (2, 11),
    );
    assert_says(
        &report("measure = [\"14.1\", \"14.2\"]"),
        "поле «measure» — одно значение, а записан список",
        "оставьте одно значение, без квадратных скобок: measure = \"14.1\"",
        (2, 11),
    );
}

#[test]
fn lists_not_closed_or_without_commas() {
    let unclosed = "не закрыт список в поле «measures»";
    let hint = "список заканчивается «]»: measures = [\"1.1\"]";
    assert_says(
        &error::<NewsMeta>(NEWS, "measures = [\"1.1\","),
        unclosed,
        hint,
        (5, 12),
    );
    // a property after the list: the parser stops there, the list is above
    let news = NEWS.replace("measures = [\"1.1\"]\n", "");
    let d = error::<NewsMeta>(&format!("measures = [\"1.1\"\n{news}"), "demo = true");
    assert_says(&d, unclosed, hint, (2, 12));
    assert_says(
        &error::<NewsMeta>(NEWS, "measures = [\"1.1\" \"1.2\"]"),
        "нет запятой между элементами списка в поле «measures»",
        "элементы списка разделяются запятыми: measures = [\"1.1\", \"1.2\"]",
        (5, 19),
    );
}

#[test]
fn a_duplicate_names_the_first_line() {
    assert_says(
        &report("status = \"done\"\nstatus = \"in_progress\""),
        "поле «status» указано дважды",
        "оставьте одну строку status = …, лишнюю удалите (первая — строка 4)",
        (5, 1),
    );
}

#[test]
fn a_missing_equals_sign_or_value() {
    let no_equals = "нет знака «=» после имени поля «title»";
    let hint = "между именем поля и значением ставится «=»: title = \"Итоги\"";
    assert_says(&report("title \"Итоги\""), no_equals, hint, (5, 7));
    assert_says(&report("title: \"Итоги\""), no_equals, hint, (7, 6));
    assert_says(
        &report("title = "),
        "нет значения после «=» в поле «title»",
        "напишите значение после «=»: title = \"…\"",
        (5, 9),
    );
    assert_says(
        &report("date ="),
        "нет значения после «=» в поле «date»",
        "напишите значение после «=»: date = 2019-01-20",
        (3, 7),
    );
}

#[test]
fn quotes_and_text_after_the_value() {
    assert_says(
        &report("title = \"Утверждён \"План\" модернизации\""),
        "прямые кавычки внутри текста в поле «title»",
        "внутри текста ставьте «ёлочки»: title = \"Утверждён «План» модернизации\"",
        (5, 20),
    );
    assert_says(
        &report("title = \"Итоги\","),
        "лишние символы после значения в поле «title»",
        "оставьте только значение: title = \"Итоги\" (пояснение можно дописать после #)",
        (5, 16),
    );
}

#[test]
fn lines_that_are_no_property() {
    let message = "строка не похожа на свойство вида «имя = значение»";
    assert_says(
        &report("заголовок = \"Итоги\""),
        message,
        "имя поля пишется латиницей, без пробелов и кавычек, например title = \"…\"",
        (7, 1),
    );
    assert_says(
        &report("Проведена инвентаризация."),
        message,
        "удалите строку или запишите её как свойство, например title = \"…\"; текст пишется после строки «+++», закрывающей блок свойств",
        (7, 1),
    );
}

#[test]
fn a_broken_table_header() {
    for line in [
        "[[attachments]",
        "[[attachments]] file = \"a.pdf\"",
        "[[attachments]]]",
    ] {
        assert_says(
            &report(&format!("{line}\nfile = \"a.pdf\"\ntitle = \"План\"")),
            "заголовок блока записан с ошибкой",
            "пишите заголовок отдельной строкой, в квадратных скобках: [[attachments]]",
            (7, 1),
        );
    }
}

#[test]
fn backslashes_and_invisible_characters() {
    assert_says(
        &report("title = \"C:\\Users\\plan.pdf\""),
        "обратная косая черта «\\» в поле «title»",
        "пишите / вместо \\: title = \"C:/Users/plan.pdf\"",
        (5, 12),
    );
    assert_says(
        &report("title = \"Итоги\u{b}года\""),
        "невидимый управляющий символ в поле «title»",
        "удалите его: наберите этот текст заново или вставьте его без оформления (Ctrl+Shift+V)",
        (5, 15),
    );
}

#[test]
fn unknown_and_missing_fields() {
    let d = report("titel = \"Итоги\"");
    assert_says(
        &d,
        "неизвестное поле «titel»",
        "возможно, имелось в виду «title»",
        (7, 1),
    );
    let d = error::<ReportMeta>(&REPORT.replace("status = \"done\"\n", ""), "demo = true");
    assert_says(
        &d,
        "не указано обязательное поле «status»",
        "добавьте строку вида status = \"…\" между строками «+++»",
        (2, 1),
    );
    let d = error::<ReportMeta>(&REPORT.replace("date = 2019-01-20\n", ""), "demo = true");
    assert_says(
        &d,
        "не указано обязательное поле «date»",
        "добавьте строку вида date = 2019-01-20 между строками «+++»",
        (2, 1),
    );
}

#[test]
fn anything_else_is_pointed_to_the_guide() {
    assert_says(
        &report("title == \"Итоги\""),
        "ошибка в записи свойства",
        "сверьте строку с образцом: текст — в прямых кавычках \"…\", дата — ГГГГ-ММ-ДД, список — [\"…\"]; разбор ошибок — в docs/editing.md, раздел «Частые ошибки»",
        (5, 8),
    );
}

/// Every cut of a front matter, and every character of it replaced by or
/// preceded by one that breaks TOML, read as a report, news item or
/// measure, gives a plain one-line Russian error, never a panic.
#[test]
fn any_broken_front_matter_is_explained_in_russian() {
    let text = format!(
        "{REPORT}demo = true\nupdated = 2019-01-21\n\n[[attachments]]\n\
         file = \"reports/1.1/files/a.pdf\" # план\ntitle = 'Состав «группы»'\n"
    );
    let path = Path::new("content/x.md");
    let mut seen = 0;
    for (i, _) in text.char_indices() {
        let next = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
        let mut broken = vec![text[..i].to_string()];
        for c in [
            "\"", "'", "[", "]", "=", "\n", "“", "\\", "#", ",", " ", "{", "\u{1}", "ы",
        ] {
            broken.push(format!("{}{c}{}", &text[..i], &text[next..]));
            broken.push(format!("{}{c}{}", &text[..i], &text[i..]));
        }
        for fm in broken {
            let split = Split {
                front_matter: &fm,
                first_line: 2,
                body: "",
            };
            let errors = [
                parse::<ReportMeta>(path, &split).err(),
                parse::<NewsMeta>(path, &split).err(),
                parse::<MeasureMeta>(path, &split).err(),
            ];
            for d in errors.iter().flatten() {
                assert_plain(d);
                assert!(d.line.is_some_and(|l| l >= 2), "{fm}");
                seen += 1;
            }
        }
    }
    assert!(seen > 5000, "{seen}");
}
