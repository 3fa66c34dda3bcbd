//! The open-data registry as readers and registries meet it: the pages of
//! `/opendata/` and of each set, addresses that stay put, set names the
//! portal keeps for itself, and the operator's INN, responsible person and
//! phone in every passport.

mod common;

use common::opendata::{content_datasets, read_csv_file, read_meta, value};
use common::{build, read, site, text};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const AS_OF: &str = "2026-11-26";
const BASE_URL: &str = "https://kadry.example.org/";

#[test]
fn the_pages_show_the_registry_and_the_passports() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let sidecars = content_datasets(dir.path());
    let n = sidecars.len() + 3;
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();

    let html = read(&out, "opendata/index.html");
    let doc = scraper::Html::parse_document(&html);
    let t = text(&html);
    let forms = kadry_plural(n);
    assert!(
        t.contains(&format!("Реестр содержит {n} {forms} данных")),
        "{t}"
    );
    assert!(t.contains("ссылка на портал обязательна"));
    assert!(t.contains("бесплатно") && t.contains("коммерческих"));
    assert!(doc
        .select(&sel("a[href^='mailto:kadry@example.org']"))
        .next()
        .is_some());
    assert!(doc
        .select(&sel("a[href='/opendata/list.csv']"))
        .next()
        .is_some());
    let crumbs: Vec<String> = doc
        .select(&sel(".breadcrumbs li"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(crumbs, ["Главная", "Открытые данные"]);
    let table = doc.select(&sel("table")).next().unwrap();
    assert!(table.select(&sel("caption")).next().is_some());
    let rows: Vec<_> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), n);
    for row in &rows {
        let id = row.value().attr("id").unwrap();
        let name = id.strip_prefix("0000000000-kadry-").unwrap();
        let demo = match sidecars.get(name) {
            Some(s) => s.get("demo").and_then(|v| v.as_bool()) == Some(true),
            // the organisations' registry is the portal's own, not a
            // demonstration; on the real content every report is one
            None => name != "organizations",
        };
        assert_eq!(
            row.select(&sel(".demo-label")).next().is_some(),
            demo,
            "{id}: demo label"
        );
        assert!(row.select(&sel("th[scope=row]")).next().is_some());
        for a in [format!("/opendata/{id}/"), ".csv".into(), ".json".into()] {
            assert!(
                row.select(&sel("a"))
                    .any(|l| l.value().attr("href").unwrap().ends_with(&a)),
                "{id}: no link to {a}"
            );
        }
        for cell in row.select(&sel("td")) {
            assert!(
                cell.value().attr("data-label").is_some(),
                "{id}: cell without data-label"
            );
        }
    }

    // The passport page of the training sites.
    if let Some(sidecar) = sidecars.get("training-sites") {
        let html = read(&out, "opendata/0000000000-kadry-training-sites/index.html");
        let doc = scraper::Html::parse_document(&html);
        let crumbs: Vec<String> = doc
            .select(&sel(".breadcrumbs li"))
            .map(|e| e.text().collect())
            .collect();
        assert_eq!(
            crumbs,
            [
                "Главная",
                "Открытые данные",
                sidecar["title"].as_str().unwrap()
            ]
        );
        let meta = read_meta(&out, "0000000000-kadry-training-sites");
        let dts: Vec<String> = doc
            .select(&sel(".od-passport dt code"))
            .map(|e| e.text().collect())
            .collect();
        let properties: Vec<String> = meta.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(dts, properties, "every passport field, in order");
        let hrefs: BTreeSet<&str> = doc
            .select(&sel("a[href]"))
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        for (property, value) in &meta {
            if property.starts_with("data-") || property.starts_with("structure-") {
                let local = format!("/{}", value.strip_prefix(BASE_URL).unwrap());
                assert!(hrefs.contains(local.as_str()), "{property}");
                if property.starts_with("data-") {
                    let json = local.replace(".csv", ".json");
                    assert!(hrefs.contains(json.as_str()), "{property} JSON");
                }
            }
        }
        assert!(doc.select(&sel(".demo-notice")).next().is_some());
        // The structure and the preview.
        let tables: Vec<_> = doc.select(&sel("table")).collect();
        assert_eq!(tables.len(), 2);
        for t in &tables {
            assert!(t.select(&sel("caption")).next().is_some());
            assert!(t.select(&sel("thead th[scope=col]")).count() >= 4);
            assert!(t.select(&sel("tbody tr th[scope=row]")).count() >= 1);
        }
        let preview = &tables[1];
        let columns = sidecar["column"].as_array().unwrap().len();
        assert_eq!(preview.select(&sel("thead th")).count(), columns);
        let body: Vec<_> = preview.select(&sel("tbody tr")).collect();
        let source_rows = read_csv_file(&dir.path().join("content/data/training-sites.csv")).1;
        assert_eq!(body.len(), source_rows.len().min(10));
        let first: Vec<String> = body[0]
            .select(&sel("th, td"))
            .map(|c| c.text().collect())
            .collect();
        assert_eq!(first, source_rows[0]);
        // The measures it reports on, with their status.
        for m in sidecar["measures"].as_array().unwrap() {
            let id = m.as_str().unwrap();
            let link = doc
                .select(&sel(".od-measures li"))
                .find(|li| {
                    li.text()
                        .collect::<String>()
                        .starts_with(&format!("{id}. "))
                })
                .unwrap_or_else(|| panic!("measure {id}"));
            assert!(link.select(&sel(".status")).next().is_some());
        }
    }

    // The roadmap's passport page: a preview of ten of the 74 rows.
    let html = read(&out, "opendata/0000000000-kadry-roadmap/index.html");
    let doc = scraper::Html::parse_document(&html);
    let preview = doc.select(&sel("table.od-preview")).next().unwrap();
    assert_eq!(preview.select(&sel("tbody tr")).count(), 10);
    assert!(text(&html).contains("первые 10 строк из 74"));
    assert!(doc.select(&sel(".demo-notice")).next().is_some());
}

