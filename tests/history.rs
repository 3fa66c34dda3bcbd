//! Change history from git: deadline moves committed to a measure file show
//! as history, in order, and "изменено" dates are commit dates. A history
//! git cannot give whole (a shallow clone, a copy without `.git`, no git)
//! is a warning naming the fix, and an error for `--require-history`.

mod common;

use common::{commit, date, git, kadry, site};
use kadry::load::history::{History, HistoryStatus};
use std::path::{Path, PathBuf};

fn move_deadline(root: &Path, from: &str, to: &str, text_from: &str, text_to: &str) {
    let path = root.join("content/roadmap/01/1.2.md");
    let t = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, t.replace(from, to).replace(text_from, text_to)).unwrap();
}

#[test]
fn deadline_moves_become_history_in_order() {
    let dir = repository();
    let root = dir.path();

    let (_, roadmap) = kadry::load_site(root, date("2026-11-26")).unwrap();
    let m = roadmap.measure("1.2").unwrap();
    let changes: Vec<(String, &str, &str)> = m
        .deadline_changes
        .iter()
        .map(|c| (c.date.to_string(), c.old_text.as_str(), c.new_text.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "2019-11-15".into(),
                "Декабрь 2019 (2019-12)",
                "Июнь 2020 (2020-06)"
            ),
            (
                "2020-05-20".into(),
                "Июнь 2020 (2020-06)",
                "Декабрь 2020 (2020-12)"
            ),
        ]
    );
    assert_eq!(m.modified, Some(date("2020-05-20")));
    // Unchanged files keep the date of their own last commit.
    assert_eq!(
        roadmap.measure("1.1").unwrap().modified,
        Some(date("2018-07-01"))
    );

    // The measure page shows the moves, oldest first, and its own date.
    let out = root.join("public");
    common::build(root, &out, "2026-11-26").unwrap();
    let page = common::text(&common::read(&out, "roadmap/1/1.2/index.html"));
    let first = page
        .find("15 ноября 2019 г. срок Декабрь 2019 (2019-12) Июнь 2020 (2020-06)")
        .unwrap_or_else(|| panic!("{page}"));
    let second = page
        .find("20 мая 2020 г. срок Июнь 2020 (2020-06) Декабрь 2020 (2020-12)")
        .unwrap();
    assert!(first < second);
    assert!(page.contains("Изменено: 20 мая 2020 г."), "{page}");
    let other = common::text(&common::read(&out, "roadmap/1/1.1/index.html"));
    assert!(other.contains("Изменено: 1 июля 2018 г."), "{other}");
}

#[test]
fn without_git_the_updated_field_is_used() {
    let dir = site("small");
    let path = dir.path().join("content/roadmap/01/1.2.md");
    let t = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, t.replacen("+++\n", "+++\nupdated = 2019-03-04\n", 1)).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date("2026-11-26")).unwrap();
    assert_eq!(
        roadmap.measure("1.2").unwrap().modified,
        Some(date("2019-03-04"))
    );
    assert!(roadmap.measure("1.2").unwrap().deadline_changes.is_empty());
}

#[test]
fn status_history_follows_reports_and_the_deadline() {
    let dir = site("small");
    let (_, roadmap) = kadry::load_site(dir.path(), date("2026-11-26")).unwrap();
    // 1.1 was reported done on 2018-08-10, before its deadline passed.
    let changes: Vec<(String, &str, &str)> = roadmap
        .measure("1.1")
        .unwrap()
        .status_changes
        .iter()
        .map(|c| (c.date.to_string(), c.old.slug(), c.new.slug()))
        .collect();
    assert_eq!(changes, [("2018-08-10".into(), "planned", "done")]);
    // 1.2 has no report: its deadline passing is the change.
    let changes: Vec<(String, &str)> = roadmap
        .measure("1.2")
        .unwrap()
        .status_changes
        .iter()
        .map(|c| (c.date.to_string(), c.new.slug()))
        .collect();
    assert_eq!(changes, [("2020-01-01".into(), "overdue")]);
}

/// The small fixture as a git repository with three commits: the roadmap
/// on 2018-07-01, then two moves of 1.2's deadline.
fn repository() -> tempfile::TempDir {
    let dir = site("small");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"], "2018-07-01");
    commit(root, "roadmap", "2018-07-01");
    move_deadline(
        root,
        "\"2019-12\"",
        "\"2020-06\"",
        "Декабрь 2019",
        "Июнь 2020",
    );
    commit(root, "move 1.2 to June 2020", "2019-11-15");
    move_deadline(
        root,
        "\"2020-06\"",
        "\"2020-12\"",
        "Июнь 2020",
        "Декабрь 2020",
    );
    commit(root, "move 1.2 to December 2020", "2020-05-20");
    dir
}

/// A clone of `repo` in a new folder (`depth` commits, or all of them).
fn clone(repo: &Path, depth: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.display());
    let mut args = vec!["clone", "-q"];
    args.extend(depth.map(|d| ["--depth", d]).iter().flatten());
    args.extend([url.as_str(), "site"]);
    git(dir.path(), &args, "2026-11-26");
    let root = dir.path().join("site");
    (dir, root)
}

fn kadry_build(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-26",
        "--no-search",
    ];
    args.extend(extra);
    kadry(&args)
}

const HISTORY_WARNING: &str = ".git: предупреждение: ";

