//! Hostile shapes of input: bodies nested thousands of levels deep (which
//! used to overflow the stack), TOML nested ten thousand deep, huge lines.
//! Each is planted in a copy of the small fixture site: `kadry check` and
//! `kadry build` must exit 1 with a Russian message naming the file and line
//! (or 0 where the input is legal), never die of a signal, and a failed
//! build must leave the previous site untouched.

mod common;

use common::{kadry, read_tree, site};
use std::fs;
use std::path::Path;

const REPORT: &str = "content/reports/1.1/2018-08-10-gruppa.md";
const SECTION: &str = "content/roadmap/01/_index.md";
const NEWS: &str = "content/news/2018-09-01-novost.md";
const AS_OF: &str = "2026-11-26";

const NESTING: &str = "вложенность глубже 100 уровней";
const TOML_NESTING: &str = "слишком глубокая вложенность массивов или таблиц";

/// Appends `text` after a blank line; returns the file line it starts on.
fn append(root: &Path, file: &str, text: &str) -> usize {
    let path = root.join(file);
    let mut old = fs::read_to_string(&path).unwrap();
    if !old.ends_with('\n') {
        old.push('\n');
    }
    let line = old.lines().count() + 2;
    fs::write(&path, format!("{old}\n{text}\n")).unwrap();
    line
}

/// Writes a valid news item with `body`; returns the line the body starts on.
fn news(root: &Path, body: &str) -> usize {
    let head = "+++\ntitle = \"Новость\"\ndate = 2018-09-01\nsummary = \"Кратко.\"\n+++\n";
    fs::create_dir_all(root.join("content/news")).unwrap();
    fs::write(root.join(NEWS), format!("{head}\n{body}\n")).unwrap();
    head.lines().count() + 2
}

