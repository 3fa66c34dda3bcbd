//! Shared helpers for the integration tests: throwaway copies of fixture
//! sites (with the repository's theme) and reading a built site back.

#![allow(dead_code)]

pub mod opendata;
pub mod serve;

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site: the named fixture (or the real portal for `"real"`)
/// with the repository's themes, ready to edit and build.
pub fn site(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = if fixture == "real" {
        repo()
    } else {
        repo().join("tests/fixtures").join(fixture)
    };
    copy_tree(&src.join("content"), &dir.path().join("content"));
    fs::copy(src.join("kadry.toml"), dir.path().join("kadry.toml")).unwrap();
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

pub fn build(
    root: &Path,
    out: &Path,
    as_of: &str,
) -> Result<kadry::BuildSummary, kadry::BuildError> {
    kadry::build(&kadry::BuildOptions::new(root, out, date(as_of)))
}

/// The keys whose values differ between two maps of files (or that only
/// one of them has).
pub fn differing<'m, K: Ord, V: PartialEq>(
    a: &'m BTreeMap<K, V>,
    b: &'m BTreeMap<K, V>,
) -> Vec<&'m K> {
    let keys: std::collections::BTreeSet<&K> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    keys.into_iter().collect()
}

/// Every file of a built site, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The visible text of an HTML page, whitespace collapsed.
pub fn text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").unwrap();
    let t: Vec<String> = doc
        .select(&body)
        .flat_map(|b| b.text())
        .map(str::to_string)
        .collect();
    t.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs the `kadry` binary; returns (exit code, stderr).
pub fn kadry(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `kadry check` of the site at `root` as of 2026-11-26, the date the
/// fixtures are judged against: (exit code, stderr).
pub fn check(root: &Path) -> (i32, String) {
    kadry(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-26",
    ])
}

/// Every file of a built site as [`read_tree`], less kadry's marker, which
/// holds the build time and so differs between two builds of one site.
pub fn read_site(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = read_tree(dir);
    files.remove(Path::new(kadry::publish::MARKER));
    files
}

/// A mistake planted in a copy of the small fixture, and where and how
/// `kadry check` must name it.
pub struct Case {
    pub name: &'static str,
    pub plant: fn(&Path),
    /// `path:line:` or `path:` (no line) expected at the start of an error line.
    pub location: &'static str,
    pub message: &'static str,
}

/// For every case: builds the small fixture, plants the mistake, then runs
/// `kadry check` and `kadry build`. Each must exit 1 with an error line
/// starting with the case's location and saying its message, nothing may
/// panic, and the previous site must be left exactly as it was. Fails
/// listing every case that went wrong; returns check's output for every
/// case, each under a `## name` line.
pub fn assert_all_refused(cases: &[Case]) -> String {
    let mut failures = Vec::new();
    let mut outputs = String::new();
    for case in cases {
        let dir = site("small");
        let root = dir.path();
        let out = root.join("public");
        build(root, &out, "2026-11-26").unwrap_or_else(|e| panic!("fixture: {e:?}"));
        let before = read_tree(&out);
        (case.plant)(root);
        let (found, stderr) = refusal_problems(root, &out, &before, case);
        if !found.is_empty() {
            failures.push(format!("{}: {}\n{stderr}", case.name, found.join("; ")));
        }
        // the site's temporary folder differs from run to run
        let stderr = stderr.replace(root.to_str().unwrap(), "<root>");
        outputs.push_str(&format!("## {}\n{stderr}\n", case.name));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    outputs
}

/// Compares `got` with the committed `tests/golden/<name>`, or rewrites it
/// when `KADRY_UPDATE_GOLDEN` is set; fails showing the first differing line.
pub fn assert_golden_text(name: &str, got: &str) {
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("KADRY_UPDATE_GOLDEN").is_some() {
        fs::write(&path, got).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(w, g)| w != g)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "tests/golden/{name} differs from line {}:\n  want: {:?}\n  got:  {:?}\n\
             If this change is on purpose: KADRY_UPDATE_GOLDEN=1 cargo test --test bad_input --test hostile_content",
            line + 1,
            want.lines().nth(line).unwrap_or("(end)"),
            got.lines().nth(line).unwrap_or("(end)"),
        );
    }
}

/// What went wrong with one planted case, and check's output.
fn refusal_problems(
    root: &Path,
    out: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    case: &Case,
) -> (Vec<String>, String) {
    let (location, message) = (case.location, case.message);
    let r = root.to_str().unwrap();
    let (code, stderr) = kadry(&["check", "--root", r, "--as-of", "2026-11-26"]);
    let located = stderr
        .lines()
        .any(|l| l.starts_with(location) && l.contains(": ошибка: "));
    let (build_code, build_err) = kadry(&["build", "--root", r, "--as-of", "2026-11-26"]);
    let problems = [
        (code != 1, format!("check exit code {code}")),
        (
            !located,
            format!("no error line starting with «{location}»"),
        ),
        (!stderr.contains(message), format!("no «{message}»")),
        (stderr.contains("panicked"), "check panicked".into()),
        (build_code != 1, format!("build exit code {build_code}")),
        (build_err.contains("panicked"), "build panicked".into()),
        (read_tree(out) != *before, "previous site changed".into()),
    ];
    let found = problems
        .into_iter()
        .filter(|(bad, _)| *bad)
        .map(|(_, what)| what)
        .collect();
    (found, stderr)
}

/// Runs git in `root` as an editor would, with the commit dated `when`
/// (`YYYY-MM-DD`, noon Moscow time), so that history is the same every run.
pub fn git(root: &Path, args: &[&str], when: &str) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_AUTHOR_DATE", format!("{when}T12:00:00+03:00"))
        .env("GIT_COMMITTER_DATE", format!("{when}T12:00:00+03:00"))
        .env("GIT_AUTHOR_NAME", "Редактор")
        .env("GIT_AUTHOR_EMAIL", "editor@example.org")
        .env("GIT_COMMITTER_NAME", "Редактор")
        .env("GIT_COMMITTER_EMAIL", "editor@example.org")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Commits everything in `root` (a repository) on the day `when`.
pub fn commit(root: &Path, message: &str, when: &str) {
    git(root, &["add", "-A"], when);
    git(root, &["commit", "-q", "-m", message], when);
}

/// Makes `root` a git repository with all of it in one commit: a site with
/// its whole history, as the portal is built from.
pub fn committed(root: &Path, when: &str) {
    git(root, &["init", "-q"], when);
    commit(root, "content", when);
}

/// The theme path of a published file: `css/site.0123456789.css` →
/// `css/site.css` (theme files carry a hash of their bytes in their names);
/// a name without such a hash is returned as it is.
pub fn unhashed(path: &Path) -> PathBuf {
    let name = path.to_string_lossy();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return path.to_path_buf();
    };
    match stem.rsplit_once('.') {
        Some((base, hash)) if hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            PathBuf::from(format!("{base}.{ext}"))
        }
        _ => path.to_path_buf(),
    }
}
