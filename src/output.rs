//! Stage 4: write the built site atomically.
//!
//! Files are written, as they are rendered, into a staging folder beside the
//! target, which is swapped in only when every file is written and every
//! check passed, so a failed build leaves the previous site exactly as it
//! was. A file whose bytes are the same as in the previous site is hard-linked
//! from it instead of written, so it keeps its modification time and deploys
//! that sync by time or size upload only what changed.

use crate::render::OutputFile;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The staging folder of one build. Dropped without [`Staging::commit`], it
/// removes itself and the previous site stays.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
        let name = out
            .file_name()
            .with_context(|| format!("папка вывода {} не может быть корнем", out.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if out.exists() && !out.is_dir() {
            bail!("{} существует и не является папкой", out.display());
        }
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).with_context(|| format!("создание {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            dir,
            committed: false,
        })
    }

    /// Writes one file; safe to call from several threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).with_context(|| format!("создание {}", folder.display()))?;
        }
        let previous = self.out.join(&file.path);
        if same_bytes(&previous, &file.bytes) && fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        fs::write(&path, &file.bytes).with_context(|| format!("запись {}", path.display()))
    }

    /// Swaps the staging folder in for the previous site.
    pub fn commit(mut self) -> Result<()> {
        let out = &self.out;
        if out.exists() {
            let old = self
                .parent
                .join(format!(".{}.old-{}", self.name, std::process::id()));
            let _ = fs::remove_dir_all(&old);
            fs::rename(out, &old).with_context(|| format!("перемещение {}", out.display()))?;
            if let Err(e) = fs::rename(&self.dir, out) {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, out);
                return Err(e).with_context(|| format!("замена {}", out.display()));
            }
            self.committed = true;
            fs::remove_dir_all(&old).with_context(|| format!("удаление {}", old.display()))?;
        } else {
            fs::rename(&self.dir, out).with_context(|| format!("создание {}", out.display()))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
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

    fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<()> {
        let staging = Staging::new(out)?;
        for file in files {
            staging.write(file)?;
        }
        staging.commit()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_previous_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &[file("a/index.html", "1"), file("old.html", "x")]).unwrap();
        write_atomically(&out, &[file("a/index.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders left behind");
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_time() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &[file("same.html", "abc"), file("edit.html", "v1")]).unwrap();
        let before = |p: &str| fs::metadata(out.join(p)).unwrap();
        let (same, edit) = (before("same.html"), before("edit.html"));
        write_atomically(&out, &[file("same.html", "abc"), file("edit.html", "v2")]).unwrap();
        let after = |p: &str| fs::metadata(out.join(p)).unwrap();
        assert_eq!(after("same.html").ino(), same.ino());
        assert_eq!(after("same.html").mtime_nsec(), same.mtime_nsec());
        assert_ne!(after("edit.html").ino(), edit.ino());
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "v2");
    }

    #[test]
    fn dropped_staging_leaves_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &[file("index.html", "old")]).unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write(&file("index.html", "half")).unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
