//! One `kadry check` names every mistake of a site at once: a syntax error
//! in one file, or broken settings, hides nothing in the others, links are
//! checked over what could be loaded, and the messages come in a stable
//! order (by file, then line). What follows from a file that could not be
//! loaded (reports on its measure, links to its page) is not reported
//! again as a mistake of its own.

mod common;

use common::{committed, site};
use std::fs;
use std::path::Path;

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks «{from}»");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn report(measure: &str, date: &str, status: &str, body: &str) -> String {
    format!(
        "+++\nmeasure = \"{measure}\"\ndate = {date}\nstatus = \"{status}\"\n\
         title = \"Отчёт\"\nauthor = \"dep-a\"\n+++\n\n{body}\n"
    )
}

/// Ten mistakes in ten files, of every kind: settings, syntax (front
/// matter, encoding, fences), meaning (ids, dates, statuses) and links.
fn plant_ten(root: &Path) -> Vec<(&'static str, &'static str)> {
    edit(
        root,
        "kadry.toml",
        "base_url = \"https://test.example.org/\"",
        "base_url = \"test.example.org\"",
    );
    edit(
        root,
        "content/reports/1.1/2018-08-10-gruppa.md",
        "title =",
        "titel =",
    );
    edit(root, "content/roadmap/01/1.2.md", "\"dep-b\"", "\"dep-c\"");
    let r = "content/reports/1.2";
    write(
        root,
        &format!("{r}/2019-01-10-a.md"),
        &report("1.2", "2019-01-10", "dne", "Текст."),
    );
    write(
        root,
        &format!("{r}/2019-02-10-b.md"),
        &report("1.2", "2019-02-30", "done", "Текст."),
    );
    write(
        root,
        &format!("{r}/2019-03-10-c.md"),
        &report("1.2", "2019-03-10", "done", "См. [раздел](/roadmap/99/)."),
    );
    write(
        root,
        &format!("{r}/2019-04-10-d.md"),
        &report("1.9", "2019-04-10", "done", "Текст."),
    );
    fs::write(
        root.join(format!("{r}/2019-05-10-e.md")),
        b"+++\ntitle = \"\xff\xfe\"\n+++\n",
    )
    .unwrap();
    write(
        root,
        "content/news/2019-06-01-novost.md",
        "+++\ntitle = \"Новость\"\ndate = 2019-06-01\nsummary = \"Кратко\"\n\nТекст без закрытого блока.\n",
    );
    write(root, "content/roadmap/02/_index.md", "id = \"2\"\n");
    vec![
        (
            "kadry.toml:3:",
            "base_url «test.example.org» — не адрес сайта",
        ),
        (
            "content/news/2019-06-01-novost.md:1:",
            "блок свойств не закрыт",
        ),
        (
            "content/reports/1.1/2018-08-10-gruppa.md:5:",
            "неизвестное поле «titel»",
        ),
        (
            "content/reports/1.2/2019-01-10-a.md:4:",
            "неизвестный статус «dne»",
        ),
        ("content/reports/1.2/2019-02-10-b.md:3:", "2019-02-30"),
        (
            "content/reports/1.2/2019-03-10-c.md:9:",
            "несуществующую страницу /roadmap/99/",
        ),
        (
            "content/reports/1.2/2019-04-10-d.md:2:",
            "мероприятие «1.9» не найдено",
        ),
        ("content/reports/1.2/2019-05-10-e.md:", "UTF-8"),
        (
            "content/roadmap/01/1.2.md:9:",
            "исполнитель «dep-c» не найден",
        ),
        ("content/roadmap/02/_index.md:1:", "«+++»"),
    ]
}

fn errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": ошибка: "))
        .collect()
}

#[test]
fn ten_mistakes_in_ten_files_give_ten_errors_in_one_check() {
    let dir = site("small");
    let root = dir.path();
    let expected = plant_ten(root);
    committed(root, "2026-11-20T10:00:00");
    let (code, stderr) = common::check(root);
    assert_eq!(code, 1, "{stderr}");
    let errors = errors(&stderr);
    for (location, message) in &expected {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(location) && l.contains(message)),
            "no «{location} … {message}» in:\n{stderr}"
        );
    }
    assert_eq!(
        errors.len(),
        expected.len(),
        "one error for each mistake:\n{stderr}"
    );
    // in the order of files, then lines; and the same on a second run
    let places: Vec<&str> = errors
        .iter()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    let mut sorted = places.clone();
    sorted.sort_by_key(|p| p.split(':').next().unwrap().to_string());
    assert_eq!(places, sorted);
    assert!(stderr.contains("Ошибок — 10,"), "{stderr}");
    let (_, again) = common::check(root);
    assert_eq!(again, stderr);
}

#[test]
fn what_follows_from_a_file_that_could_not_be_loaded_is_not_reported_again() {
    let dir = site("small");
    let root = dir.path();
    // measure 1.2's file is broken: a report on 1.2 and a link to its page
    // are fine, and the report that links to it is checked all the same
    edit(root, "content/roadmap/01/1.2.md", "title = ", "title: ");
    write(
        root,
        "content/reports/1.2/2019-01-10-a.md",
        &report(
            "1.2",
            "2019-01-10",
            "done",
            "См. [мероприятие](/roadmap/1/1.2/) и [нет](/roadmap/9/).",
        ),
    );
    // the registry is broken: authors and executors are not checked
    edit(
        root,
        "content/organizations.toml",
        "[[organization]]",
        "[[organization]\n",
    );
    committed(root, "2026-11-20T10:00:00");
    let (code, stderr) = common::check(root);
    assert_eq!(code, 1, "{stderr}");
    let errors = errors(&stderr);
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("content/roadmap/01/1.2.md:3:")),
        "{stderr}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("content/organizations.toml:")),
        "{stderr}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("content/reports/1.2/2019-01-10-a.md:9:")
                && l.contains("/roadmap/9/")),
        "{stderr}"
    );
    assert_eq!(errors.len(), 3, "{stderr}");
}
