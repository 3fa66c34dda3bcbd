//! Files beside a report: an image or document in the report's `files/`
//! folder that its body embeds or links to is published without being an
//! attachment (the editor guide's own example), and stays out of the
//! documents list; a mistyped name, in a link or an attachment, is told
//! the file that is there.

mod common;

use common::{build, committed, read, site};
use std::fs;
use std::path::Path;

const REPORT: &str = "content/reports/1.1/2018-08-10-gruppa.md";

/// The first bytes of a JPEG file, enough for its type to be recognised.
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1,
];

fn append(root: &Path, text: &str) {
    let path = root.join(REPORT);
    let mut body = fs::read_to_string(&path).unwrap();
    body.push_str(text);
    fs::write(path, body).unwrap();
}

fn check(root: &Path) -> (i32, String) {
    committed(root, "2026-11-20T10:00:00");
    common::check(root)
}

#[test]
fn an_image_embedded_from_files_is_published_and_not_listed() {
    let dir = site("small");
    let root = dir.path();
    let image = "reports/1.1/files/2018-08-10-masterskaya.jpg";
    fs::write(root.join("content").join(image), JPEG).unwrap();
    append(
        root,
        &format!("\n![Новая мастерская: двенадцать сварочных постов](/{image})\n"),
    );
    let out = root.join("public");
    let summary = build(root, &out, "2026-11-26").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fs::read(out.join(image)).unwrap(), JPEG);
    let page = read(&out, "reports/1.1/2018-08-10-gruppa/index.html");
    assert!(
        page.contains(&format!("src=/{image}")) || page.contains(&format!("src=\"/{image}\"")),
        "{page}"
    );
    // the documents list has the attachment, not the image
    assert!(page.contains("Состав рабочей группы"));
    assert!(!page.contains("JPG"), "the image is listed as a document");
    assert!(summary
        .warnings
        .iter()
        .all(|w| !w.message.contains("masterskaya")));
}

#[test]
fn a_mistyped_file_name_is_told_the_file_beside_it() {
    let dir = site("small");
    let root = dir.path();
    fs::write(
        root.join("content/reports/1.1/files/2018-08-10-masterskaya.jpg"),
        JPEG,
    )
    .unwrap();
    append(
        root,
        "\n![Мастерская](/reports/1.1/files/2018-08-10-masterskja.jpg)\n",
    );
    let (code, stderr) = check(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .contains("21:1: ошибка: файл /reports/1.1/files/2018-08-10-masterskja.jpg не найден")
            && stderr.contains(
                "подсказка: возможно, имелось в виду /reports/1.1/files/2018-08-10-masterskaya.jpg"
            ),
        "{stderr}"
    );

    let dir = site("small");
    let root = dir.path();
    let path = root.join(REPORT);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("files/sostav.csv", "files/sostv.csv")).unwrap();
    let (code, stderr) = check(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("вложение «reports/1.1/files/sostv.csv» не найдено")
            && stderr.contains("возможно, имелось в виду «reports/1.1/files/sostav.csv»"),
        "{stderr}"
    );
}

#[test]
fn a_link_without_its_slash_or_to_a_missing_measure_gets_the_address_to_write() {
    let dir = site("small");
    let root = dir.path();
    append(
        root,
        "\nСм. [анализ](/roadmap/1/1.2) и [группу](/roadmap/1/1.3/).\n",
    );
    let (code, stderr) = check(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("подсказка: адреса страниц портала оканчиваются на «/»: /roadmap/1/1.2/"),
        "{stderr}"
    );
    // 1.1 and 1.2 are as close to 1.3: the first is named
    assert!(
        stderr.contains("подсказка: возможно, имелось в виду /roadmap/1/1.1/"),
        "{stderr}"
    );
}
