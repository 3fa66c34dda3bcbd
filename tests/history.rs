//! Change history from git: deadline moves committed to a measure file show
//! as history, in order, and "изменено" dates are commit dates.

mod common;

use common::{date, site};
use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str], when: &str) {
    let out = Command::new("git")
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

fn commit(root: &Path, message: &str, when: &str) {
    git(root, &["add", "-A"], when);
    git(root, &["commit", "-q", "-m", message], when);
}

fn move_deadline(root: &Path, from: &str, to: &str, text_from: &str, text_to: &str) {
    let path = root.join("content/roadmap/01/1.2.md");
    let t = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, t.replace(from, to).replace(text_from, text_to)).unwrap();
}

#[test]
fn deadline_moves_become_history_in_order() {
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
