//! `kadry serve --open`: the preview opened in the editor's browser by the
//! system's own opener (`xdg-open`, on macOS `open`, on Windows `start`).
//!
//! Takes the address; opens it in the background. A browser that cannot be
//! opened is a warning naming the address to open by hand, never an error:
//! the preview runs all the same.

use std::process::{Command, Stdio};

/// Asks the system to open `url`; says so on standard error if it cannot.
pub(super) fn open(url: &str) {
    let (program, mut command) = opener(url);
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let url = url.to_string();
    match child {
        Ok(mut child) => {
            // the opener may take a while or fail late (no browser set up)
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => warn(&url, &format!("{program} завершилась: {status}")),
                Err(e) => warn(&url, &format!("{program}: {e}")),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            warn(&url, &format!("не найдена программа {program}"));
        }
        Err(e) => warn(&url, &format!("{program}: {e}")),
    }
}

fn warn(url: &str, why: &str) {
    eprintln!("предупреждение: не удалось открыть браузер ({why}); откройте {url} сами");
}

/// The program that opens an address in the default browser, and its call.
fn opener(url: &str) -> (&'static str, Command) {
    let (program, mut command) = if cfg!(target_os = "macos") {
        ("open", Command::new("open"))
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        // `start`'s first quoted argument is a window title
        c.args(["/C", "start", ""]);
        ("start", c)
    } else {
        ("xdg-open", Command::new("xdg-open"))
    };
    command.arg(url);
    (program, command)
}
