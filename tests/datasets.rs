//! Datasets: every bad cell is reported as file:row:column (a repeated id,
//! a reference to no measure or organisation with the closest one), the
//! version date follows the table's commits and says when it does, and the
//! charts draw exactly the data.

mod common;

use common::{build, commit, committed, date, kadry, read, site, text};
use std::collections::{BTreeMap, BTreeSet};
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
    let (code, stderr) = common::check(root);
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
fn a_repeated_id() {
    let dir = site("real");
    // the ids are 1…16, one per row from line 2
    replace_line(dir.path(), SITES, 4, |l| l.replacen("3,", "2,", 1));
    replace_line(dir.path(), SITES, 6, |l| l.replacen("5,", "002,", 1));
    check_fails_with(
        dir.path(),
        &[
            "content/data/training-sites.csv:4:1: ошибка: строка 4: id «2» уже встречается в строке 3\n  \
             подсказка: у каждой строки свой id: новой строке дайте следующий свободный номер, 17; \
             если строка повторена по ошибке, удалите её",
            // an integer id is compared as a number
            "content/data/training-sites.csv:6:1: ошибка: строка 6: id «002» уже встречается в строке 3",
        ],
    );
}

#[test]
fn an_unknown_measure_or_organisation_names_the_closest() {
    let dir = site("real");
    let data = dir.path().join("content/data");
    fs::write(
        data.join("plan.toml"),
        "title = \"План\"
title_en = \"Plan\"
description = \"Кто что делает\"
description_en = \"Who does what; the owner and measures are checked\"
owner = \"dep-educaton\"
update_period = \"ежегодно\"
measures = [\"14.10\"]
created = 2019-01-01
updated = 2019-01-01

[[column]]
name = \"measure\"
title = \"Мероприятие\"
title_en = \"Measure\"
type = \"measure\"

[[column]]
name = \"executor\"
title = \"Исполнитель\"
title_en = \"Executor\"
type = \"organization\"
",
    )
    .unwrap();
    fs::write(
        data.join("plan.csv"),
        "measure,executor\n14.1,dep-education\n14.10,dep-econmy\nпервое,никто\n",
    )
    .unwrap();
    check_fails_with(
        dir.path(),
        &[
            "content/data/plan.toml:5:1: ошибка: владелец набора «dep-educaton» не найден в \
             content/organizations.toml\n  подсказка: возможно, имелось в виду «dep-education»; \
             id организаций — в content/organizations.toml",
            // the field's line, not the English description that names it
            "content/data/plan.toml:7:1: ошибка: мероприятие «14.10» не найдено в дорожной карте\n  \
             подсказка: возможно, имелось в виду «14.1»; номера — на странице /roadmap/",
            "content/data/plan.csv:3:1: ошибка: столбец «measure»: «14.10» — нет такого мероприятия\n  \
             подсказка: возможно, имелось в виду «14.1»; номера — на странице /roadmap/",
            "content/data/plan.csv:3:2: ошибка: столбец «executor»: «dep-econmy» — нет такой организации\n  \
             подсказка: возможно, имелось в виду «dep-economy»; id организаций — в content/organizations.toml",
            // nothing near: where to look
            "content/data/plan.csv:4:1: ошибка: столбец «measure»: «первое» — нет такого мероприятия\n  \
             подсказка: укажите номер мероприятия, например 14.1",
            "content/data/plan.csv:4:2: ошибка: столбец «executor»: «никто» — нет такой организации\n  \
             подсказка: укажите id из content/organizations.toml",
        ],
    );
}

#[test]
fn a_table_apart_from_its_description_is_named() {
    let dir = site("real");
    let data = dir.path().join("content/data");
    let sidecar = data.join("training-sites.toml");
    // an earlier version beside the tables, as [[previous]] names it
    fs::rename(
        data.join("archive/training-sites-2018-12-26.csv"),
        data.join("training-sites-2018.csv"),
    )
    .unwrap();
    let text = fs::read_to_string(&sidecar).unwrap();
    let text = text.replace(
        "archive/training-sites-2018-12-26.csv",
        "training-sites-2018.csv",
    );
    fs::write(&sidecar, &text).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date("2026-11-26")).unwrap();
    let data_warnings = roadmap
        .warnings
        .iter()
        .filter(|w| w.path.starts_with("content/data"));
    assert_eq!(data_warnings.count(), 0);

    // a table renamed away from its sidecar, and [[previous]] naming nothing
    fs::rename(
        data.join("top-professions.csv"),
        data.join("professions.csv"),
    )
    .unwrap();
    fs::write(
        &sidecar,
        text.replace("training-sites-2018.csv", "sites-2018.csv"),
    )
    .unwrap();
    check_fails_with(
        dir.path(),
        &[
            "content/data/top-professions.csv: ошибка: файл таблицы не найден\n  подсказка: \
             положите таблицу рядом с описанием набора, под тем же именем с окончанием .csv",
            "content/data/professions.csv: предупреждение: таблица не публикуется: у неё нет \
             описания набора content/data/professions.toml\n  подсказка: создайте описание с тем \
             же именем и окончанием .toml (образец — в docs/editing.md, раздел «Наборы данных»); \
             если это прежняя версия другого набора, перечислите её в [[previous]] его описания",
            "content/data/sites-2018.csv: ошибка: файл таблицы не найден\n  подсказка: проверьте \
             file = \"sites-2018.csv\" в [[previous]]: путь отсчитывается от папки content/data/",
            // the version no [[previous]] names any more
            "content/data/training-sites-2018.csv: предупреждение: таблица не публикуется",
        ],
    );
}

