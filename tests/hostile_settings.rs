//! Settings and requests are checked like content: a bad `base_url` or
//! `theme` (in kadry.toml or on the command line) stops the build with a
//! Russian message and writes nothing; the investor embed code stays one
//! `<iframe>` whatever its title; `kadry serve` answers only its own address
//! and never redirects elsewhere; what `kadry check` and `kadry new report`
//! quote from content reaches the terminal with its control characters shown.

mod common;

use common::serve::{request, Serve};
use common::{kadry, read_tree, site};
use scraper::{Html, Node, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

const SMALL_BASE_URL: &str = "base_url = \"https://test.example.org/\"";

/// `value` as a TOML string, escapes included.
fn toml_str(value: &str) -> String {
    toml::Value::String(value.into()).to_string()
}

/// Replaces `from` (which must be there) in the site's file `rel`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `kadry build` on the site with `extra` arguments, expecting it to
/// fail without touching any file; returns what it printed.
fn refused(root: &Path, extra: &[&str]) -> String {
    let before = read_tree(root);
    let out = root.join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-26",
        "--no-search",
    ];
    args.extend(extra);
    let (code, stderr) = kadry(&args);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("Сборка остановлена. Сайт не изменён."),
        "{stderr}"
    );
    assert!(!out.exists(), "{stderr}");
    assert_eq!(read_tree(root), before, "the build changed files");
    stderr
}

/// A small site whose kadry.toml says `base_url = <url>` (on line 3).
fn toml_base_url(url: &str) -> String {
    let dir = site("small");
    let line = format!("base_url = {}", toml_str(url));
    edit(dir.path(), "kadry.toml", SMALL_BASE_URL, &line);
    refused(dir.path(), &[])
}

fn assert_toml_error(stderr: &str, reason: &str) {
    assert!(
        stderr.contains("kadry.toml:3:12: ошибка: base_url «"),
        "{stderr}"
    );
    assert!(stderr.contains("— не адрес сайта: "), "{stderr}");
    assert!(stderr.contains(reason), "{stderr}");
    assert!(
        stderr.contains("подсказка: укажите полный адрес сайта, например base_url = \"https://kadry.example.org/\""),
        "{stderr}"
    );
}

#[test]
fn toml_javascript_base_url() {
    let stderr = toml_base_url("javascript:alert(1)");
    assert_toml_error(
        &stderr,
        "схема «javascript:» не подходит, нужна http или https",
    );
}

#[test]
fn toml_base_url_with_a_quote_and_markup() {
    let stderr = toml_base_url("https://x.org/\"><script>alert(1)</script>");
    assert_toml_error(&stderr, "в адресе недопустим символ «\"»");
}

#[test]
fn toml_base_url_with_a_newline() {
    let stderr = toml_base_url("https://x.org/\nDisallow: /");
    assert_toml_error(&stderr, "недопустим символ «перевод строки»");
    // the value is quoted with its newline shown, not written out
    assert!(
        stderr.contains("«https://x.org/\\nDisallow: /»"),
        "{stderr}"
    );
}

#[test]
fn toml_base_url_with_a_space() {
    let stderr = toml_base_url("https://x.org/a b/");
    assert_toml_error(&stderr, "недопустим символ «пробел»");
}

#[test]
fn toml_relative_base_url() {
    let stderr = toml_base_url("kadry/");
    assert_toml_error(
        &stderr,
        "адрес неполный: нет схемы https:// и имени сервера",
    );
}

#[test]
fn toml_ftp_base_url() {
    let stderr = toml_base_url("ftp://x.org/");
    assert_toml_error(&stderr, "схема «ftp:» не подходит");
}

#[test]
fn toml_scheme_relative_base_url() {
    let stderr = toml_base_url("//x.org/");
    assert_toml_error(&stderr, "адрес неполный");
}

#[test]
fn toml_base_url_with_a_user_name() {
    let stderr = toml_base_url("https://admin:secret@x.org/");
    assert_toml_error(&stderr, "не должно быть имени пользователя или пароля");
}

/// `kadry build --base-url <url>` on a good small site.
fn flag_base_url(url: &str, reason: &str) {
    let dir = site("small");
    let stderr = refused(dir.path(), &["--base-url", url]);
    assert!(
        stderr.contains("kadry build --base-url: ошибка: «"),
        "{stderr}"
    );
    assert!(stderr.contains(reason), "{stderr}");
    assert!(
        stderr.contains(
            "подсказка: укажите полный адрес сайта, например --base-url https://kadry.example.org/"
        ),
        "{stderr}"
    );
}

