//! `kadry serve` for the editor: the warnings of each build on the terminal
//! (when they change) and for the browser's panel, never in `kadry build`'s
//! output; a busy port named with the fix; `--open` asks the system to open
//! the browser, and a browser that cannot be opened is only a warning.

mod common;

use common::serve::Serve;
use common::{committed, read_tree, site};
use std::fs;
use std::time::{Duration, Instant};

const NEWS: &str = "content/news/2026-11-20-vstrecha.md";

/// A news item whose link says only «здесь»: a warning at line 7.
const VAGUE: &str = "+++\ntitle = \"Встреча\"\ndate = 2026-11-20\nsummary = \"Кратко.\"\n+++\n\n\
                     Подробности [здесь](/roadmap/).\n";

fn warnings(serve: &Serve) -> serde_json::Value {
    let (status, body) = serve.get("/__kadry/warnings");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The warnings once `ready` holds for them: the server prints a build's
/// lines just before it serves the build.
fn warnings_when(serve: &Serve, ready: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let found = warnings(serve);
        if ready(&found) || Instant::now() > end {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn warnings_reach_the_terminal_and_the_tabs_only_in_the_preview() {
    let dir = site("small");
    let root = dir.path();
    fs::create_dir_all(root.join("content/news")).unwrap();
    fs::write(root.join(NEWS), VAGUE).unwrap();
    // a repository: the only warning is the planted one
    committed(root, "2026-11-20");

    // `kadry build` publishes neither the script nor the panel
    let out = tempfile::tempdir().unwrap();
    let built = common::build(root, &out.path().join("public"), "2026-11-26").unwrap();
    assert_eq!(built.warnings.len(), 1, "{:?}", built.warnings);
    for (path, bytes) in read_tree(&out.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__kadry") && !text.contains("kadry-serve-warnings"),
            "{}",
            path.display()
        );
    }

    let mut serve = Serve::start(root, &["--as-of", "2026-11-26"], |_| {});
    let said = serve.log.join("\n");
    assert!(
        said.contains(&format!(
            "{NEWS}:7:1: предупреждение: текст ссылки «здесь» не говорит, куда она ведёт\n  подсказка: "
        )),
        "{said}"
    );
    assert!(said.contains("Предупреждений — 1;"), "{said}");
    let first = warnings(&serve);
    assert_eq!(
        first["warnings"].as_array().map(Vec::len),
        Some(1),
        "{first}"
    );
    let w = &first["warnings"][0];
    assert_eq!(
        (w["file"].as_str(), w["line"].as_u64()),
        (Some(NEWS), Some(7))
    );
    assert_eq!(w["place"], format!("файл {NEWS}, строка 7, столбец 1"));
    let (status, page) = serve.get("/news/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<script src=\"/__kadry/livereload.js\" data-build="),
        "{page}"
    );
    let (status, script) = serve.get("/__kadry/livereload.js");
    assert_eq!(status, 200);
    assert!(script.contains("Предупреждения: ") && script.contains("Скрыть"));
    assert_eq!(serve.get("/__kadry/warnings.css").0, 200);

    // an edit elsewhere: the same warnings, not printed again
    let report = root.join("content/reports/1.1");
    let report = fs::read_dir(report)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = fs::read_to_string(&report).unwrap();
    fs::write(&report, format!("{text}\nЕщё абзац.\n")).unwrap();
    let said = serve.wait_for(|l| l.starts_with("пересобрано")).join("\n");
    assert!(said.ends_with("; предупреждения те же — 1"), "{said}");
    assert!(!said.contains("предупреждение:"), "{said}");
    assert_eq!(warnings(&serve)["id"], first["id"]);

    // fixed: said once, and the panel has nothing to show
    fs::write(root.join(NEWS), VAGUE.replace("здесь", "в дорожной карте")).unwrap();
    serve.wait_for(|l| l == "Предупреждений больше нет.");
    let fixed = warnings_when(&serve, |w| w["id"] != first["id"]);
    assert_eq!(
        fixed["warnings"].as_array().map(Vec::len),
        Some(0),
        "{fixed}"
    );
    assert_ne!(fixed["id"], first["id"]);
}

#[test]
fn a_busy_port_is_named_with_the_fix() {
    let dir = site("small");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let r = dir.path().to_str().unwrap();
    let (code, stderr) = common::kadry(&["serve", "--root", r, "--port", &port.to_string()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "ошибка: порт {port} занят (возможно, уже запущен kadry serve); укажите другой: \
             kadry serve --port {}\n",
            port + 1
        )
    );
}

/// A folder with a stand-in for `xdg-open` that writes the address it was
/// given to `opened`.
#[cfg(target_os = "linux")]
fn fake_opener(dir: &std::path::Path, opened: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("xdg-open");
    fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn open_asks_the_system_for_the_browser_and_goes_on_without_one() {
    let dir = site("small");
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    fake_opener(bin.path(), &opened);
    let serve = Serve::start(dir.path(), &["--open"], |c| {
        c.env("PATH", bin.path());
    });
    let url = format!("http://127.0.0.1:{}/", serve.port);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(fs::read_to_string(&opened).ok(), Some(url));
    drop(serve);

    // no opener at all: a warning naming the address, and the preview runs
    let empty = tempfile::tempdir().unwrap();
    let mut serve = Serve::start(dir.path(), &["--open"], |c| {
        c.env("PATH", empty.path());
    });
    let url = format!("http://127.0.0.1:{}/", serve.port);
    serve.wait_for(|l| {
        l == format!(
            "предупреждение: не удалось открыть браузер (не найдена программа xdg-open); \
             откройте {url} сами"
        )
    });
    assert_eq!(serve.get("/").0, 200);
}
