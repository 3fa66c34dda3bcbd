//! Stage 4: write the built site atomically.
//!
//! Files go into a temporary folder beside the target, which is swapped in
//! only when every file is written, so a failed build leaves the previous
//! site exactly as it was.

use crate::render::OutputFile;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<()> {
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
    fs::create_dir_all(&parent).with_context(|| format!("создание {}", parent.display()))?;

    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(e) = write_tree(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }

    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).with_context(|| format!("перемещение {}", out.display()))?;
        if let Err(e) = fs::rename(&staging, out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(e).with_context(|| format!("замена {}", out.display()));
        }
        fs::remove_dir_all(&old).with_context(|| format!("удаление {}", old.display()))?;
    } else {
        fs::rename(&staging, out).with_context(|| format!("создание {}", out.display()))?;
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<()> {
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.path.parent().map(|p| dir.join(p)))
        .chain(std::iter::once(dir.to_path_buf()))
        .collect();
    for d in &dirs {
        fs::create_dir_all(d).with_context(|| format!("создание {}", d.display()))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        fs::write(&path, &f.bytes).with_context(|| format!("запись {}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
