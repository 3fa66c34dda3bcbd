//! Golden output: the sha256 of every file of three builds, committed in
//! `tests/golden/*.sha256` (the format of `sha256sum`), so that a change
//! which alters a single byte of the published site fails here with the
//! list of files that changed. The builds run on copies without `.git`, so
//! change dates come from the content's `updated` fields and the manifests
//! do not move with every commit.
//!
//! After a change that alters the output on purpose, update the manifests
//! and say in the commit which pages changed and why:
//!
//!     KADRY_UPDATE_GOLDEN=1 cargo test --test golden

mod common;

use common::{date, read_site, repo, site};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

const AS_OF: &str = "2026-11-26";

/// `sha256  path` lines of every file of the site in `out`, sorted by path.
fn manifest(out: &Path) -> String {
    read_site(out)
        .into_iter()
        .map(|(path, bytes)| format!("{:x}  {}\n", Sha256::digest(&bytes), path.display()))
        .collect()
}

/// Lines of `want` and `got` that differ, as `changed`/`added`/`removed` paths.
fn differences(want: &str, got: &str) -> Vec<String> {
    let parse = |text: &str| -> std::collections::BTreeMap<String, String> {
        text.lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(hash, path)| (path.to_string(), hash.to_string()))
            .collect()
    };
    let (want, got) = (parse(want), parse(got));
    let mut out = Vec::new();
    for (path, hash) in &got {
        match want.get(path) {
            None => out.push(format!("added:   {path}")),
            Some(h) if h != hash => out.push(format!("changed: {path}")),
            _ => {}
        }
    }
    out.extend(
        want.keys()
            .filter(|p| !got.contains_key(*p))
            .map(|p| format!("removed: {p}")),
    );
    out
}

/// Builds `fixture` with `base_url` and compares it with `tests/golden/<name>`.
fn check(name: &str, fixture: &str, base_url: Option<&str>) {
    let dir = site(fixture);
    let out = dir.path().join("public");
    let opts = kadry::BuildOptions {
        base_url: base_url.map(str::to_string),
        ..kadry::BuildOptions::new(dir.path(), &out, date(AS_OF))
    };
    kadry::build(&opts).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let got = manifest(&out);
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("KADRY_UPDATE_GOLDEN").is_some() {
        fs::write(&path, &got).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    let diff = differences(&want, &got);
    assert!(
        diff.is_empty(),
        "{name}: the output differs from tests/golden/{name} in {} file(s):\n{}\n\
         If this change is on purpose: KADRY_UPDATE_GOLDEN=1 cargo test --test golden",
        diff.len(),
        diff.join("\n")
    );
}

#[test]
fn real_portal_at_the_root() {
    check("real.sha256", "real", None);
}

#[test]
fn real_portal_under_a_sub_path() {
    check(
        "real-subpath.sha256",
        "real",
        Some("https://example.org/kadry/"),
    );
}

#[test]
fn small_fixture() {
    check("small.sha256", "small", None);
}

#[test]
fn one_changed_byte_is_named() {
    let want = "aa  index.html\nbb  roadmap/index.html\ncc  gone.html\n";
    let got = "aa  index.html\nbc  roadmap/index.html\ndd  new.html\n";
    assert_eq!(
        differences(want, got),
        [
            "added:   new.html",
            "changed: roadmap/index.html",
            "removed: gone.html"
        ]
    );
}