/// The training sites' current version date, and the warnings about
/// datasets, of the site at `root` as built on `as_of`.
fn sites_version(root: &Path, as_of: &str) -> (String, Vec<String>) {
    let (_, roadmap) = kadry::load_site(root, date(as_of)).unwrap();
    let sites = roadmap.datasets.iter().find(|d| d.name == "training-sites");
    let warnings = roadmap
        .warnings
        .iter()
        .filter(|w| w.path.starts_with("content/data"))
        .map(ToString::to_string)
        .collect();
    (sites.unwrap().updated.to_string(), warnings)
}

/// The dates of the published versions of the training sites.
fn published_versions(root: &Path, as_of: &str) -> BTreeSet<String> {
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    build(root, &out, as_of).unwrap();
    fs::read_dir(out.join("opendata/0000000000-kadry-training-sites"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let date = name.strip_prefix("data-")?.split('-').next()?.to_string();
            Some(date)
        })
        .collect()
}

#[test]
fn the_version_date_follows_the_tables_commits() {
    let dir = site("real");
    let root = dir.path();
    // without git: the sidecar's updated
    assert_eq!(
        sites_version(root, "2026-12-05"),
        ("2020-08-28".into(), vec![])
    );

    // the table added with its sidecar: the commit's date, nothing to warn of
    committed(root, "2026-11-20");
    assert_eq!(
        sites_version(root, "2026-12-05"),
        ("2026-11-20".into(), vec![])
    );

    // an edit not committed keeps the date, and says so
    replace_line(root, SITES, 3, |l| l.replacen(",10,86,", ",11,86,", 1));
    assert_eq!(
        sites_version(root, "2026-12-05"),
        (
            "2026-11-20".into(),
            vec![
                "content/data/training-sites.csv: предупреждение: таблица изменена, но правка \
                  не зафиксирована в git: портал покажет новые данные с датой прежней версии, \
                  2026-11-20\n  подсказка: зафиксируйте правку (git commit) до публикации: дата \
                  коммита станет датой новой версии набора"
                    .to_string()
            ]
        )
    );

    // committed without updated: the date of the commit, and a warning at updated
    commit(root, "more workplaces", "2026-12-01");
    let sidecar = fs::read_to_string(root.join("content/data/training-sites.toml")).unwrap();
    let line = sidecar
        .lines()
        .position(|l| l.starts_with("updated ="))
        .unwrap()
        + 1;
    assert_eq!(
        sites_version(root, "2026-12-05"),
        (
            "2026-12-01".into(),
            vec![format!(
                "content/data/training-sites.toml:{line}:1: предупреждение: таблица \
                 content/data/training-sites.csv изменена в git 2026-12-01, позже этого описания, \
                 а updated = 2020-08-28: датой текущей версии набора взята дата из git, 2026-12-01\n  \
                 подсказка: поставьте updated = 2026-12-01, дату изменения данных: по ней \
                 датируется версия, когда истории git нет (в копии папки без .git)"
            )]
        )
    );
    // the data files are named by it; the earlier version keeps its date
    assert_eq!(
        published_versions(root, "2026-12-05"),
        BTreeSet::from(["20181226".to_string(), "20261201".to_string()])
    );

    // updated bumped as the hint says: no warning, the date stays the table's
    fs::write(
        root.join("content/data/training-sites.toml"),
        sidecar.replace("updated = 2020-08-28", "updated = 2026-12-01"),
    )
    .unwrap();
    commit(root, "bump updated", "2026-12-02");
    assert_eq!(
        sites_version(root, "2026-12-05"),
        ("2026-12-01".into(), vec![])
    );
}