/// "набор", "набора" or "наборов" for `n`.
fn kadry_plural(n: usize) -> &'static str {
    kadry::render::ru::plural(n as u64, "набор", "набора", "наборов")
}

#[test]
fn the_files_sit_at_stable_addresses() {
    // The registry, passports and the current data are where the methodology
    // and the product promise them, so links to them keep working.
    let dir = site("small");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    for rel in [
        "opendata/index.html",
        "opendata/list.csv",
        "opendata/9900000000-kadry-roadmap/index.html",
        "opendata/9900000000-kadry-roadmap/meta.csv",
        "opendata/9900000000-kadry-reports/meta.csv",
    ] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
}

/// Plants `content/data/<name>.csv` and its description in a site.
fn plant_table(root: &Path, name: &str) {
    let data = root.join("content/data");
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join(format!("{name}.csv")), "id,measure\n1,1.1\n").unwrap();
    fs::write(
        data.join(format!("{name}.toml")),
        r#"title = "Таблица"
title_en = "Table"
description = "Таблица редакции."
description_en = "An editor's table."
owner = "dep-a"
update_period = "ежегодно"
created = 2019-01-01
updated = 2019-06-01

[[column]]
name = "id"
title = "Номер"
title_en = "Number"
type = "integer"

[[column]]
name = "measure"
title = "Мероприятие"
title_en = "Measure"
type = "measure"
"#,
    )
    .unwrap();
}

#[test]
fn a_table_named_like_a_built_in_set_is_refused_before_anything_is_written() {
    let cases = [
        common::Case {
            name: "table named reports",
            plant: |r| plant_table(r, "reports"),
            location: "content/data/reports.toml:1:",
            message: "имя набора данных «reports» занято набором, который портал строит сам",
        },
        common::Case {
            name: "table named roadmap",
            plant: |r| plant_table(r, "roadmap"),
            location: "content/data/roadmap.toml:1:",
            message: "имя набора данных «roadmap» занято набором, который портал строит сам",
        },
    ];
    let output = common::assert_all_refused(&cases);
    assert!(
        output.contains("переименуйте content/data/roadmap.csv и content/data/roadmap.toml"),
        "{output}"
    );
}

#[test]
fn passports_name_the_operators_inn_responsible_person_and_phone() {
    // The small site's operator is real (no `demo`): its INN begins every
    // identifier and its person and phone fill every passport, unmarked.
    let dir = site("small");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let meta = read_meta(&out, "9900000000-kadry-roadmap");
    assert_eq!(value(&meta, "publishername"), "Тестов Тест Тестович");
    assert_eq!(value(&meta, "publisherphone"), "+7 (000) 000-00-00");
    assert_eq!(value(&meta, "publishermbox"), "test@example.org");
    let html = read(&out, "opendata/9900000000-kadry-roadmap/index.html");
    assert!(!html.contains("демонстрационное значение"));

    // The real content is a demonstration: the placeholder INN, and the
    // operator's values marked on the passport page.
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let html = read(&out, "opendata/0000000000-kadry-roadmap/index.html");
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let marked: Vec<String> = doc
        .select(&sel(".od-passport dd"))
        .filter(|dd| {
            dd.text()
                .collect::<String>()
                .contains("демонстрационное значение")
        })
        .filter_map(|dd| {
            let dt = dd.prev_siblings().find_map(scraper::ElementRef::wrap)?;
            Some(dt.select(&sel(".od-prop")).next()?.text().collect())
        })
        .collect();
    assert_eq!(
        marked,
        [
            "identifier",
            "publishername",
            "publisherphone",
            "publishermbox"
        ]
    );
}

#[test]
fn a_portal_that_is_not_a_demonstration_must_name_its_inn_person_and_phone() {
    let dir = site("small");
    let toml = dir.path().join("kadry.toml");
    let text = fs::read_to_string(&toml).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("inn") && !l.starts_with("responsible"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&toml, kept).unwrap();
    let out = dir.path().join("public");
    let Err(kadry::BuildError::Content(found)) = build(dir.path(), &out, AS_OF) else {
        panic!("the build should stop on the settings");
    };
    let err: String = found.iter().map(|d| format!("{}\n", d.message)).collect();
    assert!(err.contains("не указано поле inn (ИНН оператора)"), "{err}");
    assert!(
        err.contains("не указано поле responsible (ответственное лицо)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is published");
}