/// Replaces the line starting with `key =` in `file`; returns its line.
fn set(root: &Path, file: &str, key: &str, value: &str) -> usize {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let index = text
        .lines()
        .position(|l| l.starts_with(&format!("{key} =")))
        .unwrap_or_else(|| panic!("{file} has no {key}"));
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == index {
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    index + 1
}

/// Plants the input; returns (file, line) the message must name, or `None`
/// when the input is legal.
type Plant = fn(&Path) -> Option<(&'static str, usize)>;

/// Builds the untouched site, plants the input, then runs `kadry check` and
/// `kadry build`; checks exit codes, the message and the previous site.
fn run(plant: impl Fn(&Path) -> Option<(&'static str, usize)>, message: &str) -> tempfile::TempDir {
    let dir = site("small");
    let root = dir.path();
    let out = root.join("public");
    let (root_s, out_s) = (root.to_str().unwrap(), out.to_str().unwrap());
    let (code, err) = kadry(&["build", "--root", root_s, "--out", out_s, "--as-of", AS_OF]);
    assert_eq!(code, 0, "the untouched site builds: {err}");
    let before = read_tree(&out);

    let expected = plant(root);
    let (check, check_err) = kadry(&["check", "--root", root_s, "--as-of", AS_OF]);
    let (build, build_err) = kadry(&["build", "--root", root_s, "--out", out_s, "--as-of", AS_OF]);
    for (what, code, err) in [("check", check, &check_err), ("build", build, &build_err)] {
        assert!(
            !err.contains("overflow") && !err.contains("panicked"),
            "{what}: {err}"
        );
        match expected {
            Some((file, line)) => {
                assert_eq!(code, 1, "{what} must fail: {err}");
                let location = format!("{file}:{line}:");
                assert!(
                    err.lines()
                        .any(|l| l.starts_with(&location) && l.contains(message)),
                    "{what}: expected «{location} … {message}» in:\n{err}"
                );
                assert!(err.contains("подсказка"), "{what}: no hint in:\n{err}");
            }
            None => assert_eq!(code, 0, "{what} must succeed: {err}"),
        }
    }
    if expected.is_some() {
        assert!(build_err.contains("Сайт не изменён"), "{build_err}");
        assert!(read_tree(&out) == before, "the previous site changed");
    }
    dir
}

#[test]
fn blockquotes_5000_deep_in_a_report() {
    run(
        |r| Some((REPORT, append(r, REPORT, &("> ".repeat(5000) + "x")))),
        NESTING,
    );
}

#[test]
fn list_items_5000_deep_in_a_report() {
    run(
        |r| Some((REPORT, append(r, REPORT, &("- ".repeat(5000) + "x")))),
        NESTING,
    );
}

#[test]
fn indented_list_items_deeper_than_the_limit_point_at_the_first_too_deep_line() {
    // each level is a list and its item: the limit is passed at level 51
    let list: String = (0..300).map(|i| "  ".repeat(i) + "- пункт\n").collect();
    run(
        move |r| Some((REPORT, append(r, REPORT, &list) + 50)),
        NESTING,
    );
}

#[test]
fn divs_5000_deep_in_a_report() {
    let plant: Plant = |r| {
        let divs = "<div>".repeat(5000) + "x" + &"</div>".repeat(5000);
        Some((REPORT, append(r, REPORT, &divs)))
    };
    run(plant, NESTING);
}

#[test]
fn misnested_formatting_tags_in_a_report() {
    // html5ever keeps each <div> open after the misnested </b>
    run(
        |r| Some((REPORT, append(r, REPORT, &"<b><div></b>".repeat(5000)))),
        NESTING,
    );
}

#[test]
fn lists_quotes_and_divs_mixed_in_a_report() {
    run(
        |r| Some((REPORT, append(r, REPORT, &("- > ".repeat(2500) + "<div>x")))),
        NESTING,
    );
}

#[test]
fn emphasis_5000_deep_in_a_report() {
    let plant: Plant = |r| {
        let stars = "*".repeat(10_000);
        Some((REPORT, append(r, REPORT, &format!("{stars}x{stars}"))))
    };
    run(plant, NESTING);
}

#[test]
fn links_and_images_nested_5000_deep_in_a_report() {
    let plant: Plant = |r| {
        let text = "Текст.\n\n".to_string()
            + &"<a href=\"/roadmap/\">".repeat(5000)
            + "\n\n"
            + &"![".repeat(5000)
            + "x"
            + &"](/a.png)".repeat(5000);
        Some((REPORT, append(r, REPORT, &text) + 2))
    };
    run(plant, NESTING);
}

#[test]
fn deep_spans_in_a_table_cell() {
    let plant: Plant = |r| {
        let table = format!(
            "| Год | Итог |\n|-|-|\n| 2019 | готово |\n| 2020 | {}x |",
            "<span>".repeat(5000)
        );
        Some((REPORT, append(r, REPORT, &table) + 3))
    };
    run(plant, NESTING);
}

#[test]
fn blockquotes_5000_deep_in_a_news_item() {
    run(
        |r| Some((NEWS, news(r, &("> ".repeat(5000) + "x")))),
        NESTING,
    );
}

#[test]
fn list_items_5000_deep_in_a_section() {
    run(
        |r| Some((SECTION, append(r, SECTION, &("* ".repeat(5000) + "x")))),
        NESTING,
    );
}

#[test]
fn arrays_10000_deep_in_report_front_matter() {
    let plant: Plant = |r| {
        let value = "[".repeat(10_000) + "1" + &"]".repeat(10_000);
        Some((REPORT, set(r, REPORT, "title", &value)))
    };
    run(plant, TOML_NESTING);
}

#[test]
fn inline_tables_10000_deep_in_news_front_matter() {
    let plant: Plant = |r| {
        news(r, "Текст.");
        let value = "{a = ".repeat(10_000) + "1" + &"}".repeat(10_000);
        Some((NEWS, set(r, NEWS, "summary", &value)))
    };
    run(plant, TOML_NESTING);
}

#[test]
fn arrays_and_tables_10000_deep_in_kadry_toml() {
    let plant: Plant = |r| {
        let value = "[{a = ".repeat(5000) + "1" + &"}]".repeat(5000);
        Some(("kadry.toml", set(r, "kadry.toml", "description", &value)))
    };
    run(plant, TOML_NESTING);
}

#[test]
fn arrays_10000_deep_in_the_organisations_registry() {
    let plant: Plant = |r| {
        let value = "[".repeat(10_000) + "1" + &"]".repeat(10_000);
        let file = "content/organizations.toml";
        Some((file, set(r, file, "short_name", &value)))
    };
    run(plant, TOML_NESTING);
}

#[test]
fn a_huge_single_line_is_legal() {
    let dir = run(
        |r| {
            let line = "«Кадры» & «рабочие места» — ".repeat(4000) + "конец строки.";
            append(r, REPORT, &line);
            None
        },
        "",
    );
    let page = common::read(
        &dir.path().join("public"),
        "reports/1.1/2018-08-10-gruppa/index.html",
    );
    assert!(page.contains("конец строки."));
}

#[test]
fn a_body_longer_than_256_kib_is_refused() {
    let plant: Plant = |r| {
        let line = "Строка отчёта, достаточно длинная для теста.\n";
        append(r, REPORT, &line.repeat(300 * 1024 / line.len()));
        // the line on which the body passes 256 KiB
        let text = fs::read_to_string(r.join(REPORT)).unwrap();
        let body = text.find("\n+++\n").unwrap() + "\n+++\n".len();
        let line = text[..body + 256 * 1024].matches('\n').count() + 1;
        Some((REPORT, line))
    };
    run(plant, "текст длиннее 256 КБ");
}

#[test]
fn ordinary_nesting_is_legal() {
    let dir = run(
        |r| {
            let text = "> ".repeat(10)
                + "цитата\n\n"
                + &"<div>".repeat(20)
                + "блок"
                + &"</div>".repeat(20)
                + "\n\n- один\n  - два\n    - три *и **ещё***";
            append(r, REPORT, &text);
            None
        },
        "",
    );
    let page = common::read(
        &dir.path().join("public"),
        "reports/1.1/2018-08-10-gruppa/index.html",
    );
    assert!(page.contains("<strong>ещё</strong>"));
}