#[test]
fn a_shallow_clone_warns_and_require_history_refuses() {
    let repo = repository();
    let (_dir, root) = clone(repo.path(), Some("1"));
    let (code, stderr) = kadry_build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        ".git: предупреждение: история изменений неполная: репозиторий склонирован не целиком",
        "история сроков и даты «изменено» на страницах будут неполными",
        "git fetch --unshallow",
        "GIT_DEPTH: 0",
        "actions/checkout с параметром fetch-depth: 0",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let out = root.join("public");
    let before = common::read_tree(&out);

    let (code, stderr) = kadry_build(&root, &["--require-history"]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        ".git: ошибка: история изменений неполная",
        "--require-history: сайт не собран",
        "подсказка: скачайте всю историю: git fetch --unshallow",
        "Сборка остановлена. Сайт не изменён.",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!stderr.contains(HISTORY_WARNING), "{stderr}");
    assert_eq!(common::read_tree(&out), before, "the site was changed");
}

#[test]
fn a_shallow_clone_keeps_only_the_history_it_has() {
    let repo = repository();
    let (_dir, root) = clone(repo.path(), Some("2"));
    let (_, roadmap) = kadry::load_site(&root, date("2026-11-26")).unwrap();
    // the clone starts at the first move: the second is history, and the
    // deadline as it stood then is its "before"
    let m = roadmap.measure("1.2").unwrap();
    let changes: Vec<(String, &str)> = m
        .deadline_changes
        .iter()
        .map(|c| (c.date.to_string(), c.old_text.as_str()))
        .collect();
    assert_eq!(changes, [("2020-05-20".into(), "Июнь 2020 (2020-06)")]);
    assert_eq!(m.modified, Some(date("2020-05-20")));
    // 1.1 last changed before the cut: the clone's first commit lists it as
    // if added then, which is no date of a change
    assert_eq!(roadmap.measure("1.1").unwrap().modified, None);
}

#[test]
fn a_full_clone_builds_without_a_warning() {
    let repo = repository();
    let (_dir, root) = clone(repo.path(), None);
    let (code, stderr) = kadry_build(&root, &["--require-history"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains(HISTORY_WARNING), "{stderr}");
    let page = common::text(&common::read(
        &root.join("public"),
        "roadmap/1/1.2/index.html",
    ));
    assert!(page.contains("Изменено: 20 мая 2020 г."), "{page}");
    let (code, stderr) = kadry(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Ошибок нет, предупреждений — 0"),
        "{stderr}"
    );
}

#[test]
fn a_copy_without_git_warns() {
    let dir = site("small");
    let r = dir.path().to_str().unwrap();
    for command in ["check", "build"] {
        let (code, stderr) = kadry(&[command, "--root", r, "--as-of", "2026-11-26"]);
        assert_eq!(code, 0, "{stderr}");
        for expected in [
            ".git: предупреждение: истории изменений нет: сайт собирается не из репозитория git",
            "история сроков и даты «изменено» на страницах будут неполными",
            "подсказка: собирайте сайт из клона репозитория содержимого (git clone …), \
             а не из архива или копии папки",
        ] {
            assert!(stderr.contains(expected), "{command}: {expected}\n{stderr}");
        }
    }
    let (code, stderr) = kadry(&["check", "--root", r, "--as-of", "2026-11-26"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("Ошибок нет, предупреждений — 1"),
        "{stderr}"
    );
    let (code, stderr) = kadry(&["build", "--root", r, "--out", "site", "--require-history"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("не из архива или копии папки"), "{stderr}");
    assert!(!dir.path().join("site").exists());
}

#[test]
fn every_other_gap_is_named() {
    // a repository without commits, then one where content/ was never committed
    let dir = site("small");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"], "2018-07-01");
    let status = || History::from_git(root).status().clone();
    assert_eq!(status(), HistoryStatus::Untracked);
    git(root, &["add", "kadry.toml"], "2018-07-01");
    git(root, &["commit", "-q", "-m", "settings"], "2018-07-01");
    assert_eq!(status(), HistoryStatus::Untracked);
    let warning = status().problem().unwrap().to_string();
    assert!(
        warning.contains("нет ни одного коммита с папкой content/"),
        "{warning}"
    );
    commit(root, "content", "2018-07-02");
    assert_eq!(status(), HistoryStatus::Complete);
    assert!(status().problem().is_none());

    // a .git that git cannot read
    let dir = site("small");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let status = History::from_git(dir.path()).status().clone();
    assert!(
        matches!(status, HistoryStatus::GitFailed(ref why) if !why.is_empty()),
        "{status:?}"
    );
    assert!(status.problem().unwrap().message.contains("git ответил «"));

    // no git program at all
    let r = dir.path().to_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(["check", "--root", r, "--as-of", "2026-11-26"])
        .env("PATH", "")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(".git: предупреждение: истории изменений нет: программа git не найдена"),
        "{stderr}"
    );
}

#[test]
fn a_deadline_edit_not_yet_committed_is_a_warning_at_its_line() {
    let dir = repository();
    let root = dir.path();
    let (_, roadmap) = kadry::load_site(root, date("2026-11-26")).unwrap();
    assert!(roadmap.warnings.is_empty(), "{:?}", roadmap.warnings);
    let committed = roadmap.measure("1.2").unwrap().deadline.to_string();
    let path = root.join("content/roadmap/01/1.2.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("deadline ="))
        .unwrap()
        + 1;
    let edited = text.replacen(&format!("\"{committed}\""), "\"2021-06\"", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let (_, roadmap) = kadry::load_site(root, date("2026-11-26")).unwrap();
    let found: Vec<String> = roadmap.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!(
            "content/roadmap/01/1.2.md:{line}:1: предупреждение: срок изменён"
        )) && found[0].contains("не зафиксирована в git"),
        "{found:?} (committed: {committed})"
    );
    // once committed, the change is history and the warning is gone
    commit(root, "move the deadline", "2026-11-27T10:00:00");
    let (_, roadmap) = kadry::load_site(root, date("2026-11-28")).unwrap();
    assert!(roadmap.warnings.is_empty(), "{:?}", roadmap.warnings);
}
