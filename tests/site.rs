//! Building sites end to end: pages, statuses against the as-of date,
//! reproducibility, atomic output and failures that name file and line.

mod common;

use common::{build, kadry, read, read_site, read_tree, site, text};
use std::fs;

#[test]
fn real_portal_has_every_stable_address() {
    let dir = site("real");
    let out = dir.path().join("public");
    let summary = build(dir.path(), &out, "2026-11-26").unwrap();
    assert_eq!(summary.measures, 74);
    for page in [
        "index.html",
        "roadmap/index.html",
        "roadmap/14/index.html",
        "roadmap/14/14.1/index.html",
        "roadmap/12/index.html",
        "executors/index.html",
        "executors/dep-education/index.html",
        "sitemap/index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let measure_pages = walkdir::WalkDir::new(out.join("roadmap"))
        .min_depth(3)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_name() == "index.html")
        .count();
    assert_eq!(measure_pages, 74);

    // The measure page carries its fields verbatim.
    let page = text(&read(&out, "roadmap/1/1.1/index.html"));
    for expected in [
        "Формирование рабочей группы (проектного офиса) по внедрению Стандарта (далее – рабочая группа)",
        "Создана площадка рабочего взаимодействия органов исполнительной власти для реализации проекта внедрения Стандарта",
        "Июль- август 2018",
        "Заместитель Губернатора Смоленской области О.В. Лобода",
        "Распоряжение Администрации Смоленской области",
    ] {
        assert!(page.contains(expected), "1.1 page lacks «{expected}»");
    }
}

#[test]
fn status_is_judged_against_the_as_of_date() {
    let dir = site("real");
    let late = dir.path().join("late");
    let early = dir.path().join("early");
    build(dir.path(), &late, "2026-11-26").unwrap();
    build(dir.path(), &early, "2018-06-01").unwrap();
    let page = text(&read(&late, "roadmap/9/9.4/index.html"));
    assert!(
        page.contains("Статус: ! срок истёк, отчёт не опубликован"),
        "{page}"
    );
    assert!(page.contains("Данные актуальны на 26 ноября 2026 г."));

    let roadmap = scraper::Html::parse_document(&read(&early, "roadmap/index.html"));
    let cells = scraper::Selector::parse(r#"td[data-label="Статус"]"#).unwrap();
    let statuses: Vec<String> = roadmap
        .select(&cells)
        .map(|c| c.text().collect::<String>())
        .collect();
    assert_eq!(statuses.len(), 74);
    assert!(
        statuses.iter().all(|s| s.trim() == "◷ запланировано"),
        "{statuses:?}"
    );
    let home = text(&read(&early, "index.html"));
    assert!(home.contains("запланировано — 74 мероприятия"), "{home}");
}

#[test]
fn status_changes_on_the_day_after_the_deadline() {
    let dir = site("small");
    let out = dir.path().join("out");
    build(dir.path(), &out, "2019-12-31").unwrap();
    assert!(read(&out, "roadmap/1/1.2/index.html").contains("status--planned"));
    build(dir.path(), &out, "2020-01-01").unwrap();
    assert!(read(&out, "roadmap/1/1.2/index.html").contains("status--overdue"));
}

#[test]
fn a_report_counts_from_its_date() {
    let dir = site("small");
    let out = dir.path().join("out");
    build(dir.path(), &out, "2018-08-09").unwrap();
    let page = text(&read(&out, "roadmap/1/1.1/index.html"));
    assert!(page.contains("Статус: ◷ запланировано"), "{page}");
    assert!(!out
        .join("reports/1.1/2018-08-10-gruppa/index.html")
        .exists());

    build(dir.path(), &out, "2018-08-10").unwrap();
    let page = text(&read(&out, "roadmap/1/1.1/index.html"));
    assert!(page.contains("Статус: ✓ выполнено"), "{page}");
    assert!(
        page.contains("Источник: отчёт от 10 августа 2018 г."),
        "{page}"
    );
    assert!(page.contains("демонстрационные данные"), "{page}");
    let report = text(&read(&out, "reports/1.1/2018-08-10-gruppa/index.html"));
    assert!(report.contains("Рабочая группа создана и провела первое заседание."));
    assert!(report.contains("Демонстрационные данные."));
    assert!(
        report.contains("Состав рабочей группы (CSV, 62 Б)"),
        "{report}"
    );
    assert_eq!(
        read(&out, "reports/1.1/files/sostav.csv"),
        read(dir.path(), "content/reports/1.1/files/sostav.csv")
    );
}

#[test]
fn report_history_is_newest_first_and_latest_decides() {
    let dir = site("small");
    let older = dir.path().join("content/reports/1.1/2018-07-20-nachalo.md");
    fs::write(
        &older,
        "+++\nmeasure = \"1.1\"\ndate = 2018-07-20\nstatus = \"in_progress\"\ntitle = \"Работа начата\"\nauthor = \"dep-a\"\n+++\nТекст.\n",
    )
    .unwrap();
    let later = dir.path().join("content/reports/1.1/2018-09-01-otmena.md");
    fs::write(
        &later,
        "+++\nmeasure = \"1.1\"\ndate = 2018-09-01\nstatus = \"cancelled\"\ntitle = \"Мероприятие отменено\"\nauthor = \"dep-a\"\n+++\nТекст.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let page = text(&read(&out, "roadmap/1/1.1/index.html"));
    assert!(page.contains("Статус: ✕ отменено"), "{page}");
    let first = page.find("Мероприятие отменено").unwrap();
    let second = page.find("Рабочая группа создана").unwrap();
    let third = page.find("Работа начата").unwrap();
    assert!(first < second && second < third, "{page}");
    // A cancelled measure stays listed, with its status, in the roadmap.
    let roadmap = text(&read(&out, "roadmap/index.html"));
    assert!(
        roadmap.contains("1.1 Формирование рабочей группы Июль- август 2018 Деп. А ✕ отменено"),
        "{roadmap}"
    );
}

#[test]
fn same_input_and_date_give_identical_bytes() {
    let dir = site("real");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build(dir.path(), &a, "2026-11-26").unwrap();
    build(dir.path(), &b, "2026-11-26").unwrap();
    let (ta, tb) = (read_site(&a), read_site(&b));
    assert!(ta.len() > 100);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "{} differs between builds",
            path.display()
        );
    }
}

