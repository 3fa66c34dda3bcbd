//! Hostile content: attachments that are pages or programs, files that
//! would take another file's address, symbolic links out of `content/`,
//! files no reader takes. Each refused case is planted in a copy of the
//! small fixture; `kadry check` and `kadry build` must exit 1 naming the
//! file (and line) in Russian, and the previous site must stay as it was.
//! Accepted but hostile text must reach no page in an executable place.

mod common;

use common::{assert_all_refused, assert_golden_text, kadry, read_tree, site, Case};
use std::fs;
use std::path::Path;

const REPORT: &str = "content/reports/1.1/2018-08-10-gruppa.md";
const ATTACHMENT: &str = "reports/1.1/files/sostav.csv";
/// The line of the attachment's `file` in [`REPORT`].
const AT_LINE: &str = "content/reports/1.1/2018-08-10-gruppa.md:10:";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks «{from}»");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Puts `bytes` at `content/<file>` and makes it the report's attachment.
fn attach(root: &Path, file: &str, bytes: &[u8]) {
    write(root, &format!("content/{file}"), bytes);
    edit(root, REPORT, ATTACHMENT, file);
}

/// A second attachment of the report, on line 14.
fn attach_too(root: &Path, file: &str, bytes: &[u8]) {
    write(root, &format!("content/{file}"), bytes);
    edit(
        root,
        REPORT,
        "title = \"Состав рабочей группы\"\n",
        &format!("title = \"Состав рабочей группы\"\n\n[[attachments]]\nfile = \"{file}\"\ntitle = \"Второй файл\"\n"),
    );
}

fn report(measure: &str, title: &str) -> String {
    format!("+++\nmeasure = \"{measure}\"\ndate = 2018-09-01\nstatus = \"in_progress\"\ntitle = \"{title}\"\nauthor = \"dep-a\"\n+++\n\nТекст отчёта.\n")
}

