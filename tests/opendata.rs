//! Open data per the Russian open-data methodology v3.0: the registry
//! `list.csv`, a passport `meta.csv` per dataset, versioned data files in CSV
//! and JSON that read back to exactly the source rows, structure files, HTML
//! passport pages, and version dates that come from the content.

mod common;

use common::opendata::{
    assert_rfc4180_bytes, content_datasets, is_ymd, read_csv, read_csv_file, read_json, read_meta,
    value, ymd,
};
use common::{build, read, read_tree, site, text};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-26";
const STANDARD: &str = "http://opendata.gosmonitor.ru/standard/3.0";
const BASE_URL: &str = "https://kadry.example.org/";
const PASSPORT_FIELDS: [&str; 14] = [
    "standardversion",
    "identifier",
    "title",
    "description",
    "creator",
    "created",
    "modified",
    "subject",
    "format",
    "publishername",
    "publisherphone",
    "publishermbox",
    "valid",
    "provenance",
];

/// A dataset as published: its data versions (date → rows, newest first) and header.
struct Published {
    header: Vec<String>,
    versions: Vec<(String, Vec<Vec<String>>)>,
    meta: Vec<(String, String)>,
}

/// Reads a dataset back from the built site and checks its files against
/// each other and against the methodology; returns what it holds.
fn check_dataset(out: &Path, id: &str, base_url: &str) -> Published {
    let meta = read_meta(out, id);
    for field in PASSPORT_FIELDS {
        value(&meta, field);
    }
    assert_eq!(value(&meta, "standardversion"), STANDARD);
    assert_eq!(value(&meta, "identifier"), id);
    assert_eq!(value(&meta, "format"), "csv");
    // every property of the methodology's passport has a value
    for field in PASSPORT_FIELDS {
        assert!(
            !value(&meta, field).trim().is_empty(),
            "{id}: empty {field}"
        );
    }
    // `<ИНН>-<код>`: ten digits, a hyphen, then the set's code
    let (inn, code) = id.split_once('-').unwrap();
    assert!(
        inn.len() == 10 && inn.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    assert!(code.starts_with("kadry-"), "{id}");
    let created = value(&meta, "created").to_string();
    let modified = value(&meta, "modified").to_string();
    assert!(
        is_ymd(&created) && is_ymd(&modified),
        "{id}: {created} {modified}"
    );
    assert!(
        created <= modified,
        "{id}: created {created} after modified {modified}"
    );
    assert_eq!(value(&meta, "valid"), modified, "{id}: valid");

    let folder = format!("{base_url}opendata/{id}/");
    let structure_key = format!("structure-{created}");
    let structure_rows: Vec<_> = meta
        .iter()
        .filter(|(p, _)| p.starts_with("structure-"))
        .collect();
    assert_eq!(structure_rows.len(), 1, "{id}: one structure row");
    assert_eq!(structure_rows[0].0, structure_key);
    assert_eq!(structure_rows[0].1, format!("{folder}{structure_key}.csv"));
    let structure_bytes = fs::read(out.join(format!("opendata/{id}/{structure_key}.csv"))).unwrap();
    assert_rfc4180_bytes(&structure_bytes, &format!("{id}/{structure_key}.csv"));
    let (s_header, s_rows) = read_csv(&structure_bytes);
    assert_eq!(
        s_header,
        [
            "field name",
            "english description",
            "russian description",
            "format"
        ]
    );
    for r in &s_rows {
        assert!(
            ["string", "integer", "decimal", "date"].contains(&r[3].as_str()),
            "{id}: format {}",
            r[3]
        );
        assert!(
            !r[1].is_empty() && !r[2].is_empty(),
            "{id}: field {} without description",
            r[0]
        );
    }
    let fields: Vec<String> = s_rows.iter().map(|r| r[0].clone()).collect();

    let mut versions = Vec::new();
    for (key, url) in meta.iter().filter(|(p, _)| p.starts_with("data-")) {
        let date = key
            .strip_prefix("data-")
            .and_then(|k| k.strip_suffix(&format!("-structure-{created}")))
            .unwrap_or_else(|| panic!("{id}: data row {key} does not name structure {created}"));
        assert!(is_ymd(date), "{id}: {key}");
        assert_eq!(url, &format!("{folder}{key}.csv"), "{id}: URL of {key}");
        let csv_bytes = fs::read(out.join(format!("opendata/{id}/{key}.csv"))).unwrap();
        assert_rfc4180_bytes(&csv_bytes, &format!("{id}/{key}.csv"));
        let (header, rows) = read_csv(&csv_bytes);
        assert_eq!(
            header, fields,
            "{id}/{key}.csv: header is not the structure's fields in order"
        );
        let json = fs::read(out.join(format!("opendata/{id}/{key}.json"))).unwrap();
        assert!(!json.starts_with(b"\xef\xbb\xbf"), "{id}/{key}.json: BOM");
        let json_rows = read_json(&json, &header, &format!("{id}/{key}.json"));
        assert_eq!(json_rows, rows, "{id}/{key}: JSON and CSV differ");
        versions.push((date.to_string(), rows));
    }
    assert!(!versions.is_empty(), "{id}: no data version");
    assert_eq!(
        versions[0].0, modified,
        "{id}: the first data row is the current version"
    );
    let mut dates: Vec<&String> = versions.iter().map(|(d, _)| d).collect();
    dates.dedup();
    assert_eq!(
        dates.len(),
        versions.len(),
        "{id}: two versions with one date"
    );
    assert!(
        dates.windows(2).all(|w| w[0] > w[1]),
        "{id}: versions not newest first: {dates:?}"
    );
    Published {
        header: fields,
        versions,
        meta,
    }
}

#[test]
fn every_dataset_is_published_and_reads_back_to_its_source() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let sidecars = content_datasets(dir.path());

    // The registry.
    let list = fs::read(out.join("opendata/list.csv")).unwrap();
    assert_rfc4180_bytes(&list, "list.csv");
    let (header, mut rows) = read_csv(&list);
    assert_eq!(header, ["property", "title", "value", "format"]);
    // methodology v3.0: the first row names its version
    assert_eq!(
        rows.remove(0),
        [
            "standardversion",
            "Версия методических рекомендаций",
            "http://opendata.gosmonitor.ru/standard/3.0",
            ""
        ]
    );
    let listed: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    let mut expected: BTreeSet<String> = sidecars
        .keys()
        .map(|n| format!("0000000000-kadry-{n}"))
        .collect();
    expected.insert("0000000000-kadry-roadmap".into());
    expected.insert("0000000000-kadry-reports".into());
    expected.insert("0000000000-kadry-organizations".into());
    assert_eq!(listed, expected);
    assert_eq!(rows.len(), expected.len(), "a dataset is listed twice");
    for r in &rows {
        assert_eq!(r[2], format!("{BASE_URL}opendata/{}/meta.csv", r[0]));
        assert_eq!(r[3], "csv");
        let meta = read_meta(&out, &r[0]);
        assert_eq!(
            value(&meta, "title"),
            r[1],
            "{}: title in list.csv and meta.csv",
            r[0]
        );
    }

    // Content datasets: the current version and every earlier one, cell for cell.
    for (name, sidecar) in &sidecars {
        let id = format!("0000000000-kadry-{name}");
        let p = check_dataset(&out, &id, BASE_URL);
        let source = |file: &str| read_csv_file(&dir.path().join("content/data").join(file));
        let (src_header, src_rows) = source(&format!("{name}.csv"));
        assert_eq!(p.header, src_header, "{id}: header");
        assert_eq!(
            value(&p.meta, "created"),
            ymd(&sidecar["created"]),
            "{id}: created"
        );
        assert_eq!(
            value(&p.meta, "modified"),
            ymd(&sidecar["updated"]),
            "{id}: modified"
        );
        assert_eq!(p.versions[0].1, src_rows, "{id}: current rows");
        let previous = sidecar
            .get("previous")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        assert_eq!(p.versions.len(), 1 + previous.len(), "{id}: versions");
        for prev in &previous {
            let date = ymd(&prev["date"]);
            let (h, rows) = source(prev["file"].as_str().unwrap());
            assert_eq!(h, p.header);
            let published = p.versions.iter().find(|(d, _)| *d == date);
            assert_eq!(
                published.map(|(_, r)| r),
                Some(&rows),
                "{id}: version {date}"
            );
        }
        let owner = sidecar["owner"].as_str().unwrap();
        let orgs: toml::Value =
            toml::from_str(&read(dir.path(), "content/organizations.toml")).unwrap();
        let owner_name = orgs["organization"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"].as_str() == Some(owner))
            .and_then(|o| o["name"].as_str())
            .unwrap();
        assert_eq!(value(&p.meta, "creator"), owner_name, "{id}: creator");
        if sidecar.get("demo").and_then(|v| v.as_bool()) == Some(true) {
            assert!(
                value(&p.meta, "provenance").contains("Демонстрационные данные"),
                "{id}"
            );
        }
    }
    // training-sites keeps its first version beside the current one.
    if sidecars.contains_key("training-sites") {
        let p = check_dataset(&out, "0000000000-kadry-training-sites", BASE_URL);
        assert!(
            p.versions.len() >= 2,
            "training-sites: earlier version not published"
        );
    }

    // The roadmap with derived statuses.
    let p = check_dataset(&out, "0000000000-kadry-roadmap", BASE_URL);
    assert_eq!(p.versions.len(), 1);
    let rows = &p.versions[0].1;
    assert_eq!(rows.len(), 74);
    let col = |name: &str| p.header.iter().position(|h| h == name).unwrap();
    let m141 = rows.iter().find(|r| r[col("id")] == "14.1").unwrap();
    assert_eq!(m141[col("section")], "14");
    assert_eq!(m141[col("deadline")], "2018-12");
    assert_eq!(m141[col("deadline_text")], "Декабрь 2018");
    assert_eq!(m141[col("responsible")], "dep-education");
    assert_eq!(m141[col("status")], "done");
    assert_eq!(m141[col("status_label")], "выполнено");
    assert_eq!(m141[col("status_date")], "2018-12-26");
    assert_eq!(
        m141[col("report_url")],
        format!("{BASE_URL}reports/14.1/2018-12-26-inventarizaciya-zavershena/")
    );
    // Measure 1.1 has no report and its deadline (August 2018) has passed.
    let m11 = rows.iter().find(|r| r[col("id")] == "1.1").unwrap();
    assert_eq!(m11[col("status")], "overdue");
    assert_eq!(
        (
            m11[col("status_date")].as_str(),
            m11[col("report_url")].as_str()
        ),
        ("", "")
    );
    let ids: Vec<&str> = rows.iter().map(|r| r[col("id")].as_str()).collect();
    assert_eq!(&ids[..3], ["1.1", "1.2", "1.3"], "roadmap order");
    // Every report address is a page of the site.
    for r in rows.iter().filter(|r| !r[col("report_url")].is_empty()) {
        let path = r[col("report_url")].strip_prefix(BASE_URL).unwrap();
        assert!(out.join(path).join("index.html").is_file(), "{path}");
    }
    // The version date is the newest report (2020-10-15): every deadline had passed before it.
    assert_eq!(value(&p.meta, "modified"), "20201015");

    // The reports index.
    let p = check_dataset(&out, "0000000000-kadry-reports", BASE_URL);
    let report_files = walkdir::WalkDir::new(dir.path().join("content/reports"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    let rows = &p.versions[0].1;
    assert_eq!(rows.len(), report_files);
    assert_eq!(
        p.header,
        ["measure", "date", "status", "title", "author", "demo", "url"]
    );
    let newest = rows.iter().map(|r| r[1].replace('-', "")).max().unwrap();
    assert_eq!(value(&p.meta, "modified"), newest);
    for r in rows {
        let path = r[6].strip_prefix(BASE_URL).unwrap();
        assert!(out.join(path).join("index.html").is_file(), "{path}");
        assert!(["true", "false"].contains(&r[5].as_str()));
    }
}

#[test]
fn the_same_as_of_gives_the_same_bytes() {
    let dir = site("real");
    let opendata = |name: &str| {
        let out = dir.path().join(name);
        build(dir.path(), &out, AS_OF).unwrap();
        read_tree(&out.join("opendata"))
    };
    let (a, b) = (opendata("a"), opendata("b"));
    assert!(a.len() > 10);
    assert_same(&a, &b, "opendata/");
}

/// The data files of one dataset's folder, by name (its HTML page carries
/// the as-of date in the footer, so it is left out, with its compressed
/// twins).
fn folder(out: &Path, id: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = read_tree(&out.join(format!("opendata/{id}")));
    assert!(
        files.remove(Path::new("index.html")).is_some(),
        "{id}: no page"
    );
    files.retain(|p, _| !p.to_string_lossy().starts_with("index.html."));
    files
}

/// Asserts two folders hold the same files, naming the first that differs.
fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: files"
    );
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{what}: {} differs", path.display());
    }
}

