//! The last guard before a file is written: no two files of one build may
//! be one file where letter case is not told apart, or a file where
//! another's folder is.

use crate::render::OutputFile;
use anyhow::Result;
use std::collections::{HashMap, HashSet};

/// The paths of one build's files, to refuse two that would be one file
/// where letter case is not told apart (Windows and macOS hosts, sync
/// tools), or a file where another one's folder is; the last guard behind
/// the content checks, which name the editor's file and line.
#[derive(Default)]
pub struct Claimed {
    /// Case-folded paths of files, and of the folders they are in.
    paths: std::sync::Mutex<(HashMap<String, String>, HashSet<String>)>,
}
impl Claimed {
    /// Records a batch of files, or fails naming the two that clash.
    pub fn claim(&self, files: &[OutputFile]) -> Result<()> {
        let mut guard = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        let (taken, folders) = &mut *guard;
        for file in files {
            let path = file.path.to_string_lossy();
            let normal = file
                .path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            anyhow::ensure!(normal, "файл сайта {path} ведёт за пределы папки сайта");
            let folded = path.to_lowercase();
            let parents: Vec<&str> = folded
                .match_indices('/')
                .map(|(i, _)| &folded[..i])
                .collect();
            let clash = taken
                .get(&folded)
                .or_else(|| parents.iter().find_map(|p| taken.get(*p)))
                .cloned()
                .or_else(|| folders.contains(&folded).then(|| format!("папка {path}/")));
            if let Some(other) = clash {
                anyhow::bail!(
                    "два файла сайта попали бы в одно место: {path} и {other} (заглавные и строчные буквы не различаются); переименуйте один из них"
                );
            }
            folders.extend(parents.iter().map(|p| p.to_string()));
            taken.insert(folded, path.into_owned());
        }
        Ok(())
    }
}
