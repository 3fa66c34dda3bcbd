//! Report attachments on disk. Takes the reports' documents; gives, for
//! each file they name and each file in their `files/` folders, what is
//! there: nothing, a path that a symbolic link
//! leads out of `content/`, something that is not a file, or the file's
//! bytes. The model checks and describes them (`model::attachments`), and
//! the renderer reads an accepted attachment again through [`Reader`] when
//! it copies it into the site.

use super::{Doc, Jail, ReportMeta};
use anyhow::{Context as _, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// What is on disk at an attachment's path under `content/`.
#[derive(Debug)]
pub enum Found {
    /// Nothing, not even a broken link.
    Missing,
    /// It leads out of `content/`: it is a link to a file (`link`), or it
    /// lies in a folder that is a link.
    Outside { link: bool },
    /// A folder, or anything else that is not a file.
    NotAFile,
    /// A file that could not be read, with the system's reason.
    Unreadable(String),
    /// The file's contents.
    Bytes(Vec<u8>),
}

/// What is on disk for every attachment the reports name, by the path as
/// written (under `content/`). A path that could lead anywhere else
/// (absolute, or with `..`) is not looked at: the model refuses it first.
pub fn read(
    content_dir: &Path,
    jail: &Jail,
    reports: &[Doc<ReportMeta>],
) -> BTreeMap<String, Found> {
    let mut found = BTreeMap::new();
    for meta in reports.iter().flat_map(|r| &r.meta.attachments) {
        let rel = Path::new(&meta.file);
        let plain =
            !rel.is_absolute() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if plain && !found.contains_key(&meta.file) {
            found.insert(meta.file.clone(), look(&content_dir.join(rel), jail));
        }
    }
    // every file in the reports' `files/` folders: a body may embed or
    // link one without attaching it, and a mistyped name is told the
    // names that are there
    let folders: BTreeSet<PathBuf> = reports
        .iter()
        .filter_map(|r| Some(r.path.strip_prefix("content").ok()?.parent()?.join("files")))
        .collect();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(content_dir.join(&folder)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            if super::hidden(&entry.file_name()) {
                continue;
            }
            let rel = folder.join(entry.file_name());
            let key = rel.to_string_lossy().replace('\\', "/");
            found
                .entry(key)
                .or_insert_with(|| look(&entry.path(), jail));
        }
    }
    found
}

fn look(full: &Path, jail: &Jail) -> Found {
    let Ok(link_meta) = std::fs::symlink_metadata(full) else {
        return Found::Missing;
    };
    if jail.escape(full).is_some() {
        return Found::Outside {
            link: link_meta.file_type().is_symlink(),
        };
    }
    match std::fs::metadata(full) {
        Ok(m) if m.is_file() => match std::fs::read(full) {
            Ok(bytes) => Found::Bytes(bytes),
            Err(e) => Found::Unreadable(e.to_string()),
        },
        _ => Found::NotAFile,
    }
}

/// Reads accepted attachments again as the site is written, so that a file
/// changed since the model checked it is read as it is now.
pub struct Reader {
    dir: PathBuf,
    jail: Jail,
}

impl Reader {
    pub fn new(content_dir: &Path) -> Reader {
        Reader {
            dir: content_dir.to_path_buf(),
            jail: Jail::new(content_dir),
        }
    }

    /// The bytes of attachment `file` (a path under `content/`); an error
    /// when it now leads out of `content/` or cannot be read.
    pub fn bytes(&self, file: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(file);
        if let Some(real) = self.jail.escape(&path) {
            anyhow::bail!(
                "вложение {} ведёт за пределы content/: {}",
                file,
                real.display()
            );
        }
        std::fs::read(&path).with_context(|| format!("вложение {file}"))
    }
}
