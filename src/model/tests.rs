//! The model built from documents held in memory: no disk, no git. Each
//! test gives files as (path, text) pairs, parsed as the loader parses what
//! it reads ([`Doc::parse`], [`documents::organizations`]), and checks the
//! roadmap or the diagnostics `build` gives.

use super::status::Status;
use super::{build, markdown, Roadmap};
use crate::load::attachments::Found;
use crate::load::datasets::{Files, Read, Table};
use crate::load::history::History;
use crate::load::{documents, Content, Doc, SectionSource};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROADMAP: &str = "+++\ntitle = \"Дорожная карта\"\n+++\n";

const SECTION: &str = "+++\nid = \"1\"\ntitle = \"Подготовка\"\nkey_result = \"Условия\"\n+++\n";

const ORGANIZATIONS: &str = "[[organization]]
id = \"dep-a\"
name = \"Департамент А\"
short_name = \"Деп. А\"
kind = \"department\"
";

/// Measure 1.1, due July to August 2018, executed by `responsible`.
fn measure(responsible: &str) -> String {
    format!(
        "+++
id = \"1.1\"
title = \"Рабочая группа\"
key_result = \"Создана\"
deadline = \"2018-07/2018-08\"
deadline_text = \"Июль — август 2018\"
responsible = [\"{responsible}\"]
+++
"
    )
}

/// A report by dep-a on `measure`, dated `date`, with `extra` front matter.
fn report(measure: &str, date: &str, extra: &str) -> String {
    format!(
        "+++
measure = \"{measure}\"
date = {date}
status = \"done\"
title = \"Группа создана\"
author = \"dep-a\"
{extra}+++

Группа создана.
"
    )
}

/// Content from files given as (path relative to the site root, text):
/// the roadmap, sections and measures, reports, news, the registry,
/// datasets (`content/data/<name>.toml` and `.csv`) and other files under
/// `content/reports/` (attachments).
fn content(files: &[(&str, &str)]) -> Content {
    fn doc<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Doc<T> {
        Doc::parse(Path::new(path), text).unwrap_or_else(|d| panic!("{d}"))
    }
    let text = |wanted: &str| files.iter().find(|(p, _)| *p == wanted).map(|(_, t)| *t);
    let mut sections: BTreeMap<&str, SectionSource> = BTreeMap::new();
    let mut content = Content {
        roadmap: Some(doc("content/roadmap/_index.md", ROADMAP)),
        sections: Vec::new(),
        reports: Vec::new(),
        news: Vec::new(),
        investors: None,
        organizations: Vec::new(),
        organizations_path: PathBuf::from("content/organizations.toml"),
        organizations_text: ORGANIZATIONS.into(),
        organizations_unreadable: false,
        unreadable: Vec::new(),
        problems: Vec::new(),
        attachments: BTreeMap::new(),
        datasets: Vec::new(),
    };
    for (path, text) in files {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["content", "roadmap", "_index.md"] => content.roadmap = Some(doc(path, text)),
            ["content", "roadmap", dir, "_index.md"] => {
                sections.insert(
                    dir,
                    SectionSource {
                        index: doc(path, text),
                        measures: Vec::new(),
                    },
                );
            }
            ["content", "roadmap", dir, _] => {
                let section = sections
                    .get_mut(dir)
                    .expect("the section's _index.md first");
                section.measures.push(doc(path, text));
            }
            ["content", "reports", ..] if path.ends_with(".md") => {
                content.reports.push(doc(path, text))
            }
            ["content", "reports", ..] => {
                let file = path.trim_start_matches("content/").to_string();
                let bytes = Found::Bytes(text.as_bytes().to_vec());
                content.attachments.insert(file, bytes);
            }
            ["content", "news", _] => content.news.push(doc(path, text)),
            ["content", "organizations.toml"] => content.organizations_text = text.to_string(),
            ["content", "data", name] if name.ends_with(".toml") => {
                let csv = path.replace(".toml", ".csv");
                let bytes = match files.iter().find(|(p, _)| *p == csv) {
                    Some((_, t)) => Read::Read(t.as_bytes().to_vec()),
                    None => Read::Unopened("No such file or directory (os error 2)".into()),
                };
                content.datasets.push(Files {
                    sidecar_path: PathBuf::from(path),
                    sidecar: Read::Read(text.to_string()),
                    table: Table {
                        path: PathBuf::from(&csv),
                        bytes,
                    },
                    previous: BTreeMap::new(),
                });
            }
            ["content", "data", _] => {}
            _ => panic!("no place for {path} in the test content"),
        }
    }
    content.sections = sections.into_values().collect();
    let registry = text("content/organizations.toml").unwrap_or(ORGANIZATIONS);
    content.organizations =
        documents::organizations(Path::new("content/organizations.toml"), registry)
            .unwrap_or_else(|d| panic!("{d}"));
    content
}

