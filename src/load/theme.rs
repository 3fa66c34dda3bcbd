//! The theme's files. Takes a theme's folder (`themes/<name>/`); gives the
//! texts of its Tera templates (`templates/**/*.html`, named by their path
//! below `templates/`, as Tera names them) and its static assets
//! (`static/`, by their path below it), for the renderer to use and copy.

use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

/// Every template of the theme: (name, text), in name order. Like Tera's
/// own loader, it follows links and passes over entries it cannot list.
pub fn templates(theme_dir: &Path) -> Result<Vec<(String, String)>> {
    let dir = theme_dir.join("templates");
    let glob = format!("{}/templates/**/*.html", theme_dir.display());
    let mut found = Vec::new();
    let entries = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok);
    for entry in entries {
        let path = entry.path();
        if !path.is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = path
            .strip_prefix(&dir)?
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("шаблоны темы {glob}: файл {}", path.display()))?;
        found.push((name, text));
    }
    Ok(found)
}

/// The theme's static assets, (path below `static/`, bytes), in path order.
pub fn static_files(theme_dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let dir = theme_dir.join("static");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("папка {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&dir)?.to_path_buf();
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("файл {}", entry.path().display()))?;
            files.push((rel, bytes));
        }
    }
    Ok(files)
}
