//! The staging folder: the built site written atomically.
//!
//! Files are written, as they are rendered, into a staging folder beside the
//! target, which is swapped in only when every file is written and every
//! check passed, so a failed build leaves the previous site exactly as it
//! was. A file whose bytes are the same as in the previous site is hard-linked
//! from it instead of written, so it keeps its modification time and deploys
//! that sync by time or size upload only what changed.
//!
//! [`Target`] decides whether the output may be replaced at all; the staging
//! folder carries kadry's marker from its first moment, so what a killed
//! build leaves behind is known as kadry's own and removed by the next build.

use super::error::{describe, OutputError};
use super::target::{Target, MARKER};
use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use fd_lock::RwLockWriteGuard;
use rustix::fs::{renameat_with, RenameFlags, CWD};
use rustix::io::Errno;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The staging folder of one build, made while holding the output's lock.
/// Dropped without [`Staging::commit`], it removes itself and the previous
/// site stays.
pub struct Staging<'l> {
    target: Target,
    dir: PathBuf,
    committed: bool,
    _lock: RwLockWriteGuard<'l, File>,
}

impl<'l> Staging<'l> {
    /// Checks the output again (now that no other build can change it),
    /// removes what killed builds left, and makes the staging folder with
    /// the marker in it.
    pub fn new(target: Target, lock: RwLockWriteGuard<'l, File>) -> Result<Self, OutputError> {
        target.check_replaceable()?;
        remove_leftovers(&target);
        let dir = make_staging(&target)?;
        let staging = Staging {
            target,
            dir,
            committed: false,
            _lock: lock,
        };
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, &staging.target.marker)
            .map_err(|e| OutputError::disk(format!("запись {}", marker.display()), e))?;
        Ok(staging)
    }

    /// Writes one file; safe to call from several threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<(), OutputError> {
        let path = self.dir.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| OutputError::disk(format!("создание {}", folder.display()), e))?;
        }
        let previous = self.target.out.join(&file.path);
        if same_bytes(&previous, &file.bytes) && fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        fs::write(&path, &file.bytes)
            .map_err(|e| OutputError::disk(format!("запись {}", path.display()), e))
    }

    /// Swaps the staging folder in for the previous site. The new site is in
    /// place when this returns `Ok`; the warning, if any, names an old copy
    /// that could not be removed.
    pub fn commit(mut self) -> Result<Option<Diagnostic>, OutputError> {
        let out = self.target.out.clone();
        if fs::symlink_metadata(&out).is_err() {
            fs::rename(&self.dir, &out)
                .map_err(|e| OutputError::disk(format!("создание папки {}", out.display()), e))?;
            self.committed = true;
            return Ok(None);
        }
        // Exchanging the two folders in one step means the output is always
        // a whole site, the old or the new, even if the build is killed.
        let old = match renameat_with(CWD, &self.dir, CWD, &out, RenameFlags::EXCHANGE) {
            Ok(()) => {
                self.committed = true;
                self.dir.clone()
            }
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => self.swap_in_two_steps()?,
            Err(e) => {
                return Err(OutputError::disk(
                    format!("замена папки {}", out.display()),
                    e.into(),
                ))
            }
        };
        Ok(remove_site(&old).err().map(|e| {
            Diagnostic::warning(
                &old,
                format!(
                    "новый сайт на месте, но прежний не удалось удалить: {}",
                    describe(&e)
                ),
                format!(
                    "удалите папку вручную (rm -r {}); следующая сборка тоже попробует её удалить",
                    old.display()
                ),
            )
        }))
    }

    /// The swap where the file system cannot exchange two folders: the old
    /// site moves aside, then the new one into place. Returns where the old
    /// site now is.
    fn swap_in_two_steps(&mut self) -> Result<PathBuf, OutputError> {
        let out = self.target.out.clone();
        let old = self.target.parent.join(
            self.dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .replacen(".tmp-", ".old-", 1),
        );
        let action = || format!("замена папки {}", out.display());
        fs::rename(&out, &old).map_err(|e| OutputError::disk(action(), e))?;
        if let Err(cause) = fs::rename(&self.dir, &out) {
            if fs::rename(&old, &out).is_ok() {
                return Err(OutputError::disk(action(), cause));
            }
            // Keep both sites: neither is the output, and the user picks.
            self.committed = true;
            return Err(OutputError::Detached {
                out,
                old,
                new: self.dir.clone(),
                cause,
            });
        }
        self.committed = true;
        Ok(old)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_site(&self.dir);
        }
    }
}

