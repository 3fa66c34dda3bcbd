//! Datasets: every bad cell is reported as file:row:column, and the charts
//! draw exactly the data.

mod common;

use common::{build, kadry, read, site, text};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const SITES: &str = "content/data/training-sites.csv";

fn replace_line(root: &Path, file: &str, line: usize, f: impl Fn(&str) -> String) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() })
        .collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn check_fails_with(root: &Path, expected: &[&str]) {
    let (code, stderr) = kadry(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-26",
    ]);
    assert_eq!(code, 1, "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "no «{e}» in\n{stderr}");
    }
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_cell_of_the_wrong_type() {
    let dir = site("real");
    replace_line(dir.path(), SITES, 3, |l| {
        l.replacen(",10,86,", ",десять,86,", 1)
    });
    check_fails_with(
        dir.path(),
        &["content/data/training-sites.csv:3:7: ошибка: столбец «workplaces»: «десять» — не целое число"],
    );
}

#[test]
fn a_value_outside_the_enum() {
    let dir = site("real");
    replace_line(dir.path(), SITES, 2, |l| {
        l.replacen(",workshop,", ",garage,", 1)
    });
    check_fails_with(
        dir.path(),
        &["content/data/training-sites.csv:2:3: ошибка: столбец «kind»: «garage» — недопустимое значение"],
    );
}

#[test]
fn an_unknown_reference() {
    let dir = site("real");
    let sidecar = dir.path().join("content/data/training-sites.toml");
    let text = fs::read_to_string(&sidecar).unwrap();
    // Declare the organisation column as a reference to the registry: its
    // cells are names, not ids, so every one of them is unknown.
    let i = text.find("name = \"organization\"").unwrap();
    let j = i + text[i..].find("type = \"string\"").unwrap();
    let changed = format!("{}type = \"organization\"{}", &text[..j], &text[j + 15..]);
    fs::write(&sidecar, changed).unwrap();
    check_fails_with(
        dir.path(),
        &["content/data/training-sites.csv:2:5: ошибка: столбец «organization»: «Колледж № 1 (г. Смоленск)» — нет такой организации"],
    );
}

#[test]
fn a_missing_column() {
    let dir = site("real");
    let path = dir.path().join(SITES);
    let text = fs::read_to_string(&path).unwrap();
    let cut: Vec<String> = text
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            [&cells[..6], &cells[7..]].concat().join(",")
        })
        .collect();
    fs::write(&path, cut.join("\n") + "\n").unwrap();
    check_fails_with(
        dir.path(),
        &["content/data/training-sites.csv:1:1: ошибка: в таблице нет столбцов: workplaces"],
    );
}

#[test]
fn a_ragged_row() {
    let dir = site("real");
    replace_line(dir.path(), SITES, 4, |l| {
        l.rsplit_once(',').unwrap().0.to_string()
    });
    check_fails_with(
        dir.path(),
        &["content/data/training-sites.csv:4:8: ошибка: в строке 8 значений, а столбцов 9"],
    );
}

#[test]
fn a_bad_dataset_keeps_the_previous_site() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let before = common::read_tree(&out);
    replace_line(
        dir.path(),
        "content/data/modernisation-funding.csv",
        2,
        |l| l.replacen("5100000.00", "5 100 000", 1),
    );
    let (code, stderr) = kadry(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-26",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("content/data/modernisation-funding.csv:2:4:"),
        "{stderr}"
    );
    assert!(common::read_tree(&out) == before);
}

/// Reads a CSV of the shipped content into rows of column → value.
fn rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(common::repo().join(file)).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn charts_draw_exactly_the_data() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let page = text(&read(
        &out,
        "infrastructure/modernisation-funding/index.html",
    ));

    let mut by_year: BTreeMap<String, f64> = BTreeMap::new();
    for row in rows("content/data/modernisation-funding.csv") {
        *by_year.entry(row["year"].clone()).or_default() +=
            row["planned_rub"].parse::<f64>().unwrap();
    }
    assert!(by_year.len() >= 2);
    for (year, sum) in &by_year {
        let millions = format!("{:.1}", sum / 1e6).replace('.', ",");
        let millions = millions.trim_end_matches(",0");
        // The bar's label in the SVG, and the row of the table alternative.
        assert!(
            page.contains(&format!("{year} {millions} млн ₽")),
            "{year}: {millions} not drawn"
        );
        assert!(
            page.contains(&format!("{year} ")),
            "{year} missing from the table"
        );
    }

    let sites = rows(SITES);
    let workshops: Vec<f64> = sites
        .iter()
        .filter(|r| r["kind"] == "workshop")
        .map(|r| r["equipment_pct"].parse().unwrap())
        .collect();
    let average = (workshops.iter().sum::<f64>() / workshops.len() as f64).round();
    let page = text(&read(&out, "infrastructure/training-sites/index.html"));
    assert!(
        page.contains(&format!("мастерская {average} %")),
        "average {average} not drawn"
    );
    assert!(page.contains("Данные диаграммы таблицей"));
}
