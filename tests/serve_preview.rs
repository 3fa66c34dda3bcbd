//! `kadry serve` for the editor: a busy port named with the fix; `--open`
//! asks the system to open the browser, and a browser that cannot be opened
//! is only a warning.

mod common;

use common::serve::Serve;
use common::site;
use std::fs;
use std::time::{Duration, Instant};

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