#[test]
fn every_page_has_the_common_frame() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let title_sel = scraper::Selector::parse("title").unwrap();
    let crumbs_sel = scraper::Selector::parse("nav.breadcrumbs").unwrap();
    let sitemap_link = scraper::Selector::parse(r#"a[href="/sitemap/"]"#).unwrap();
    let menu = scraper::Selector::parse(r#"nav[aria-label="Главное меню"] a"#).unwrap();
    let mut titles = std::collections::BTreeSet::new();
    for (path, bytes) in read_tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = path.display().to_string();
        // The embeddable widget has no site chrome by design, and English
        // pages have their own strings (tests/investors.rs checks them).
        if name.starts_with("investors/embed/") || name.starts_with("en/") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let title: String = doc.select(&title_sel).next().unwrap().text().collect();
        assert!(
            title.contains("Кадры для роста Смоленской области"),
            "{name}"
        );
        assert!(
            titles.insert(title.clone()),
            "{name}: title «{title}» is not unique"
        );
        assert!(doc.select(&menu).count() >= 4, "{name}: main menu");
        assert!(
            doc.select(&sitemap_link).next().is_some(),
            "{name}: site map link"
        );
        assert!(
            text(&html).contains("Данные актуальны на 26 ноября 2026 г."),
            "{name}"
        );
        if name != "index.html" && name != "404.html" {
            assert!(
                doc.select(&crumbs_sel).next().is_some(),
                "{name}: breadcrumbs"
            );
        }
        assert!(
            html.starts_with("<!doctype html><html lang=ru>"),
            "{name}: not minified"
        );
    }
}

#[test]
fn counts_use_russian_plurals() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let home = text(&read(&out, "index.html"));
    assert!(home.contains("74 мероприятия"), "{home}");
    assert!(home.contains("1 мероприятие"), "section 3 has one measure");
    assert!(home.contains("15 мероприятий"), "section 8 has fifteen");
    assert!(home.contains("5 мероприятий"), "section 6 has five");
}

#[test]
fn sitemap_uses_the_base_url() {
    let dir = site("small");
    let out = dir.path().join("out");
    kadry::build(&kadry::BuildOptions {
        base_url: Some("https://portal.example.net/kadry".into()),
        ..kadry::BuildOptions::new(dir.path(), &out, common::date("2026-11-26"))
    })
    .unwrap();
    let xml = read(&out, "sitemap.xml");
    assert!(xml.contains("<loc>https://portal.example.net/kadry/roadmap/1/1.1/</loc>"));
    assert!(!xml.contains("404"));
    // One address per HTML page, except the 404 page.
    let pages = read_tree(&out)
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("404.html"))
        .count();
    assert_eq!(xml.matches("<loc>").count(), pages, "{xml}");
    assert!(
        read(&out, "robots.txt").contains("Sitemap: https://portal.example.net/kadry/sitemap.xml")
    );
    // Links inside pages follow the sub-path.
    assert!(read(&out, "index.html").contains("href=/kadry/roadmap/"));
}