fn symlink(target: &Path, link: &Path) {
    fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
/// The start of an Office Open XML document: a ZIP entry `[Content_Types].xml`.
const DOCX: &[u8] = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xml";

const CASES: &[Case] = &[
    Case {
        name: "svg attachment",
        plant: |r| attach(r, "reports/1.1/files/plan.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
        location: AT_LINE,
        message: "файлы SVG не принимаются: SVG может содержать сценарии",
    },
    Case {
        name: "js attachment",
        plant: |r| attach(r, "reports/1.1/files/app.js", b"alert(1)"),
        location: AT_LINE,
        message: "файлы JS не принимаются",
    },
    Case {
        name: "htm attachment",
        plant: |r| attach(r, "reports/1.1/files/page.htm", b"<p>x</p>"),
        location: AT_LINE,
        message: "файлы HTM не принимаются",
    },
    Case {
        name: "html attachment",
        plant: |r| attach(r, "reports/1.1/files/page.html", b"<script>alert(1)</script>"),
        location: AT_LINE,
        message: "файлы HTML не принимаются",
    },
    Case {
        name: "xhtml attachment",
        plant: |r| attach(r, "reports/1.1/files/page.xhtml", b"<html/>"),
        location: AT_LINE,
        message: "файлы XHTML не принимаются",
    },
    Case {
        name: "shtml attachment",
        plant: |r| attach(r, "reports/1.1/files/page.shtml", b"<html/>"),
        location: AT_LINE,
        message: "файлы SHTML не принимаются",
    },
    Case {
        name: "xml attachment",
        plant: |r| attach(r, "reports/1.1/files/data.xml", b"<?xml version=\"1.0\"?><a/>"),
        location: AT_LINE,
        message: "файлы XML не принимаются",
    },
    Case {
        name: "attachment without an extension",
        plant: |r| attach(r, "reports/1.1/files/plan", PDF),
        location: AT_LINE,
        message: "у вложения «reports/1.1/files/plan» нет расширения",
    },
    Case {
        name: "exe attachment",
        plant: |r| attach(r, "reports/1.1/files/setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        location: AT_LINE,
        message: "файлы EXE не принимаются",
    },
    Case {
        name: "pdf holding HTML",
        plant: |r| attach(r, "reports/1.1/files/plan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        location: AT_LINE,
        message: "вложение «reports/1.1/files/plan.pdf» называется как PDF, но внутри не PDF",
    },
    Case {
        name: "png holding SVG",
        plant: |r| attach(r, "reports/1.1/files/scheme.png", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"),
        location: AT_LINE,
        message: "называется как PNG, но внутри не PNG",
    },
    Case {
        name: "txt holding a script",
        plant: |r| attach(r, "reports/1.1/files/notes.txt", b"<script>alert(1)</script>\n"),
        location: AT_LINE,
        message: "содержит разметку HTML, XML или SVG",
    },
    Case {
        name: "attachment named index.html at the site's root",
        plant: |r| attach(r, "index.html", b"<h1>Hacked</h1>"),
        location: AT_LINE,
        message: "вложение «index.html» лежит не в папке content/reports/",
    },
    Case {
        name: "attachment taking robots.txt",
        plant: |r| attach(r, "robots.txt", b"User-agent: *\nDisallow: /\n"),
        location: AT_LINE,
        message: "вложение «robots.txt» лежит не в папке content/reports/",
    },
    Case {
        name: "attachment taking opendata/list.csv",
        plant: |r| attach(r, "opendata/list.csv", b"a,b\n1,2\n"),
        location: AT_LINE,
        message: "вложение «opendata/list.csv» лежит не в папке content/reports/",
    },
    Case {
        name: "attachment taking a report page's folder",
        plant: |r| {
            write(r, "content/reports/1.1/0-plan.pdf.md", report("1.1", "План").as_bytes());
            attach(r, "reports/1.1/0-plan.pdf", PDF);
        },
        location: AT_LINE,
        message: "вложение «reports/1.1/0-plan.pdf» попадает на адрес, уже занятый: папка, в которой лежит страница отчёта content/reports/1.1/0-plan.pdf.md",
    },
    Case {
        name: "report page under an attachment's address",
        plant: |r| {
            attach(r, "reports/1.1/files/plan.pdf", PDF);
            write(r, "content/reports/1.1/files/plan.pdf.md", report("1.1", "План").as_bytes());
        },
        location: "content/reports/1.1/files/plan.pdf.md:",
        message: "адрес отчёта /reports/1.1/files/plan.pdf/ совпадает с уже занятым: вложение «reports/1.1/files/plan.pdf»",
    },
    Case {
        name: "attachments differing only in letter case",
        plant: |r| attach_too(r, "reports/1.1/files/Sostav.csv", b"a,b\n1,2\n"),
        location: "content/reports/1.1/2018-08-10-gruppa.md:14:",
        message: "вложение «reports/1.1/files/Sostav.csv» попадает на адрес, уже занятый: вложение «reports/1.1/files/sostav.csv»",
    },
    Case {
        name: "hidden attachment",
        plant: |r| attach(r, "reports/1.1/files/.plan.pdf", PDF),
        location: AT_LINE,
        message: "ведёт к скрытому файлу или папке",
    },
    Case {
        name: "report named ...md",
        plant: |r| write(r, "content/reports/1.1/...md", report("1.1", "Главная").as_bytes()),
        location: "content/reports/1.1/...md:",
        message: "имя файла «...md» состоит из одних точек",
    },
    Case {
        name: "report named ..md",
        plant: |r| write(r, "content/reports/..md", report("1.1", "Главная").as_bytes()),
        location: "content/reports/..md:",
        message: "имя файла «..md» состоит из одних точек",
    },
    Case {
        name: "attachment through a symlinked folder outside content/",
        plant: |r| {
            write(r, "outside/plan.pdf", PDF);
            symlink(&r.join("outside"), &r.join("content/reports/1.1/ext"));
            edit(r, REPORT, ATTACHMENT, "reports/1.1/ext/plan.pdf");
        },
        location: AT_LINE,
        message: "вложение «reports/1.1/ext/plan.pdf» — лежит в папке-ссылке вне папки content/",
    },
    Case {
        name: "the symlinked folder itself is named",
        plant: |r| {
            write(r, "outside/plan.pdf", PDF);
            symlink(&r.join("outside"), &r.join("content/reports/1.1/ext"));
        },
        location: "content/reports/1.1/ext:",
        message: "«content/reports/1.1/ext» — ссылка на",
    },
    Case {
        name: "dataset CSV symlinked from outside",
        plant: |r| {
            write(r, "content/data/sostav.toml", DATASET.as_bytes());
            write(r, "secret.csv", b"name\nsecret\n");
            symlink(&r.join("secret.csv"), &r.join("content/data/sostav.csv"));
        },
        location: "content/data/sostav.csv:",
        message: "вне папки content/; такие файлы не читаются и не публикуются",
    },
    Case {
        name: "symlinked report folder",
        plant: |r| symlink(&r.join("content/reports/1.1"), &r.join("content/reports/1.2")),
        location: "content/reports/1.2:",
        message: "папка «content/reports/1.2» — ссылка на другую папку; отчёты в ней не читаются",
    },
    Case {
        name: "symlinked measure folder outside",
        plant: |r| {
            fs::rename(r.join("content/roadmap/02"), r.join("sec02")).unwrap();
            symlink(&r.join("sec02"), &r.join("content/roadmap/02"));
        },
        location: "content/roadmap/02/_index.md:",
        message: "вне папки content/; такие файлы не читаются",
    },
];

const DATASET: &str = r#"title = "Состав"
title_en = "Members"
description = "Состав рабочей группы."
description_en = "Members of the working group."
owner = "dep-a"
keywords = ["состав"]
update_period = "раз в год"
measures = ["1.1"]
created = 2018-08-10
updated = 2018-08-10

[[column]]
name = "name"
title = "Имя"
title_en = "Name"
type = "string"
"#;

#[test]
fn every_hostile_input_is_refused_and_leaves_the_site_alone() {
    assert!(CASES.len() >= 20);
    let outputs = assert_all_refused(CASES);
    // every message, word for word, as an editor reads it
    assert_golden_text("check-hostile-content.txt", &outputs);
}

#[test]
fn files_no_reader_takes_are_named_in_warnings() {
    let dir = site("small");
    let root = dir.path();
    let draft = report("1.1", "Черновик");
    for rel in [
        "content/reports/1.1/.2018-09-01-draft.md",
        "content/reports/1.1/.old/2018-09-02-old.md",
        "content/reports/1.1/2018-09-03-upper.MD",
        "content/reports/1.1/2018-09-04-long.markdown",
        "content/reports/1.1/2018-09-05-word.md.txt",
    ] {
        write(root, rel, draft.as_bytes());
    }
    write(root, "content/reports/1.1/files/.gitkeep", b"");
    let r = root.to_str().unwrap();
    let (code, stderr) = kadry(&["check", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "content/reports/1.1/.2018-09-01-draft.md: предупреждение: файл «.2018-09-01-draft.md» скрытый (имя начинается с точки) и не читается",
        "content/reports/1.1/.old: предупреждение: папка «.old» скрытый",
        "content/reports/1.1/2018-09-03-upper.MD: предупреждение: файл «2018-09-03-upper.MD» не читается",
        "подсказка: переименуйте его в «2018-09-03-upper.md»",
        "подсказка: переименуйте его в «2018-09-04-long.md»",
        "подсказка: переименуйте его в «2018-09-05-word.md»",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!stderr.contains(".gitkeep"), "{stderr}");
    assert!(!stderr.contains("2018-09-02-old.md"), "{stderr}");
    let out = root.join("public");
    let (code, stderr) = kadry(&["build", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    let built = read_tree(&out);
    assert!(built.keys().all(|p| !p.to_string_lossy().contains("draft")
        && !p.to_string_lossy().contains("upper")
        && !p.to_string_lossy().contains("2018-09")));
}

#[test]
fn legal_documents_and_inside_links_are_published() {
    let dir = site("small");
    let root = dir.path();
    attach(root, "reports/1.1/files/plan.PDF", PDF);
    attach_too(root, "reports/1.1/files/scheme.png", PNG);
    write(root, "content/reports/1.1/files/table.docx", DOCX);
    edit(
        root,
        REPORT,
        "title = \"Второй файл\"\n",
        "title = \"Второй файл\"\n\n[[attachments]]\nfile = \"reports/1.1/files/table.docx\"\ntitle = \"Таблица\"\n\n[[attachments]]\nfile = \"reports/1.1/files/same.csv\"\ntitle = \"Ссылка внутри content\"\n",
    );
    // a symbolic link that stays inside content/ is fine
    symlink(
        &root.join("content/reports/1.1/files/sostav.csv"),
        &root.join("content/reports/1.1/files/same.csv"),
    );
    let r = root.to_str().unwrap();
    let (code, stderr) = kadry(&["check", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = kadry(&["build", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    let out = root.join("public");
    for (file, bytes) in [
        ("reports/1.1/files/plan.PDF", PDF.to_vec()),
        ("reports/1.1/files/scheme.png", PNG.to_vec()),
        ("reports/1.1/files/table.docx", DOCX.to_vec()),
        (
            "reports/1.1/files/same.csv",
            fs::read(root.join("content/reports/1.1/files/sostav.csv")).unwrap(),
        ),
    ] {
        assert_eq!(fs::read(out.join(file)).unwrap(), bytes, "{file}");
    }
    let page = common::read(&out, "reports/1.1/2018-08-10-gruppa/index.html");
    for file in ["plan.PDF", "scheme.png", "table.docx", "same.csv"] {
        assert!(
            page.contains(&format!("/reports/1.1/files/{file}")),
            "{file} not linked"
        );
    }
}

/// Markers planted in accepted content; none may reach an executable place.
const BODY: &str = "
<script>alert('KADRY-1')</script>

<img src=\"/reports/1.1/files/sostav.csv\" onerror=\"alert('KADRY-2')\" alt=\"схема\">

<p onclick=\"alert('KADRY-3')\">Текст с обработчиком</p>

<svg onload=\"alert('KADRY-4')\"><script>alert('KADRY-5')</script></svg>

<a href=\"javascript&#58;alert('KADRY-6')\">план работы</a> и <a href=\"&#x64;ata:text/html;base64,PHNjcmlwdD4=\">документ</a>

<iframe srcdoc=\"<script>alert('KADRY-7')</script>\"></iframe>

<math><mtext><table><mglyph><style><img src=x onerror=alert('KADRY-8')></style></mglyph></table></mtext></math>

<a href=\" JAVASCRIPT&colon;alert('KADRY-9')\">ещё ссылка</a>
";

const TITLE: &str =
    "\\\"><img src=x onerror=alert('KADRY-10')><a href=\\\"javascript:alert('KADRY-11')\\\">x</a>";

fn plant_hostile_but_accepted(root: &Path) {
    let text = fs::read_to_string(root.join(REPORT)).unwrap();
    let text = text
        .replacen(
            "title = \"Рабочая группа создана\"",
            &format!("title = \"{TITLE}\""),
            1,
        )
        .replacen(
            "title = \"Состав рабочей группы\"",
            "title = \"<script>alert('KADRY-12')</script>\"",
            1,
        );
    fs::write(root.join(REPORT), format!("{text}{BODY}")).unwrap();
    edit(
        root,
        "content/roadmap/01/1.2.md",
        "title = \"Анализ ситуации\"",
        "title = \"<svg onload=alert('KADRY-13')>\"",
    );
    edit(
        root,
        "content/organizations.toml",
        "short_name = \"Деп. А\"",
        "short_name = \"<img src=x onerror=alert('KADRY-14')>\"",
    );
    write(
        root,
        "content/news/2018-09-01-novost.md",
        format!("+++\ntitle = \"{TITLE}\"\ndate = 2018-09-01\nsummary = \"<script>alert('KADRY-15')</script>\"\nauthor = \"dep-a\"\nmeasures = [\"1.1\"]\n+++\n{BODY}").as_bytes(),
    );
}

/// What is executable in an HTML document: scripts not from the theme,
/// event handler attributes, script-bearing URLs, frames and objects.
fn executable_places(html: &str, theme_scripts: &[String]) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.root_element().descendants() {
        let Some(el) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        // JSON-LD is a data block the browser never runs; it must hold
        // JSON and nothing that could end it
        let data_block = el.attr("type") == Some("application/ld+json")
            && !el.inner_html().contains('<')
            && serde_json::from_str::<serde_json::Value>(&el.inner_html()).is_ok();
        if name == "script" && !data_block {
            let src = el.attr("src").unwrap_or("(inline)");
            if !theme_scripts.iter().any(|s| s == src) || !el.inner_html().trim().is_empty() {
                found.push(format!("<script src={src}>"));
            }
        }
        if ["iframe", "frame", "object", "embed", "applet", "base"].contains(&name) {
            found.push(format!("<{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            let compact: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            let url_attr = [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "data",
                "poster",
                "background",
            ];
            let handler = attr.starts_with("on") || attr == "srcdoc";
            let script_url = url_attr.contains(&attr)
                && ["javascript:", "data:", "vbscript:"]
                    .iter()
                    .any(|s| compact.starts_with(s));
            let script_style = attr == "style"
                && (compact.contains("expression(") || compact.contains("javascript:"));
            if handler || script_url || script_style {
                found.push(format!("{name} {attr}={value}"));
            }
        }
    }
    found
}

/// The bytes a `.gz` or `.br` file holds, decompressed.
fn precompressed(path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    match path.extension()?.to_str()? {
        "gz" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        "br" => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        _ => return None,
    }
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(out)
}

#[test]
fn hostile_but_accepted_content_reaches_no_executable_place() {
    // the scanner itself finds each kind of executable place
    let planted =
        "<a href=' JavaScript:x'>a</a><img src=x onerror=y><script>z</script><iframe></iframe>";
    assert_eq!(executable_places(planted, &[]).len(), 4);
    let dir = site("small");
    let root = dir.path();
    plant_hostile_but_accepted(root);
    let r = root.to_str().unwrap();
    let (code, stderr) = kadry(&["build", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    let out = root.join("public");
    let theme_static = read_tree(&root.join("themes/default/static"));
    let built = read_tree(&out);
    // theme files are published under hashed names: js/sort.0123456789.js
    let theme_name = |path: &Path| common::unhashed(path);
    let theme_scripts: Vec<String> = built
        .iter()
        .filter(|(p, bytes)| {
            p.extension().is_some_and(|e| e == "js")
                && theme_static.get(&theme_name(p)) == Some(*bytes)
        })
        .map(|(p, _)| format!("/{}", p.display()))
        .collect();
    assert!(theme_scripts.len() >= 3, "{theme_scripts:?}");
    let mut problems = Vec::new();
    let mut markers_seen = 0;
    for (path, bytes) in &built {
        let (path, bytes) = (path.clone(), bytes.clone());
        // a precompressed twin holds exactly the file beside it, checked itself
        if let Some(twin) = precompressed(&path, &bytes) {
            if built.get(&path.with_extension("")) != Some(&twin) {
                problems.push(format!("{}: not its file compressed", path.display()));
            }
            continue;
        }
        let name = path.to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        markers_seen += text.matches("KADRY-").count();
        match ext.as_str() {
            "html" => {
                for place in executable_places(&text, &theme_scripts) {
                    problems.push(format!("{name}: {place}"));
                }
            }
            "xml" => {
                let doc =
                    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                for node in doc.descendants().filter(|n| n.is_element()) {
                    let tag = node.tag_name().name();
                    if tag == "script" || node.attributes().any(|a| a.name().starts_with("on")) {
                        problems.push(format!("{name}: <{tag}> in XML"));
                    }
                    // Atom content in HTML is what a feed reader shows
                    if node.attribute("type") == Some("html") {
                        let fragment = node.text().unwrap_or_default();
                        for place in executable_places(fragment, &[]) {
                            problems.push(format!("{name} <{tag}>: {place}"));
                        }
                    }
                }
            }
            "js" | "css" | "svg"
                if theme_static.get(&theme_name(&path)) != Some(&bytes)
                    && !name.starts_with("pagefind/") =>
            {
                problems.push(format!("{name}: {ext} file not from the theme"));
            }
            _ if name.starts_with("reports/") => {
                let allowed = [
                    "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "odp", "ppt", "pptx", "rtf",
                    "txt", "csv", "zip", "png", "jpg", "jpeg", "gif", "webp",
                ];
                if !allowed.contains(&ext.as_str()) || text.trim_start().starts_with('<') {
                    problems.push(format!("{name}: attachment with active content"));
                }
            }
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // the markers did reach the site, as text
    assert!(
        markers_seen > 10,
        "only {markers_seen} markers in the output"
    );
    let page = common::read(&out, "reports/1.1/2018-08-10-gruppa/index.html");
    assert!(common::text(&page).contains("onerror=alert('KADRY-10')"));
}

#[test]
fn the_last_guard_refuses_files_that_would_be_one() {
    let file = |path: &str| kadry::render::OutputFile {
        path: path.into(),
        bytes: Vec::new(),
    };
    for (first, second) in [
        ("reports/1.1/files/a.pdf", "reports/1.1/files/A.PDF"),
        ("reports/1.1/x.pdf", "reports/1.1/X.pdf/index.html"),
        ("reports/1.1/x/index.html", "reports/1.1/x"),
        ("index.html", "reports/../index.html"),
    ] {
        let claimed = kadry::publish::Claimed::default();
        claimed.claim(&[file(first)]).unwrap();
        let err = claimed.claim(&[file(second)]).unwrap_err().to_string();
        assert!(err.contains(second), "{first} / {second}: {err}");
    }
    let claimed = kadry::publish::Claimed::default();
    claimed
        .claim(&[file("reports/1.1/a/index.html"), file("reports/1.1/b.pdf")])
        .unwrap();
}