/// The message headings of the guide's chapter on datasets.
fn guide_messages() -> BTreeSet<String> {
    let guide = fs::read_to_string(common::repo().join("docs/editing.md")).unwrap();
    let (_, chapter) = guide.split_once("\n## Наборы данных\n").unwrap();
    chapter
        .lines()
        .filter_map(|l| l.strip_prefix("#### `")?.strip_suffix('`'))
        .map(str::to_string)
        .collect()
}

/// Mistakes in the shipped datasets, as the guide's examples make them.
fn make_the_guides_mistakes(root: &Path) {
    let data = root.join("content/data");
    replace_line(root, SITES, 2, |l| l.replacen(",workshop,", ",garage,", 1));
    replace_line(root, SITES, 3, |l| l.replacen(",10,86,", ",десять,86,", 1));
    replace_line(root, SITES, 4, |l| l.replacen("3,", "2,", 1));
    replace_line(root, SITES, 5, |l| {
        l.rsplit_once(',').unwrap().0.to_string()
    });
    let funding = "content/data/modernisation-funding.csv";
    replace_line(root, funding, 2, |l| {
        l.replacen("5100000.00", "5 100 000", 1)
    });
    let sidecar = data.join("modernisation-funding.toml");
    let mut text = fs::read_to_string(&sidecar).unwrap();
    text.push_str("\n[[previous]]\ndate = 2019-06-21\nfile = \"../secret.csv\"\n");
    fs::write(&sidecar, text).unwrap();
    let courses = data.join("online-courses.toml");
    let text = fs::read_to_string(&courses).unwrap();
    fs::write(&courses, text.replace("type = \"url\"", "type = \"link\"")).unwrap();
    // once committed, the rename is the old name's last commit: no version date
    fs::rename(
        data.join("top-professions.csv"),
        data.join("professions.csv"),
    )
    .unwrap();
    fs::write(
        data.join("plan.toml"),
        "title = \"План\"\ntitle_en = \"Plan\"\ndescription = \"\"\ndescription_en = \"\"
owner = \"dep-educaton\"\nupdate_period = \"\"\nmeasures = [\"14.10\"]
created = 2019-01-01\nupdated = 2019-01-01
[[column]]\nname = \"measure\"\ntitle = \"\"\ntitle_en = \"\"\ntype = \"measure\"
[[column]]\nname = \"executor\"\ntitle = \"\"\ntitle_en = \"\"\ntype = \"organization\"\n",
    )
    .unwrap();
    fs::write(
        data.join("plan.csv"),
        "measure,executor\n14.10,dep-econmy\n",
    )
    .unwrap();
}

#[test]
fn the_guide_explains_every_message_about_datasets() {
    let dir = site("real");
    let root = dir.path();
    committed(root, "2026-11-20");
    make_the_guides_mistakes(root);
    commit(root, "the guide's mistakes", "2026-12-01");
    // and an edit not committed
    replace_line(root, "content/data/workforce-demand.csv", 2, |l| {
        l.replacen(",2000", ",2001", 1)
    });
    let (code, stderr) = kadry(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-12-05",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let printed: BTreeSet<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("content/data/"))
        .filter_map(|l| {
            let (_, message) = l
                .split_once(": ошибка: ")
                .or_else(|| l.split_once(": предупреждение: "))?;
            Some(message)
        })
        .collect();
    assert_eq!(printed.len(), 15, "{stderr}");
    let guide = guide_messages();
    let missing: Vec<&&str> = printed.iter().filter(|m| !guide.contains(**m)).collect();
    assert!(missing.is_empty(), "not in the guide: {missing:#?}");
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
fn a_table_not_in_utf8_is_named_in_russian() {
    let dir = site("real");
    let path = dir.path().join(SITES);
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"17,\xff\xfe\n");
    fs::write(&path, bytes).unwrap();
    check_fails_with(
        dir.path(),
        &["ошибка: таблица не в кодировке UTF-8\n  подсказка: сохраните таблицу как CSV в кодировке UTF-8"],
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
