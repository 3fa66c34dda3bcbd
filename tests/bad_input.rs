//! A catalog of editor mistakes. Each is planted in a copy of the small
//! fixture site; `kadry check` must exit 1 naming the file, the line where
//! there is one, and the problem, and `kadry build` must fail without
//! touching the previous site. Nothing may panic.

mod common;

use common::{assert_all_refused, assert_golden_text, build, kadry, site, Case};
use std::fs;
use std::path::Path;

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks «{from}»");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const REPORT: &str = "content/reports/1.1/2018-08-10-gruppa.md";
const MEASURE: &str = "content/roadmap/01/1.2.md";

fn body(root: &Path, markdown: &str) {
    let path = root.join(REPORT);
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(markdown);
    fs::write(path, text).unwrap();
}

const CASES: &[Case] = &[
    Case {
        name: "unknown measure in a report",
        plant: |r| edit(r, REPORT, "measure = \"1.1\"", "measure = \"1.9\""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:2:",
        message: "мероприятие «1.9» не найдено",
    },
    Case {
        name: "unknown organisation in a measure",
        plant: |r| edit(r, MEASURE, "\"dep-b\"", "\"dep-c\""),
        location: "content/roadmap/01/1.2.md:9:",
        message: "исполнитель «dep-c» не найден",
    },
    Case {
        name: "unknown report author",
        plant: |r| edit(r, REPORT, "author = \"dep-a\"", "author = \"dep-z\""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:6:",
        message: "автор «dep-z» не найден",
    },
    Case {
        name: "duplicate measure id",
        plant: |r| edit(r, MEASURE, "id = \"1.2\"", "id = \"1.1\""),
        location: "content/roadmap/01/1.2.md:2:",
        message: "мероприятие «1.1» уже описано в content/roadmap/01/1.1.md",
    },
    Case {
        name: "duplicate report address",
        plant: |r| {
            let text = fs::read_to_string(r.join(REPORT)).unwrap();
            write(r, "content/reports/1.1/2018-08-10-Gruppa.md", &text);
        },
        location: "content/reports/1.1/2018-08-10-gruppa.md:",
        message: "адрес отчёта /reports/1.1/2018-08-10-gruppa/ уже занят",
    },
    Case {
        name: "duplicate organisation",
        plant: |r| {
            let path = r.join("content/organizations.toml");
            let mut text = fs::read_to_string(&path).unwrap();
            text.push_str("\n[[organization]]\nid = \"dep-a\"\nname = \"Ещё А\"\nshort_name = \"А\"\nkind = \"department\"\n");
            fs::write(path, text).unwrap();
        },
        location: "content/organizations.toml:2:",
        message: "организация «dep-a» указана в реестре дважды",
    },
    Case {
        name: "duplicate section",
        plant: |r| {
            edit(
                r,
                "content/roadmap/02/_index.md",
                "id = \"2\"",
                "id = \"1\"",
            )
        },
        location: "content/roadmap/02/_index.md:2:",
        message: "раздел «1» уже описан",
    },
    Case {
        name: "unclosed string in a measure",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "title = \"Анализ ситуации\"",
                "title = \"Анализ ситуации",
            )
        },
        location: "content/roadmap/01/1.2.md:3:9:",
        message: "не закрыта кавычка в поле «title»\n  подсказка: поставьте \" в конце текста: title = \"Анализ ситуации\"",
    },
    Case {
        name: "malformed organisations registry",
        plant: |r| {
            edit(
                r,
                "content/organizations.toml",
                "kind = \"department\"",
                "kind = department",
            )
        },
        location: "content/organizations.toml:5:8",
        message: "значение поля «kind» записано без кавычек",
    },
    Case {
        name: "malformed site settings",
        plant: |r| {
            edit(
                r,
                "kadry.toml",
                "title = \"Тестовый портал\"",
                "title = Тестовый портал",
            )
        },
        location: "kadry.toml:1:9",
        message: "значение поля «title» записано без кавычек",
    },
    Case {
        name: "unterminated front matter",
        plant: |r| write(r, MEASURE, "+++\nid = \"1.2\"\ntitle = \"x\"\n"),
        location: "content/roadmap/01/1.2.md:1:",
        message: "блок свойств не закрыт",
    },
    Case {
        name: "no front matter",
        plant: |r| write(r, REPORT, "Просто текст отчёта без свойств.\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:1:",
        message: "файл должен начинаться со строки «+++»",
    },
    Case {
        name: "missing required field",
        plant: |r| edit(r, REPORT, "title = \"Рабочая группа создана\"\n", ""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:",
        message: "не указано обязательное поле «title»",
    },
    Case {
        name: "unknown field suggests the closest",
        plant: |r| edit(r, REPORT, "title = ", "titel = "),
        location: "content/reports/1.1/2018-08-10-gruppa.md:5:",
        message: "неизвестное поле «titel»\n  подсказка: возможно, имелось в виду «title»",
    },
    Case {
        name: "impossible date",
        plant: |r| edit(r, REPORT, "date = 2018-08-10", "date = 2019-02-30"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:3:8:",
        message: "дата «2019-02-30» не существует\n  подсказка: в феврале 2019 года 28 дней",
    },
    Case {
        name: "date in Russian notation",
        plant: |r| edit(r, REPORT, "date = 2018-08-10", "date = \"10.08.2018\""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:3:",
        message: "дата «10.08.2018» не существует или записана не в виде ГГГГ-ММ-ДД",
    },
    Case {
        name: "unknown status suggests the closest",
        plant: |r| edit(r, REPORT, "status = \"done\"", "status = \"in_progres\""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:4:",
        message:
            "неизвестный статус «in_progres»\n  подсказка: возможно, имелось в виду «in_progress»",
    },
    Case {
        name: "missing attachment",
        plant: |r| fs::remove_file(r.join("content/reports/1.1/files/sostav.csv")).unwrap(),
        location: "content/reports/1.1/2018-08-10-gruppa.md:10:",
        message: "вложение «reports/1.1/files/sostav.csv» не найдено",
    },
    Case {
        name: "attachment path leaving content/",
        plant: |r| edit(r, REPORT, "reports/1.1/files/sostav.csv", "../kadry.toml"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:10:",
        message: "выходит за пределы папки content/",
    },
    Case {
        name: "attachment symlink out of content/",
        plant: |r| {
            let link = r.join("content/reports/1.1/files/sostav.csv");
            fs::remove_file(&link).unwrap();
            std::os::unix::fs::symlink(r.join("kadry.toml"), &link).unwrap();
        },
        location: "content/reports/1.1/2018-08-10-gruppa.md:10:",
        message: "ссылка на файл вне папки content/",
    },
    Case {
        name: "non-UTF-8 file",
        plant: |r| {
            let mut bytes = b"+++\nid = \"1.2\"\ntitle = \"".to_vec();
            bytes.extend([0xC0, 0xEE, 0xE0, 0xEB, 0xE8, 0xE7]); // «Анализ» in windows-1251
            bytes.extend(b"\"\n+++\n");
            fs::write(r.join(MEASURE), bytes).unwrap();
        },
        location: "content/roadmap/01/1.2.md:3:",
        message: "файл не в кодировке UTF-8",
    },
    Case {
        name: "empty file",
        plant: |r| write(r, REPORT, ""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:",
        message: "файл пуст",
    },
    Case {
        name: "broken internal link",
        plant: |r| body(r, "\nСм. [раздел 7](/roadmap/7/).\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "ссылка ведёт на несуществующую страницу /roadmap/7/",
    },
    Case {
        name: "broken fragment",
        plant: |r| body(r, "\nСм. [строку](/roadmap/1/#m-1.7).\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "на странице /roadmap/1/ нет места «#m-1.7»",
    },
    Case {
        name: "internal link without trailing slash",
        plant: |r| body(r, "\nСм. [раздел 1](/roadmap/1).\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "адреса страниц портала оканчиваются на «/»",
    },
    Case {
        name: "javascript: link",
        plant: |r| body(r, "\n[Нажмите](javascript:alert(1))\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "ссылка со схемой «javascript:» запрещена",
    },
    Case {
        name: "data: link",
        plant: |r| body(r, "\n[Файл](data:text/html;base64,PHNjcmlwdD4=)\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "ссылка со схемой «data:» запрещена",
    },
    Case {
        name: "raw HTML with javascript:",
        plant: |r| body(r, "\n<a href=\"JavaScript:alert(1)\">ссылка на план</a>\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "HTML-код со схемой «javascript:» запрещён",
    },
    Case {
        name: "image from another host",
        plant: |r| body(r, "\n![Схема](https://cdn.example.org/plan.png)\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:21:",
        message: "изображение с другого сайта",
    },
    Case {
        name: "impossible deadline month",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "deadline = \"2019-12\"",
                "deadline = \"2019-13\"",
            )
        },
        location: "content/roadmap/01/1.2.md:5:",
        message: "неверный срок: «2019-13» — не дата ISO 8601",
    },
    Case {
        name: "deadline interval ending before it starts",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "deadline = \"2019-12\"",
                "deadline = \"2019-12/2019-01\"",
            )
        },
        location: "content/roadmap/01/1.2.md:5:",
        message: "начало позже конца",
    },
    Case {
        name: "deadline in words",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "deadline = \"2019-12\"",
                "deadline = \"Декабрь 2019\"",
            )
        },
        location: "content/roadmap/01/1.2.md:5:",
        message: "«Декабрь 2019» — не дата ISO 8601",
    },
    Case {
        name: "unknown phase",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "phase = \"Реализация\"",
                "phase = \"Внедрение\"",
            )
        },
        location: "content/roadmap/01/1.2.md:8:",
        message: "неизвестный этап «Внедрение»",
    },
    Case {
        name: "measure in the wrong section folder",
        plant: |r| edit(r, MEASURE, "id = \"1.2\"", "id = \"2.2\""),
        location: "content/roadmap/01/1.2.md:2:",
        message: "номер мероприятия «2.2» не относится к разделу 1",
    },
    Case {
        name: "unknown organisation kind",
        plant: |r| {
            edit(
                r,
                "content/organizations.toml",
                "kind = \"department\"",
                "kind = \"ministry\"",
            )
        },
        location: "content/organizations.toml:2:",
        message: "неизвестный вид организации «ministry»",
    },
    Case {
        name: "report file name not latin",
        plant: |r| {
            fs::rename(
                r.join(REPORT),
                r.join("content/reports/1.1/2018-08-10-группа.md"),
            )
            .unwrap()
        },
        location: "content/reports/1.1/2018-08-10-группа.md:",
        message: "может содержать только строчные латинские буквы",
    },
    Case {
        name: "wrong type of a field",
        plant: |r| {
            edit(
                r,
                MEASURE,
                "responsible = [\"dep-a\", \"dep-b\"]",
                "responsible = \"dep-a\"",
            )
        },
        location: "content/roadmap/01/1.2.md:9:15:",
        message: "поле «responsible» — список, а записано одно значение\n  подсказка: список пишется в квадратных скобках: responsible = [\"dep-a\"]",
    },
    Case {
        name: "section without _index.md",
        plant: |r| fs::remove_file(r.join("content/roadmap/02/_index.md")).unwrap(),
        location: "content/roadmap/02/_index.md:",
        message: "не удалось прочитать файл",
    },
    Case {
        name: "report on a measure with a typo suggests the closest",
        plant: |r| edit(r, REPORT, "measure = \"1.1\"", "measure = \"11\""),
        location: "content/reports/1.1/2018-08-10-gruppa.md:2:",
        message: "возможно, имелось в виду «1.1»",
    },
];

#[test]
fn every_bad_input_is_reported_and_leaves_the_site_alone() {
    assert!(CASES.len() >= 30);
    let outputs = assert_all_refused(CASES);
    // every message, word for word, as an editor reads it
    assert_golden_text("check-bad-input.txt", &outputs);
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let dir = site("small");
    let path = dir.path().join(REPORT);
    let text = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let (code, stderr) = kadry(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-26",
    ]);
    assert_eq!(code, 0, "{stderr}");
    // the one warning: the copy has no git history (see tests/history.rs)
    assert!(
        stderr.contains("Ошибок нет, предупреждений — 1"),
        "{stderr}"
    );
    assert!(!stderr.contains("content/"), "{stderr}");
}

#[test]
fn reader_warnings_do_not_stop_the_build() {
    let dir = site("small");
    body(dir.path(), "\n# Большой заголовок\n\nПодробности [здесь](/roadmap/).\n\n![](/reports/1.1/files/sostav.csv)\n");
    let r = dir.path().to_str().unwrap();
    let (code, stderr) = kadry(&["check", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "2018-08-10-gruppa.md:21:1: предупреждение: заголовок первого уровня",
        "2018-08-10-gruppa.md:23:1: предупреждение: текст ссылки «здесь»",
        "2018-08-10-gruppa.md:25:1: предупреждение: у изображения нет описания",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let (code, _) = kadry(&["build", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0);
}

#[test]
fn script_and_dangerous_markup_never_reach_the_site() {
    let dir = site("small");
    body(
        dir.path(),
        "\n<script>alert(1)</script>\n\n<p onclick=\"alert(1)\">Текст</p>\n\n<iframe src=\"/\"></iframe>\n\n<img src=\"/x.png\" onerror=\"alert(1)\" alt=\"схема\">\n\n<style>body{display:none}</style>\n",
    );
    let out = dir.path().join("out");
    build(dir.path(), &out, "2026-11-26").unwrap();
    let html = common::read(&out, "reports/1.1/2018-08-10-gruppa/index.html");
    for bad in [
        "<script>",
        "onclick",
        "<iframe",
        "onerror",
        "alert(1)",
        "display:none",
    ] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
    // The only scripts are the theme's own files, and the JSON-LD data
    // block (never run), which holds nothing that could end it.
    let doc = scraper::Html::parse_document(&html);
    let scripts = scraper::Selector::parse("script").unwrap();
    for s in doc.select(&scripts) {
        if s.attr("type") == Some("application/ld+json") {
            let data = s.inner_html();
            assert!(!data.contains('<'), "{data}");
            serde_json::from_str::<serde_json::Value>(&data).unwrap();
            continue;
        }
        let src = s.attr("src").unwrap_or("(inline)");
        assert!(src.starts_with("/js/"), "script {src} reached the page");
    }
    assert!(html.contains("Текст"));
}

#[test]
fn new_report_then_check_then_build() {
    let dir = site("small");
    let r = dir.path().to_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args([
            "new",
            "report",
            "1.2",
            "--root",
            r,
            "--title",
            "Анализ «готов»",
            "--status",
            "done",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(path.contains("content/reports/1.2/"), "{path}");
    assert!(path.ends_with("-analiz-gotov.md"), "{path}");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("# Отчёт по мероприятию 1.2: Анализ ситуации"));
    assert!(text.contains("author = \"dep-a\""));
    assert!(text.contains("status = \"done\""));

    // the template's placeholder text is for the editor to replace
    let (code, stderr) = kadry(&["check", "--root", r]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("ошибка: в тексте осталась заготовка из шаблона"),
        "{stderr}"
    );
    let body = text.split("+++").nth(1).unwrap();
    let written = format!("+++{body}+++\n\nАнализ готов и опубликован на сайте департамента.\n");
    fs::write(&path, written).unwrap();
    let (code, stderr) = kadry(&["check", "--root", r]);
    assert_eq!(code, 0, "{stderr}");
    // the one warning: the copy has no git history (see tests/history.rs)
    assert!(stderr.contains("предупреждений — 1"), "{stderr}");
    assert!(!stderr.contains("content/"), "{stderr}");
    let (code, stderr) = kadry(&["build", "--root", r]);
    assert_eq!(code, 0, "{stderr}");
    let page = common::text(&common::read(
        &dir.path().join("public"),
        "roadmap/1/1.2/index.html",
    ));
    assert!(page.contains("Анализ «готов»"), "{page}");
    assert!(page.contains("Статус: ✓ выполнено"), "{page}");

    let (code, stderr) = kadry(&["new", "report", "1.9", "--root", r]);
    assert_eq!(code, 1);
    assert!(stderr.contains("мероприятие «1.9» не найдено"), "{stderr}");
}