#[test]
fn flag_javascript_base_url() {
    flag_base_url("javascript:alert(1)", "схема «javascript:» не подходит");
}

#[test]
fn flag_base_url_with_a_quote() {
    flag_base_url("https://x.org/\"onmouseover=\"x", "недопустим символ «\"»");
}

#[test]
fn flag_base_url_with_a_newline() {
    flag_base_url(
        "https://x.org/\r\nSitemap: https://evil.example/",
        "«перевод строки»",
    );
}

#[test]
fn flag_scheme_relative_base_url() {
    flag_base_url("//evil.example/", "адрес неполный");
}

#[test]
fn flag_base_url_with_a_user_name() {
    flag_base_url("https://user@x.org/", "имени пользователя");
}

/// A small site whose kadry.toml says `theme = <theme>` (on line 4).
fn theme(theme: &str) -> String {
    let dir = site("small");
    let line = format!("{SMALL_BASE_URL}\ntheme = {}", toml_str(theme));
    edit(dir.path(), "kadry.toml", SMALL_BASE_URL, &line);
    refused(dir.path(), &[])
}

#[test]
fn theme_outside_themes() {
    for bad in ["../x", "/etc", "default/../../x"] {
        let stderr = theme(bad);
        assert!(
            stderr.contains(&format!(
                "kadry.toml:4:9: ошибка: theme «{bad}» — не имя папки: тема должна быть одной папкой внутри themes/"
            )),
            "{stderr}"
        );
        assert!(
            stderr
                .contains("подсказка: укажите имя папки из themes/, например theme = \"default\""),
            "{stderr}"
        );
    }
}

#[test]
fn missing_theme() {
    let stderr = theme("dark");
    assert!(
        stderr.contains("kadry.toml:4:9: ошибка: темы «dark» нет: папка themes/dark не найдена"),
        "{stderr}"
    );
    assert!(stderr.contains("есть темы: default"), "{stderr}");
}

/// The embed code a reader copies from `html` (the textarea's text, as a
/// browser's `textContent`), parsed as the HTML it becomes where pasted:
/// the one element's name and attributes, after checking there is nothing
/// else in it.
fn pasted(html: &str) -> (String, BTreeMap<String, String>) {
    let page = Html::parse_document(html);
    let area = Selector::parse("textarea#inv-embed-code").unwrap();
    let code: String = page
        .select(&area)
        .next()
        .expect("no embed code")
        .text()
        .collect();
    let pasted = Html::parse_fragment(&code);
    let root = pasted.root_element();
    let mut elements = Vec::new();
    for node in root.descendants().skip(1) {
        match node.value() {
            Node::Element(e) => elements.push(e.clone()),
            Node::Text(t) => {
                // an <iframe>'s own content is raw text; nothing may sit beside it
                let inside = node.parent().is_some_and(|p| p.id() != root.id());
                assert!(inside || t.trim().is_empty(), "text {t:?} in {code}");
            }
            other => panic!("{other:?} in {code}"),
        }
    }
    assert_eq!(elements.len(), 1, "{code}");
    let e = &elements[0];
    let attrs = e
        .attrs()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (e.name().to_string(), attrs)
}