#[test]
fn no_request_to_another_host() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let loads = scraper::Selector::parse(
        "script[src], img[src], iframe[src], link[rel=stylesheet], link[rel=icon], source[src]",
    )
    .unwrap();
    for (path, bytes) in read_tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        for el in doc.select(&loads) {
            let url = el.attr("src").or(el.attr("href")).unwrap_or("");
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{}: loads {url}",
                path.display()
            );
        }
    }
}

#[test]
fn broken_toml_fails_with_file_and_line_and_keeps_the_old_site() {
    let dir = site("small");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let before = read_tree(&out);

    let measure = dir.path().join("content/roadmap/01/1.2.md");
    let text = fs::read_to_string(&measure).unwrap();
    fs::write(
        &measure,
        text.replace("title = \"Анализ ситуации\"", "title = \"Анализ ситуации"),
    )
    .unwrap();

    let root = dir.path().to_str().unwrap();
    let (code, stderr) = kadry(&["build", "--root", root, "--as-of", "2026-11-26"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/roadmap/01/1.2.md:3:"), "{stderr}");
    assert!(stderr.contains("ошибка"), "{stderr}");
    assert!(stderr.contains("подсказка"), "{stderr}");
    assert_eq!(before, read_tree(&out), "the previous site changed");
    let siblings: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-") || n.starts_with(".public.old-"))
        .collect();
    assert!(siblings.is_empty(), "staging left behind: {siblings:?}");
}

#[test]
fn all_content_errors_are_reported_at_once() {
    let dir = site("small");
    let m1 = dir.path().join("content/roadmap/01/1.1.md");
    let t = fs::read_to_string(&m1).unwrap();
    fs::write(
        &m1,
        t.replace("[\"dep-a\"]", "[\"dep-x\"]")
            .replace("2018-07/2018-08", "2018-13"),
    )
    .unwrap();
    let m2 = dir.path().join("content/roadmap/01/1.2.md");
    let t = fs::read_to_string(&m2).unwrap();
    fs::write(
        &m2,
        t.replace("id = \"1.2\"", "id = \"1.1\"")
            .replace("Реализация", "Внедрение"),
    )
    .unwrap();

    let err = match build(dir.path(), &dir.path().join("out"), "2026-11-26") {
        Err(kadry::BuildError::Content(d)) => d,
        other => panic!("expected content errors, got {:?}", other.err()),
    };
    let lines: Vec<String> = err.iter().map(|d| d.to_string()).collect();
    let all = lines.join("\n");
    assert!(
        all.contains("content/roadmap/01/1.1.md:7:1: ошибка: исполнитель «dep-x» не найден"),
        "{all}"
    );
    assert!(
        all.contains("content/roadmap/01/1.1.md:5:1: ошибка: неверный срок"),
        "{all}"
    );
    assert!(
        all.contains("content/roadmap/01/1.2.md:2:1: ошибка: мероприятие «1.1» уже описано"),
        "{all}"
    );
    assert!(
        all.contains("content/roadmap/01/1.2.md:8:1: ошибка: неизвестный этап «Внедрение»"),
        "{all}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_rebuild_leaves_unchanged_files_untouched() {
    use std::os::unix::fs::MetadataExt;
    let dir = site("small");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let before = |rel: &str| fs::metadata(out.join(rel)).unwrap();
    let (home, report, section) = (
        before("index.html"),
        before("reports/1.1/2018-08-10-gruppa/index.html"),
        before("roadmap/1/index.html"),
    );

    // the same input again: every file is the very same file
    build(dir.path(), &out, "2026-11-26").unwrap();
    let after = |rel: &str| fs::metadata(out.join(rel)).unwrap();
    assert_eq!(after("index.html").ino(), home.ino());
    assert_eq!(
        after("roadmap/1/index.html").mtime_nsec(),
        section.mtime_nsec()
    );

    // a change to one report's body rewrites its page, not the others
    let report_file = dir.path().join("content/reports/1.1/2018-08-10-gruppa.md");
    let edited = fs::read_to_string(&report_file).unwrap() + "\nДобавлен абзац о заседании.\n";
    fs::write(&report_file, edited).unwrap();
    build(dir.path(), &out, "2026-11-26").unwrap();
    let page = "reports/1.1/2018-08-10-gruppa/index.html";
    assert_ne!(after(page).ino(), report.ino());
    assert!(read(&out, page).contains("Добавлен абзац о заседании."));
    assert_eq!(after("roadmap/1/index.html").ino(), section.ino());
}
