//! Sites and runs for the tests of `kadry check`'s machine-readable
//! output: copies of the small fixture, passing (with one reader warning)
//! or with errors planted (one on a line, one about a whole file) beside
//! warnings; the binary run on them with its output captured; and the
//! problems its text output names, to compare every format against.

#![allow(dead_code)]

use crate::common::site;
use std::fs;
use std::path::Path;
use std::process::Command;

pub const REPORT: &str = "content/reports/1.1/2018-08-10-gruppa.md";

/// What one run of `kadry` gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `kadry` binary with `args` in the folder `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The small fixture with an image without a description in its report:
/// no errors, one warning; committed to git, so its history is whole.
pub fn warned_site() -> tempfile::TempDir {
    let dir = site("small");
    append(dir.path(), REPORT, "\n![](/reports/1.1/files/sostav.csv)\n");
    crate::common::committed(dir.path(), "2026-11-20");
    dir
}

/// [`warned_site`] with an unknown executor in a measure (an error on a
/// line) and a second report at the same address (an error about the
/// whole file).
pub fn broken_site() -> tempfile::TempDir {
    let dir = warned_site();
    let root = dir.path();
    let measure = root.join("content/roadmap/01/1.2.md");
    let text = fs::read_to_string(&measure).unwrap();
    fs::write(&measure, text.replacen("\"dep-b\"", "\"dep-c\"", 1)).unwrap();
    fs::copy(
        root.join(REPORT),
        root.join("content/reports/1.1/2018-08-10-Gruppa.md"),
    )
    .unwrap();
    dir
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut body = fs::read_to_string(&path).unwrap();
    body.push_str(text);
    fs::write(path, body).unwrap();
}

/// One problem as the text output shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub error: bool,
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

/// The problems in `kadry check`'s text output (standard error):
/// `path:line:column: ошибка: message` or `path: предупреждение: message`.
pub fn shown(stderr: &str) -> Vec<Shown> {
    stderr
        .lines()
        .filter_map(|l| {
            let (at, error, message) = if let Some((at, m)) = l.split_once(": ошибка: ") {
                (at, true, m)
            } else {
                let (at, m) = l.split_once(": предупреждение: ")?;
                (at, false, m)
            };
            let mut parts = at.split(':');
            let path = parts.next()?.to_string();
            let line = parts.next().map(|n| n.parse().unwrap());
            Some(Shown {
                error,
                path,
                line,
                message: message.to_string(),
            })
        })
        .collect()
}