/// The small roadmap: section 1 with measure 1.1 by dep-a, and `more` files.
fn roadmap_with(more: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "content/roadmap/01/_index.md".to_string(),
            SECTION.to_string(),
        ),
        ("content/roadmap/01/1.1.md".to_string(), measure("dep-a")),
    ];
    files.extend(more.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    files
}

fn built(files: &[(String, String)], as_of: &str) -> Result<Roadmap, Vec<String>> {
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let urls = crate::address::Urls::new("https://kadry.example.org/");
    let markdown = markdown::Renderer::new(&urls, None);
    build(content(&pairs), date(as_of), &History::default(), &markdown)
        .map_err(|d| d.sorted().iter().map(ToString::to_string).collect())
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn errors(files: &[(String, String)]) -> Vec<String> {
    match built(files, "2019-01-01") {
        Ok(_) => panic!("the content was accepted"),
        Err(found) => found,
    }
}

#[test]
fn a_measure_without_reports_is_planned_until_its_deadline_passes() {
    let files = roadmap_with(&[]);
    let status = |as_of| built(&files, as_of).unwrap().measure("1.1").unwrap().status;
    assert_eq!(status("2018-08-31"), Status::Planned);
    assert_eq!(status("2018-09-01"), Status::OverdueNoReport);
    let roadmap = built(&files, "2018-09-01").unwrap();
    let changes = &roadmap.measure("1.1").unwrap().status_changes;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].date, date("2018-09-01"));
    assert_eq!(changes[0].new, Status::OverdueNoReport);
}

#[test]
fn a_report_sets_the_status_from_its_date_on() {
    let text = report("1.1", "2018-08-10", "");
    let files = roadmap_with(&[("content/reports/1.1/2018-08-10-gruppa.md", &text)]);
    let before = built(&files, "2018-08-09").unwrap();
    let measure = before.measure("1.1").unwrap();
    assert_eq!(measure.status, Status::Planned);
    assert!(measure.reports.is_empty());
    let after = built(&files, "2018-12-01").unwrap();
    let measure = after.measure("1.1").unwrap();
    assert_eq!(measure.status, Status::Done);
    assert_eq!(measure.reports[0].slug, "1.1/2018-08-10-gruppa");
    assert_eq!(measure.status_changes.len(), 1);
    assert_eq!(
        measure.status_changes[0].report.as_deref(),
        Some("1.1/2018-08-10-gruppa")
    );
}

#[test]
fn a_second_report_on_one_measure_and_day_is_named() {
    let first = report("1.1", "2018-08-10", "");
    let second = report("1.1", "2018-08-10", "");
    let files = roadmap_with(&[
        ("content/reports/1.1/2018-08-10-gruppa.md", &first),
        ("content/reports/1.1/2018-08-10-prikaz.md", &second),
    ]);
    let roadmap = built(&files, "2018-12-01").unwrap();
    let warnings: Vec<String> = roadmap.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/reports/1.1/2018-08-10-prikaz.md:3:1: предупреждение: у мероприятия 1.1 уже есть отчёт с той же датой 10.08.2018: content/reports/1.1/2018-08-10-gruppa.md"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_report_dated_after_the_as_of_date_is_named_with_the_day_it_shows() {
    let text = report("1.1", "2018-08-10", "");
    let files = roadmap_with(&[("content/reports/1.1/2018-08-10-gruppa.md", &text)]);
    let warnings = |as_of| -> Vec<String> {
        let roadmap = built(&files, as_of).unwrap();
        roadmap.warnings.iter().map(ToString::to_string).collect()
    };
    let early = warnings("2018-08-09");
    assert_eq!(early.len(), 1, "{early:?}");
    assert!(
        early[0].starts_with("content/reports/1.1/2018-08-10-gruppa.md:3:1: предупреждение: отчёт датирован 10.08.2018")
            && early[0].contains("будет показан с 10.08.2018"),
        "{}",
        early[0]
    );
    assert!(warnings("2018-08-10").is_empty());
}

#[test]
fn an_unknown_executor_is_named_at_its_line_in_russian() {
    let mut files = roadmap_with(&[]);
    files[1].1 = measure("dep-c");
    assert_eq!(
        errors(&files),
        ["content/roadmap/01/1.1.md:7:1: ошибка: исполнитель «dep-c» не найден в content/organizations.toml\n  \
          подсказка: возможно, имелось в виду «dep-a»; id организаций — в content/organizations.toml"]
    );
}

#[test]
fn a_report_on_an_unknown_measure_suggests_the_closest() {
    let text = report("1.9", "2018-08-10", "");
    let files = roadmap_with(&[("content/reports/1.9/2018-08-10-gruppa.md", &text)]);
    assert_eq!(
        errors(&files),
        ["content/reports/1.9/2018-08-10-gruppa.md:2:1: ошибка: мероприятие «1.9» не найдено в дорожной карте\n  \
          подсказка: возможно, имелось в виду «1.1»; номера — на странице /roadmap/"]
    );
}