#[test]
fn a_passing_deadline_changes_only_the_roadmap_version() {
    // No report is dated between these days; measures due in December 2019
    // without a report become overdue on 1 January 2020.
    let dir = site("real");
    let before = dir.path().join("before");
    let after = dir.path().join("after");
    build(dir.path(), &before, "2019-12-31").unwrap();
    build(dir.path(), &after, "2020-01-02").unwrap();

    let roadmap =
        |out: &Path| value(&read_meta(out, "0000000000-kadry-roadmap"), "modified").to_string();
    assert_eq!(
        roadmap(&before),
        "20191220",
        "the newest report on or before 31 December 2019"
    );
    assert_eq!(roadmap(&after), "20200101");
    assert!(out_has(
        &after,
        "opendata/0000000000-kadry-roadmap/data-20200101-structure-20180101.csv"
    ));
    assert!(!out_has(
        &after,
        "opendata/0000000000-kadry-roadmap/data-20191220-structure-20180101.csv"
    ));

    assert_same(
        &folder(&before, "0000000000-kadry-reports"),
        &folder(&after, "0000000000-kadry-reports"),
        "0000000000-kadry-reports",
    );
    assert_eq!(
        value(&read_meta(&after, "0000000000-kadry-reports"), "modified"),
        "20191220"
    );
    for name in content_datasets(dir.path()).keys() {
        let id = format!("0000000000-kadry-{name}");
        assert_same(&folder(&before, &id), &folder(&after, &id), &id);
    }
}

