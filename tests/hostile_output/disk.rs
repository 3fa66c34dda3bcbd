//! The cases that need a real disk error: a full tmpfs, a read-only one
//! (mounted as root, or in a user and mount namespace through `unshare -rm`)
//! and `chattr +i`. Where none of these can be had the tests fail and say
//! why: they must not pass without having run.

use super::{leftovers, snapshot, Project, A, B};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a program, returning its error output when it fails.
fn sh(program: &str, args: &[&str]) -> Result<(), String> {
    let o = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Result<Tmpfs, String> {
        fs::create_dir_all(dir).unwrap();
        let d = dir.to_str().unwrap();
        sh(
            "mount",
            &["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs", d],
        )?;
        Ok(Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = sh("umount", &["-l", self.0.to_str().unwrap()]);
    }
}

/// Whether this test must run here: true where tmpfs can be mounted. Where
/// it cannot, runs the test again in a user and mount namespace
/// (`unshare -rm`) and returns false; where that fails too, panics.
fn can_mount(test: &str) -> bool {
    let probe = tempfile::tempdir().unwrap();
    let direct = Tmpfs::mount(probe.path(), "64k").map(drop);
    if direct.is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("KADRY_TEST_IN_NAMESPACE").is_none(),
        "cannot mount tmpfs even in a namespace: {direct:?}"
    );
    let exe = std::env::current_exe().unwrap();
    let o = Command::new("unshare")
        .arg("-rm")
        .arg(&exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("KADRY_TEST_IN_NAMESPACE", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("1 passed"),
        "cannot mount tmpfs ({direct:?}), and through unshare -rm the test failed or did not run:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    false
}

#[test]
fn a_full_disk_leaves_the_previous_site() {
    if !can_mount("disk::a_full_disk_leaves_the_previous_site") {
        return;
    }
    let p = Project::new();
    // too small for any site: nothing is left behind
    let tiny = Tmpfs::mount(&p.ws().join("tiny"), "16k").unwrap();
    let (code, err) = p.build(&tiny.0.join("public"), A);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("на диске не осталось места"), "{err}");
    assert!(
        err.contains("Сборка остановлена. Сайт не изменён."),
        "{err}"
    );
    let names: Vec<_> = fs::read_dir(&tiny.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [".public.lock"], "a failed first build left files");
    // room for one site: filled up, the next build fails and changes nothing
    let disk = Tmpfs::mount(&p.ws().join("disk"), "4m").unwrap();
    let out = disk.0.join("public");
    assert_eq!(p.build(&out, A).0, 0);
    let site_a = snapshot(&out);
    let filler = disk.0.join("filler");
    {
        use std::io::Write;
        let mut f = fs::File::create(&filler).unwrap();
        while f.write_all(&[0u8; 4096]).is_ok() {}
    }
    let (code, err) = p.build(&out, B);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("на диске не осталось места") && err.contains("подсказка: освободите место"),
        "{err}"
    );
    assert!(
        err.contains("Сборка остановлена. Сайт не изменён."),
        "{err}"
    );
    assert_eq!(snapshot(&out), site_a);
    assert!(leftovers(&disk.0).is_empty());
    fs::remove_file(&filler).unwrap();
    let (code, err) = p.build(&out, B);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_read_only_disk_leaves_the_previous_site() {
    if !can_mount("disk::a_read_only_disk_leaves_the_previous_site") {
        return;
    }
    let p = Project::new();
    let disk = Tmpfs::mount(&p.ws().join("disk"), "4m").unwrap();
    let out = disk.0.join("public");
    assert_eq!(p.build(&out, A).0, 0);
    let site_a = snapshot(&out);
    sh("mount", &["-o", "remount,ro", disk.0.to_str().unwrap()]).unwrap();
    let (code, err) = p.build(&out, B);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("только для чтения"), "{err}");
    assert!(
        err.contains("Сборка остановлена. Сайт не изменён."),
        "{err}"
    );
    assert_eq!(snapshot(&out), site_a);
}

/// `chattr +i` on a path for one test, taken off when dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Immutable {
        let p = path.to_str().unwrap();
        sh("chattr", &["+i", p]).unwrap_or_else(|e| panic!("chattr +i is needed (as root): {e}"));
        Immutable(path.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = sh("chattr", &["-i", self.0.to_str().unwrap()]);
    }
}

#[test]
fn an_immutable_site_folder_is_left_unchanged() {
    let p = Project::new();
    assert_eq!(p.build(Path::new("public"), A).0, 0);
    let site_a = snapshot(&p.public());
    let guard = Immutable::set(&p.public());
    let (code, err) = p.build(Path::new("public"), B);
    drop(guard);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("замена папки") && err.contains("нет прав"),
        "{err}"
    );
    assert!(
        err.contains("Сборка остановлена. Сайт не изменён."),
        "{err}"
    );
    assert_eq!(snapshot(&p.public()), site_a);
    assert!(leftovers(&p.root()).is_empty());
}

#[test]
fn an_old_copy_that_cannot_be_removed_is_named() {
    let p = Project::new();
    assert_eq!(p.build(Path::new("public"), A).0, 0);
    let guard = Immutable::set(&p.public().join("index.html"));
    let (code, err) = p.build(Path::new("public"), B);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("новый сайт на месте, но прежний не удалось удалить"),
        "{err}"
    );
    let left = leftovers(&p.root());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        err.contains(&format!(
            "rm -r {}",
            p.root().canonicalize().unwrap().join(&left[0]).display()
        )),
        "{err}"
    );
    assert!(crate::common::read(&p.public(), "sitemap.xml").contains(B));
    // the immutable file went with the old copy
    let mut guard = guard;
    guard.0 = p.root().join(&left[0]).join("index.html");
    drop(guard);
    let (code, err) = p.build(Path::new("public"), A);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("удалена папка, оставшаяся от прерванной сборки"),
        "{err}"
    );
    assert!(leftovers(&p.root()).is_empty());
}