#[test]
fn reports_and_news_share_one_date_check() {
    let text = report("1.1", "\"10.08.2018\"", "");
    let news = "+++
title = \"Форум\"
date = \"2018-02-30\"
summary = \"Прошёл форум.\"
+++
";
    let files = roadmap_with(&[
        ("content/reports/1.1/2018-08-10-gruppa.md", &text),
        ("content/news/2018-02-30-forum.md", news),
    ]);
    assert_eq!(
        errors(&files),
        [
            "content/news/2018-02-30-forum.md:3:1: ошибка: дата «2018-02-30» не существует или записана не в виде ГГГГ-ММ-ДД\n  \
             подсказка: в феврале 2018 года 28 дней: проверьте число, например date = 2018-02-28",
            "content/reports/1.1/2018-08-10-gruppa.md:3:1: ошибка: дата «10.08.2018» не существует или записана не в виде ГГГГ-ММ-ДД\n  \
             подсказка: пишите дату в виде ГГГГ-ММ-ДД, без кавычек: date = 2018-08-10",
        ]
    );
}

#[test]
fn an_attachment_is_checked_by_the_bytes_the_loader_found() {
    let attached = "[[attachments]]\nfile = \"reports/1.1/files/plan.pdf\"\ntitle = \"План\"\n";
    let text = report("1.1", "2018-08-10", attached);
    let path = "content/reports/1.1/2018-08-10-gruppa.md";
    let pdf = "content/reports/1.1/files/plan.pdf";
    let good = roadmap_with(&[(path, &text), (pdf, "%PDF-1.7\n%…")]);
    let roadmap = built(&good, "2019-01-01").unwrap();
    let attachment = &roadmap.reports().next().unwrap().attachments[0];
    assert_eq!((attachment.format.as_str(), attachment.size), ("PDF", 13));

    let html = roadmap_with(&[(path, &text), (pdf, "<html><script>alert(1)</script>")]);
    let found = errors(&html);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with(&format!("{path}:8:1: ошибка: вложение «reports/1.1/files/plan.pdf» называется как PDF, но внутри не PDF")),
        "{found:?}"
    );
    let missing = roadmap_with(&[(path, &text)]);
    assert!(errors(&missing)[0].starts_with(&format!(
        "{path}:8:1: ошибка: вложение «reports/1.1/files/plan.pdf» не найдено\n"
    )));
}

#[test]
fn a_dataset_cell_is_named_by_file_row_and_column() {
    let sidecar = "title = \"Площадки\"
title_en = \"Sites\"
description = \"Площадки практики.\"
description_en = \"Training sites.\"
owner = \"dep-a\"
update_period = \"ежегодно\"
created = 2019-01-10
updated = 2019-06-01

[[column]]
name = \"measure\"
title = \"Мероприятие\"
title_en = \"Measure\"
type = \"measure\"

[[column]]
name = \"places\"
title = \"Мест\"
title_en = \"Places\"
type = \"integer\"
";
    let good = "measure,places\n1.1,12\n1.1,30\n";
    let bad = "measure,places\n1.1,12\n1.1,тридцать\n1.7,5\n";
    let files = |csv| {
        roadmap_with(&[
            ("content/data/sites.toml", sidecar),
            ("content/data/sites.csv", csv),
        ])
    };
    let roadmap = built(&files(good), "2019-12-01").unwrap();
    let dataset = &roadmap.datasets[0];
    assert_eq!((dataset.name.as_str(), dataset.rows.len()), ("sites", 2));
    assert_eq!(dataset.source, "content/data/sites.csv");
    let found = errors(&files(bad));
    assert_eq!(
        found,
        [
            "content/data/sites.csv:3:2: ошибка: столбец «places»: «тридцать» — не целое число\n  \
             подсказка: пишите цифры без пробелов, например 1250",
            "content/data/sites.csv:4:1: ошибка: столбец «measure»: «1.7» — нет такого мероприятия\n  \
             подсказка: возможно, имелось в виду «1.1»; номера — на странице /roadmap/",
        ]
    );
}

#[test]
fn a_measure_with_errors_is_left_out_but_reports_on_it_are_not_errors_of_their_own() {
    let mut files = roadmap_with(&[]);
    files[1].1 = measure("dep-c").replace("2018-07/2018-08", "2018-13");
    let text = report("1.1", "2018-08-10", "");
    files.push(("content/reports/1.1/2018-08-10-gruppa.md".into(), text));
    let found = errors(&files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("content/roadmap/01/1.1.md:5:1: ошибка: неверный срок"));
    assert!(found[1].starts_with("content/roadmap/01/1.1.md:7:1: ошибка: исполнитель «dep-c»"));
    // a report on a measure that is written nowhere still is
    files.last_mut().unwrap().1 = report("1.7", "2018-08-10", "");
    let found = errors(&files);
    assert!(
        found[0].contains("мероприятие «1.7» не найдено"),
        "{found:?}"
    );
}

mod slips;