#[test]
fn embed_code_stays_one_iframe_with_hostile_titles_and_address() {
    let dir = site("real");
    let ru_title = "\"><img src=x onerror=alert(1)> «Кадры» & 'ещё'";
    let en_title = "</textarea><script>alert(1)</script>&quot;` onload=alert(2)";
    for (file, title) in [("ru.md", ru_title), ("en.md", en_title)] {
        let rel = format!("content/investors/{file}");
        let text = fs::read_to_string(dir.path().join(&rel)).unwrap();
        let first = text.lines().nth(1).unwrap().to_string();
        assert!(first.starts_with("title = "), "{first}");
        edit(
            dir.path(),
            &rel,
            &first,
            &format!("title = {}", toml_str(title)),
        );
    }
    // valid, with a quote and an apostrophe percent-escaped in the path
    let base_url = "https://x.org/a%22b/it%27s/";
    let opts = kadry::BuildOptions {
        base_url: Some(base_url.into()),
        search: false,
        ..kadry::BuildOptions::new(
            dir.path(),
            dir.path().join("public"),
            common::date("2026-11-26"),
        )
    };
    let (files, _) = kadry::render(&opts).unwrap_or_else(|e| panic!("{e:?}"));
    let page = |rel: &str| {
        let f = files.iter().find(|f| f.path == Path::new(rel)).unwrap();
        String::from_utf8(f.bytes.clone()).unwrap()
    };
    for (rel, title) in [
        ("investors/index.html", ru_title),
        ("en/investors/index.html", en_title),
    ] {
        let (name, attrs) = pasted(&page(rel));
        assert_eq!(name, "iframe", "{rel}");
        let expected: BTreeMap<String, String> = [
            ("src", format!("{base_url}investors/embed/").as_str()),
            ("title", title),
            ("width", "100%"),
            ("height", "720"),
            ("loading", "lazy"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(attrs, expected, "{rel}");
    }
    assert!(!dir.path().join("public").exists());
}

#[test]
fn check_shows_control_characters_from_content() {
    let dir = site("small");
    let rel = "content/reports/1.1/2018-08-10-gruppa.md";
    edit(
        dir.path(),
        rel,
        "status = \"done\"",
        "status = \"\\u001B[2J\\u001B[31mdone\\u202E\\u0007\"",
    );
    edit(
        dir.path(),
        rel,
        "author = \"dep-a\"",
        "author = \"dep-\\u2066\\u009B1m\\u007F\"",
    );
    let before = read_tree(dir.path());
    let root = dir.path().to_str().unwrap();
    let (code, stderr) = kadry(&["check", "--root", root, "--as-of", "2026-11-26"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("неизвестный статус «\\x1b[2J\\x1b[31mdone\\u{202e}\\x07»"),
        "{stderr}"
    );
    assert!(stderr.contains("«dep-\\u{2066}\\u{9b}1m\\x7f»"), "{stderr}");
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    assert!(!stderr.chars().any(hidden), "{stderr:?}");
    assert_eq!(read_tree(dir.path()), before);
}

#[test]
fn new_report_prints_its_path_with_control_characters_shown() {
    let outer = site("small");
    let root = outer.path().join("site\u{1b}[2J\u{202e}");
    fs::create_dir(&root).unwrap();
    for name in ["content", "themes", "kadry.toml"] {
        fs::rename(outer.path().join(name), root.join(name)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(["new", "report", "1.2", "--title", "Отчёт", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("site\\x1b[2J\\u{202e}/content/reports/1.2/"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'));
    assert_eq!(
        fs::read_dir(root.join("content/reports/1.2"))
            .unwrap()
            .count(),
        1
    );
}

fn location(response: &str) -> Option<&str> {
    response
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .map(str::trim)
}

#[test]
fn serve_answers_only_its_own_address_and_redirects_only_to_itself() {
    let dir = site("small");
    let serve = Serve::start(dir.path(), &["--as-of", "2026-11-26"], |_| {});
    let port = serve.port;

    let own = format!("127.0.0.1:{port}");
    assert_eq!(request(port, "/", Some(&own)).0, 200);
    assert_eq!(
        request(port, "/", Some(&format!("localhost:{port}"))).0,
        200
    );
    assert_eq!(request(port, "/", Some(&format!("[::1]:{port}"))).0, 200);
    for host in [
        Some(format!("evil.example:{port}")),
        Some("evil.example".to_string()),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some(format!("127.0.0.1:{}", port.wrapping_add(1))),
        None,
    ] {
        for target in ["/", "/roadmap/", "/__kadry/events"] {
            let (status, response) = request(port, target, host.as_deref());
            assert_eq!(status, 403, "{host:?} {target}: {response}");
            assert!(
                response.contains(&format!(
                    "Доступ запрещён: предпросмотр kadry serve открывается только по адресу http://127.0.0.1:{port}/"
                )),
                "{response}"
            );
        }
    }

    let (status, response) = request(port, "//roadmap", Some(&own));
    assert_eq!(
        (status, location(&response)),
        (301, Some("/roadmap/")),
        "{response}"
    );
    let (status, response) = request(port, "/roadmap?x=1", Some(&own));
    assert_eq!((status, location(&response)), (301, Some("/roadmap/?x=1")));
    for target in [
        "//evil.example/roadmap",
        "//evil.example",
        "/\\evil.example/",
        "/%2F%2Fevil.example",
    ] {
        let (status, response) = request(port, target, Some(&own));
        assert_eq!(status, 404, "{target}: {response}");
        assert_eq!(location(&response), None, "{target}");
    }
    assert!(!dir.path().join("public").exists());
}
