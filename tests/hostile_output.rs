//! `kadry build` against outputs it must not replace (the root, its
//! ancestors, the folders it reads, files, strangers' folders), killed
//! builds, a full disk, a read-only disk, an immutable site, and two builds
//! racing into one folder. Every case checks the exit code, the Russian
//! message and that no file was lost.
//!
//! The cases that need a full, read-only or immutable disk are in `disk`.

mod common;
#[path = "hostile_output/disk.rs"]
mod disk;

use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A workspace `ws/` holding the site (`ws/site`, the small fixture with a
/// fake `.git`) and a folder of someone else's files (`ws/other`).
struct Project {
    tmp: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let tmp = tempfile::tempdir().unwrap();
        let site = common::site("small");
        common::copy_tree(site.path(), &tmp.path().join("ws/site"));
        let p = Project { tmp };
        fs::create_dir_all(p.root().join(".git/objects")).unwrap();
        fs::write(p.root().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(p.root().join("notes.txt"), "не сайт").unwrap();
        fs::create_dir_all(p.ws().join("other/deep")).unwrap();
        fs::write(p.ws().join("other/deep/thesis.docx"), "чужой файл").unwrap();
        p
    }
    fn ws(&self) -> PathBuf {
        self.tmp.path().join("ws")
    }
    fn root(&self) -> PathBuf {
        self.ws().join("site")
    }
    fn public(&self) -> PathBuf {
        self.root().join("public")
    }
    /// Builds into `out` (relative to the root unless absolute).
    fn build(&self, out: &Path, base_url: &str) -> (i32, String) {
        run(&self.root(), out, base_url, &[])
    }
}

/// `kadry build --root root --out out` with a fixed date and build time.
fn command(root: &Path, out: &Path, base_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kadry"));
    cmd.args([
        "build",
        "--no-search",
        "--as-of",
        "2026-01-15",
        "--base-url",
        base_url,
    ])
    .arg("--root")
    .arg(root)
    .arg("--out")
    .arg(out)
    .env("SOURCE_DATE_EPOCH", "1767225600");
    cmd
}

fn run(root: &Path, out: &Path, base_url: &str, env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = command(root, out, base_url);
    cmd.envs(env.iter().copied());
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const A: &str = "https://a.example.org/";
const B: &str = "https://b.example.org/";

/// Every entry under `dir` (folders and symlinks too), by relative path,
/// with a hash of its contents or link target: any change, loss or new
/// entry shows.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            let t = e.file_type();
            if t.is_symlink() {
                ("link", fs::read_link(e.path()).unwrap()).hash(&mut h);
            } else if t.is_file() {
                ("file", fs::read(e.path()).unwrap()).hash(&mut h);
            } else {
                "dir".hash(&mut h);
            }
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                h.finish(),
            )
        })
        .collect()
}

/// Names beside the output left by builds: staging folders and old copies.
fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-") || n.starts_with(".public.old-"))
        .collect()
}

/// A wrong `--out` is refused with `message`, and nothing in the whole
/// workspace changes or appears.
fn refused(p: &Project, out: &Path, message: &str) {
    let before = snapshot(p.tmp.path());
    let (code, err) = p.build(out, A);
    assert_eq!(code, 1, "{}: {err}", out.display());
    assert!(
        err.contains(message),
        "{}: wanted «{message}» in:\n{err}",
        out.display()
    );
    // the hint stands on a line of its own, not behind a visible «\n»
    assert!(err.contains("\n  подсказка:"), "{err}");
    assert!(
        err.contains("Сборка остановлена. Ничего не записано и не удалено."),
        "{err}"
    );
    assert!(!err.contains("Готово"), "{err}");
    assert_eq!(
        snapshot(p.tmp.path()),
        before,
        "{}: files changed",
        out.display()
    );
}

const READS: &str = "kadry собирает сайт оттуда";
const HOLDS_ROOT: &str = "содержит корень сайта";

#[test]
fn content_is_refused() {
    refused(&Project::new(), Path::new("content"), READS);
}

#[test]
fn themes_is_refused() {
    refused(&Project::new(), Path::new("themes"), READS);
}

#[test]
fn a_folder_deep_in_content_or_themes_is_refused() {
    let p = Project::new();
    refused(&p, Path::new("content/reports"), READS);
    refused(&p, Path::new("themes/default/static"), READS);
    // not there yet: it would be made inside content/
    refused(&p, Path::new("content/new/site"), READS);
}

#[test]
fn git_folder_is_refused() {
    let p = Project::new();
    refused(&p, Path::new(".git"), READS);
    refused(&p, Path::new(".git/objects/site"), READS);
}

#[test]
fn the_root_itself_is_refused() {
    let p = Project::new();
    refused(&p, Path::new("."), "это сам корень сайта");
    refused(&p, &p.root(), "это сам корень сайта");
    refused(&p, Path::new("content/.."), "это сам корень сайта");
}

