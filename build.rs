//! Build script: the commit kadry is built from, for `kadry --version`.
//!
//! Takes the git checkout the package sits in (its own, not one it happens
//! to be unpacked inside), else the `KADRY_COMMIT` environment variable,
//! else nothing (a tarball build); gives `KADRY_BUILD_COMMIT` to the
//! compiler: `abc123456789 2026-12-04` (hash and commit date), the
//! variable's value, or `unknown`. Cargo runs it again when the checkout's
//! HEAD or the branch it points to moves.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KADRY_COMMIT");
    let Some(dir) = env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return;
    };
    let commit = from_git(&dir)
        .or_else(|| {
            env::var("KADRY_COMMIT")
                .ok()
                .filter(|c| !c.trim().is_empty())
        })
        .unwrap_or_else(|| "unknown".into());
    // one line, whatever the variable held
    let commit = commit.split_whitespace().collect::<Vec<_>>().join(" ");
    println!("cargo:rustc-env=KADRY_BUILD_COMMIT={commit}");
}

/// `git -C dir ARGS`'s output, trimmed; `None` when git is missing, fails
/// or says nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// Hash and commit date of HEAD, when `dir` is the top of a git checkout.
fn from_git(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    watch(dir);
    let hash = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    let date = git(dir, &["log", "-1", "--format=%cs", "HEAD"])?;
    Some(format!("{hash} {date}"))
}

/// Asks cargo to run this script again when HEAD moves: the checkout's
/// HEAD file (a worktree has its own), and the branch it names, as a loose
/// ref and in packed-refs (either may hold it). Only files that exist are
/// named: cargo runs a script again on every build for a missing one.
fn watch(dir: &Path) {
    let mut files = vec!["HEAD".to_string(), "packed-refs".to_string()];
    files.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in files {
        let Some(path) = git(dir, &["rev-parse", "--git-path", &name]) else {
            continue;
        };
        let path = dir.join(path);
        if path.is_file() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}
