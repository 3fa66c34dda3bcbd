//! `kadry --version` names the version and the commit the binary was built
//! from: in a git checkout, HEAD's hash and commit date as git gives them.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit_built_from() {
    let out = Command::new(env!("CARGO_BIN_EXE_kadry"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let prefix = format!("kadry {} (", env!("CARGO_PKG_VERSION"));
    let commit = printed
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("«{printed}»"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let in_checkout = git(repo, &["rev-parse", "--show-toplevel"])
        .is_some_and(|top| Path::new(&top).canonicalize().ok() == repo.canonicalize().ok());
    if in_checkout {
        let hash = git(repo, &["rev-parse", "--short=12", "HEAD"]).unwrap();
        let date = git(repo, &["log", "-1", "--format=%cs", "HEAD"]).unwrap();
        assert_eq!(commit, format!("{hash} {date}"));
        let (_, day) = commit.split_once(' ').unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
            "{commit}"
        );
    } else {
        // a tarball build: what KADRY_COMMIT said when it was built, or "unknown"
        assert!(!commit.is_empty() && !commit.contains('\n'), "«{commit}»");
    }
}