fn out_has(out: &Path, rel: &str) -> bool {
    out.join(rel).is_file()
}

#[test]
fn tricky_values_and_several_versions_round_trip() {
    let dir = site("small");
    let data = dir.path().join("content/data");
    fs::create_dir_all(data.join("archive")).unwrap();
    let header = "id,name,measure,owner,amount,opened,note\n";
    let current = [
        "1,\"Площадка «Север», корпус 2\",1.1,dep-a,1250.50,2019-03-01,\"Сказано: \"\"готово\"\"\"\n",
        "2,Мастерская,1.2,dep-b,-3,2019-04-15,\"две\nстроки\"\n",
        "3,Пустая заметка,1.2,dep-a,0,2019-05-20,\n",
    ]
    .concat();
    fs::write(data.join("sites.csv"), format!("{header}{current}")).unwrap();
    fs::write(
        data.join("archive/sites-2018.csv"),
        format!("{header}1,Старая,1.1,dep-a,1,2018-10-01,\n"),
    )
    .unwrap();
    fs::write(
        data.join("archive/sites-2019.csv"),
        format!(
            "{header}1,Средняя,1.1,dep-a,2,2019-01-10,x\n2,Вторая,1.2,dep-b,3.5,2019-01-11,y\n"
        ),
    )
    .unwrap();
    fs::write(
        data.join("sites.toml"),
        r#"title = "Площадки"
title_en = "Sites"
description = "Тестовый набор."
description_en = "A test dataset."
owner = "dep-b"
keywords = ["площадки", "тест"]
update_period = "ежегодно"
measures = ["1.1", "1.2"]
demo = true
created = 2018-10-01
updated = 2019-06-01

[[column]]
name = "id"
title = "Номер"
title_en = "Number"
type = "integer"

[[column]]
name = "name"
title = "Название"
title_en = "Name"
type = "string"

[[column]]
name = "measure"
title = "Мероприятие"
title_en = "Measure"
type = "measure"

[[column]]
name = "owner"
title = "Организация"
title_en = "Organisation"
type = "organization"

[[column]]
name = "amount"
title = "Сумма"
title_en = "Amount"
type = "decimal"

[[column]]
name = "opened"
title = "Открыта"
title_en = "Opened"
type = "date"

[[column]]
name = "note"
title = "Примечание"
title_en = "Note"
type = "string"
optional = true

[[previous]]
date = 2019-01-15
file = "archive/sites-2019.csv"

[[previous]]
date = 2018-10-01
file = "archive/sites-2018.csv"
"#,
    )
    .unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let base = "https://test.example.org/";

    let p = check_dataset(&out, "9900000000-kadry-sites", base);
    let dates: Vec<&str> = p.versions.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(dates, ["20190601", "20190115", "20181001"]);
    let (_, rows) = read_csv(format!("{header}{current}").as_bytes());
    assert_eq!(p.versions[0].1, rows);
    assert_eq!(p.versions[0].1[0][1], "Площадка «Север», корпус 2");
    assert_eq!(p.versions[0].1[0][6], "Сказано: \"готово\"");
    assert_eq!(p.versions[0].1[1][6], "две\nстроки");
    assert_eq!(
        p.versions[2].1,
        [["1", "Старая", "1.1", "dep-a", "1", "2018-10-01", ""]]
    );
    assert_eq!(value(&p.meta, "creator"), "Департамент Б");
    assert_eq!(value(&p.meta, "subject"), "площадки,тест");
    assert_eq!(value(&p.meta, "publishername"), "Тестов Тест Тестович");
    assert_eq!(value(&p.meta, "publishermbox"), "test@example.org");
    let structure =
        read_csv_file(&out.join("opendata/9900000000-kadry-sites/structure-20181001.csv")).1;
    let formats: Vec<&str> = structure.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(
        formats,
        ["integer", "string", "string", "string", "decimal", "date", "string"]
    );
    assert_eq!(structure[1], ["name", "Name", "Название", "string"]);

    // The generated datasets exist on a small site too.
    let roadmap = check_dataset(&out, "9900000000-kadry-roadmap", base);
    assert_eq!(roadmap.versions[0].1.len(), 2);
    let reports = check_dataset(&out, "9900000000-kadry-reports", base);
    assert_eq!(reports.versions[0].1.len(), 1);
    assert_eq!(value(&reports.meta, "modified"), "20180810");

    // The passport page links every version and the measures with their status.
    let html = read(&out, "opendata/9900000000-kadry-sites/index.html");
    let doc = scraper::Html::parse_document(&html);
    let a = scraper::Selector::parse("a[href]").unwrap();
    let hrefs: BTreeSet<&str> = doc
        .select(&a)
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    for d in ["20190601", "20190115", "20181001"] {
        let name = format!("/opendata/9900000000-kadry-sites/data-{d}-structure-20181001");
        assert!(hrefs.contains(format!("{name}.csv").as_str()), "{name}.csv");
        assert!(
            hrefs.contains(format!("{name}.json").as_str()),
            "{name}.json"
        );
    }
    let t = text(&html);
    assert!(t.contains("1.1. Формирование рабочей группы"), "{t}");
    assert!(t.contains("выполнено"), "1.1's status");
    assert!(t.contains("Демонстрационные данные"), "demo notice");
    // The registry page counts in Russian: 4 datasets (three built in).
    assert!(text(&read(&out, "opendata/index.html")).contains("4 набора данных"));
}