/// Makes a new staging folder `.<name>.tmp-<pid>[-n]` beside the output.
fn make_staging(target: &Target) -> Result<PathBuf, OutputError> {
    let base = format!(".{}.tmp-{}", target.name, std::process::id());
    let mut last = None;
    for n in 0..100 {
        let name = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let dir = target.parent.join(name);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(OutputError::disk(format!("создание {}", dir.display()), e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err(OutputError::disk(
        format!("создание папки сборки рядом с {}", target.out.display()),
        e,
    ))
}

/// Removes the staging folders and old copies (`.<name>.tmp-*`,
/// `.<name>.old-*`) that killed builds left beside the output: those that
/// carry the marker, and those killed before the marker was written whole
/// (empty, or holding only the marker file).
/// Anything else with such a name is not kadry's and stays.
fn remove_leftovers(target: &Target) {
    let Ok(entries) = fs::read_dir(&target.parent) else {
        return;
    };
    let prefixes = [
        format!(".{}.tmp-", target.name),
        format!(".{}.old-", target.name),
    ];
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| name.starts_with(p.as_str()))
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        let removed = if super::target::carries_marker(&path) || only_a_marker(&path) {
            remove_site(&path).is_ok()
        } else {
            fs::remove_dir(&path).is_ok()
        };
        if removed {
            eprintln!(
                "удалена папка, оставшаяся от прерванной сборки: {}",
                path.display()
            );
        }
    }
}

/// Whether `dir` holds nothing but a marker file, perhaps cut short: a
/// build killed while writing its marker leaves that.
fn only_a_marker(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries.into_iter().all(|e| {
            e.is_ok_and(|e| e.file_name() == MARKER && e.file_type().is_ok_and(|t| t.is_file()))
        })
    })
}

/// Removes a site folder, its marker last: a removal cut short (killed, or
/// a file that cannot be removed) leaves a folder still known as kadry's.
fn remove_site(dir: &Path) -> io::Result<()> {
    let mut failed = None;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        let removed = if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
        failed = failed.or(removed.err());
    }
    if let Some(e) = failed {
        return Err(e);
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// A site root with `kadry.toml`, so that outputs beside it pass the checks.
    fn root() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("kadry.toml"), "").unwrap();
        tmp
    }

    fn write_atomically(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
        let target = Target::check(root, out)?;
        let mut lock = target.lock()?;
        let staging = Staging::new(target, lock.hold()?)?;
        for file in files {
            staging.write(file)?;
        }
        staging.commit().map(|_| ())
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// The entries beside the output other than the root's own files.
    fn beside(tmp: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "kadry.toml")
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_previous_site_whole() {
        let tmp = root();
        let out = tmp.path().join("public");
        write_atomically(
            tmp.path(),
            &out,
            &[file("a/index.html", "1"), file("old.html", "x")],
        )
        .unwrap();
        write_atomically(tmp.path(), &out, &[file("a/index.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        assert!(super::super::target::carries_marker(&out));
        assert_eq!(
            beside(tmp.path()),
            [".public.lock", "public"],
            "staging folders left behind"
        );
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_time() {
        let tmp = root();
        let out = tmp.path().join("public");
        write_atomically(
            tmp.path(),
            &out,
            &[file("same.html", "abc"), file("edit.html", "v1")],
        )
        .unwrap();
        let before = |p: &str| fs::metadata(out.join(p)).unwrap();
        let (same, edit) = (before("same.html"), before("edit.html"));
        write_atomically(
            tmp.path(),
            &out,
            &[file("same.html", "abc"), file("edit.html", "v2")],
        )
        .unwrap();
        let after = |p: &str| fs::metadata(out.join(p)).unwrap();
        assert_eq!(after("same.html").ino(), same.ino());
        assert_eq!(after("same.html").mtime_nsec(), same.mtime_nsec());
        assert_ne!(after("edit.html").ino(), edit.ino());
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "v2");
    }

    #[test]
    fn dropped_staging_leaves_the_previous_site() {
        let tmp = root();
        let out = tmp.path().join("public");
        write_atomically(tmp.path(), &out, &[file("index.html", "old")]).unwrap();
        {
            let target = Target::check(tmp.path(), &out).unwrap();
            let mut lock = target.lock().unwrap();
            let staging = Staging::new(target, lock.hold().unwrap()).unwrap();
            staging.write(&file("index.html", "half")).unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(beside(tmp.path()), [".public.lock", "public"]);
    }

    #[test]
    fn leftovers_are_removed_only_when_they_carry_the_marker() {
        let tmp = root();
        let out = tmp.path().join("public");
        write_atomically(tmp.path(), &out, &[file("index.html", "1")]).unwrap();
        // a killed build's staging folder, one killed before its marker,
        // and a stranger's folder that only looks like one
        let killed = tmp.path().join(".public.tmp-1");
        fs::create_dir(&killed).unwrap();
        fs::copy(out.join(MARKER), killed.join(MARKER)).unwrap();
        fs::write(killed.join("index.html"), "half").unwrap();
        fs::create_dir(tmp.path().join(".public.old-2")).unwrap();
        let stranger = tmp.path().join(".public.tmp-3");
        fs::create_dir(&stranger).unwrap();
        fs::write(stranger.join("notes.txt"), "mine").unwrap();
        write_atomically(tmp.path(), &out, &[file("index.html", "2")]).unwrap();
        assert_eq!(
            beside(tmp.path()),
            [".public.lock", ".public.tmp-3", "public"]
        );
        assert_eq!(
            fs::read_to_string(stranger.join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn paths_resolve_through_missing_parts_and_dots() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        fs::create_dir(real.join("a")).unwrap();
        assert_eq!(
            super::super::target::resolve(&real.join("a/../b/c")).unwrap(),
            real.join("b/c")
        );
        assert_eq!(
            super::super::target::resolve(&real.join("x/../a/./y")).unwrap(),
            real.join("a/y")
        );
    }
}