#[test]
fn ancestors_of_the_root_are_refused() {
    let p = Project::new();
    refused(&p, Path::new(".."), HOLDS_ROOT);
    refused(&p, &p.ws(), HOLDS_ROOT);
    refused(&p, Path::new("../.."), HOLDS_ROOT);
    refused(&p, Path::new("/"), HOLDS_ROOT);
}

#[test]
fn a_symlink_to_content_is_refused() {
    let p = Project::new();
    symlink(p.root().join("content"), p.root().join("site-link")).unwrap();
    refused(&p, Path::new("site-link"), READS);
    refused(&p, Path::new("content/../content"), READS);
}

#[test]
fn a_folder_of_someone_elses_files_is_refused() {
    let p = Project::new();
    refused(
        &p,
        &p.ws().join("other"),
        "не похожа на сайт, собранный kadry",
    );
    refused(&p, Path::new("../other"), "в ней нет файла .kadry-build");
    symlink(p.ws().join("other"), p.root().join("www")).unwrap();
    refused(&p, Path::new("www"), "не похожа на сайт, собранный kadry");
}

#[test]
fn a_folder_with_only_hidden_files_is_refused() {
    let p = Project::new();
    fs::create_dir(p.ws().join("hidden")).unwrap();
    fs::write(p.ws().join("hidden/.env"), "SECRET=1").unwrap();
    refused(
        &p,
        &p.ws().join("hidden"),
        "не похожа на сайт, собранный kadry",
    );
}

#[test]
fn a_forged_or_linked_marker_is_not_enough() {
    let p = Project::new();
    assert_eq!(p.build(Path::new("public"), A).0, 0);
    let forged = p.ws().join("forged");
    fs::create_dir(&forged).unwrap();
    fs::write(forged.join(".kadry-build"), "kadry\n").unwrap();
    fs::write(forged.join("data.csv"), "1,2").unwrap();
    refused(&p, &forged, "не похожа на сайт, собранный kadry");
    let linked = p.ws().join("linked");
    fs::create_dir(&linked).unwrap();
    symlink(p.public().join(".kadry-build"), linked.join(".kadry-build")).unwrap();
    fs::write(linked.join("data.csv"), "1,2").unwrap();
    refused(&p, &linked, "не похожа на сайт, собранный kadry");
}

#[test]
fn a_file_is_refused() {
    let p = Project::new();
    refused(
        &p,
        Path::new("notes.txt"),
        "существует и не является папкой",
    );
    refused(
        &p,
        Path::new("kadry.toml"),
        "существует и не является папкой",
    );
    symlink(p.root().join("notes.txt"), p.root().join("notes-link")).unwrap();
    refused(
        &p,
        Path::new("notes-link"),
        "существует и не является папкой",
    );
}

#[test]
fn a_mistyped_root_creates_nothing() {
    let p = Project::new();
    let before = snapshot(p.tmp.path());
    for (root, message) in [
        (p.ws().join("sitee"), "папка сайта"),
        (p.ws(), "нет файла kadry.toml"),
    ] {
        let (code, err) = run(&root, &p.ws().join("out"), A, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(message) && err.contains("--root"), "{err}");
        assert!(err.contains("Ничего не записано и не удалено."), "{err}");
        assert_eq!(snapshot(p.tmp.path()), before, "{}", root.display());
    }
}

#[test]
fn a_malformed_source_date_epoch_creates_nothing() {
    let p = Project::new();
    let before = snapshot(p.tmp.path());
    let (code, err) = run(
        &p.root(),
        Path::new("public"),
        A,
        &[("SOURCE_DATE_EPOCH", "вчера")],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("SOURCE_DATE_EPOCH=«вчера» — не число секунд"),
        "{err}"
    );
    assert_eq!(snapshot(p.tmp.path()), before);
}

#[test]
fn a_site_built_by_kadry_is_replaced_and_carries_the_marker() {
    let p = Project::new();
    let (code, err) = p.build(Path::new("public"), A);
    assert_eq!(code, 0, "{err}");
    fs::write(p.public().join("stray.html"), "old").unwrap();
    let (code, err) = p.build(Path::new("public"), B);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Готово"), "{err}");
    assert!(!p.public().join("stray.html").exists());
    let marker = fs::read_to_string(p.public().join(".kadry-build")).unwrap();
    assert!(marker.starts_with("Сайт собран kadry"), "{marker}");
    assert!(
        marker.contains(&format!("kadry {}", env!("CARGO_PKG_VERSION"))),
        "{marker}"
    );
    assert!(marker.contains("2026-01-01T00:00:00Z"), "{marker}");
    // not a page: neither counted, nor in the sitemap, nor linked
    let files = common::read_tree(&p.public());
    assert!(
        err.contains(&format!("файлов — {};", files.len() - 1)),
        "{err}"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(".kadry-build"),
            "{} names the marker",
            path.display()
        );
    }
    assert!(leftovers(&p.root()).is_empty());
}

#[test]
fn an_empty_folder_is_accepted() {
    let p = Project::new();
    let www = p.ws().join("www");
    fs::create_dir(&www).unwrap();
    let (code, err) = p.build(&www, A);
    assert_eq!(code, 0, "{err}");
    assert!(www.join("index.html").is_file() && www.join(".kadry-build").is_file());
}

#[test]
fn a_symlinked_output_is_replaced_where_it_points() {
    let p = Project::new();
    let www = p.ws().join("www");
    fs::create_dir(&www).unwrap();
    symlink(&www, p.public()).unwrap();
    for url in [A, B] {
        let (code, err) = p.build(Path::new("public"), url);
        assert_eq!(code, 0, "{err}");
    }
    assert!(fs::symlink_metadata(p.public())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(common::read(&www, "sitemap.xml").contains(B));
}

#[test]
fn only_kadrys_leftovers_are_removed() {
    let p = Project::new();
    assert_eq!(p.build(Path::new("public"), A).0, 0);
    let killed = p.root().join(".public.tmp-99999");
    common::copy_tree(&p.public(), &killed);
    let stranger = p.root().join(".public.old-mine");
    fs::create_dir(&stranger).unwrap();
    fs::write(stranger.join("keep.txt"), "моё").unwrap();
    let (code, err) = p.build(Path::new("public"), B);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("удалена папка, оставшаяся от прерванной сборки"),
        "{err}"
    );
    assert!(!killed.exists());
    assert_eq!(
        fs::read_to_string(stranger.join("keep.txt")).unwrap(),
        "моё"
    );
}

/// Waits until `parent` holds a staging folder (true) or `child` ends.
fn wait_for_staging(parent: &Path, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if fs::read_dir(parent).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".public.tmp-")
        }) {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    panic!("the build made no staging folder in 20 s");
}

#[test]
fn killed_builds_leave_a_whole_site_and_the_next_build_cleans_up() {
    let p = Project::new();
    let public = Path::new("public");
    let started = Instant::now();
    assert_eq!(p.build(public, A).0, 0);
    let took = started.elapsed().as_millis() as u64;
    let site_a = snapshot(&p.public());
    assert_eq!(p.build(public, B).0, 0);
    let site_b = snapshot(&p.public());
    assert_ne!(site_a, site_b);
    let whole = |what: &str| {
        let now = snapshot(&p.public());
        assert!(
            now == site_a || now == site_b,
            "{what}: the output is not a whole site"
        );
    };
    // Once when the staging folder is known to exist, then at random moments.
    let mut child = command(&p.root(), public, A)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let caught = wait_for_staging(&p.root(), &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    whole("killed while writing");
    assert!(
        !caught || !leftovers(&p.root()).is_empty(),
        "the kill left no staging folder"
    );
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    println!("seed {seed}, a build takes {took} ms");
    let mut state = seed | 1;
    for i in 0..6 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pause = state % (took + 20);
        let url = if i % 2 == 0 { B } else { A };
        let mut child = command(&p.root(), public, url)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(pause));
        child.kill().unwrap();
        child.wait().unwrap();
        whole(&format!("killed after {pause} ms"));
    }
    let had = leftovers(&p.root());
    let (code, err) = p.build(public, A);
    assert_eq!(code, 0, "{err}");
    assert_eq!(snapshot(&p.public()), site_a);
    assert!(
        leftovers(&p.root()).is_empty(),
        "{:?} {:?} {err}",
        leftovers(&p.root()),
        leftovers(&p.root())
            .iter()
            .map(|l| snapshot(&p.root().join(l)))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        had.is_empty(),
        !err.contains("оставшаяся от прерванной сборки"),
        "{had:?}\n{err}"
    );
}

#[test]
fn a_second_build_waits_for_the_lock() {
    let p = Project::new();
    assert_eq!(p.build(Path::new("public"), A).0, 0);
    let site_a = snapshot(&p.public());
    let file = fs::File::open(p.root().join(".public.lock")).unwrap();
    let mut lock = fd_lock::RwLock::new(file);
    let held = lock.write().unwrap();
    let mut child = command(&p.root(), Path::new("public"), B)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains("сейчас пишет другая сборка kadry; жду"),
        "{first}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    assert_eq!(snapshot(&p.public()), site_a);
    drop(held);
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(child.wait().unwrap().success(), "{rest:?}");
    assert!(common::read(&p.public(), "sitemap.xml").contains(B));
}

#[test]
fn two_builds_at_once_both_finish_and_leave_a_whole_site() {
    let p = Project::new();
    let (mut sites, public) = (Vec::new(), Path::new("public"));
    for url in [A, B] {
        assert_eq!(p.build(public, url).0, 0);
        sites.push(snapshot(&p.public()));
    }
    for _ in 0..2 {
        let children: Vec<Child> = [A, B]
            .iter()
            .map(|url| {
                command(&p.root(), public, url)
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        assert!(sites.contains(&snapshot(&p.public())), "not a whole site");
        assert!(leftovers(&p.root()).is_empty());
    }
}
