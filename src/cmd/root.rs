//! Which portal a command works on: the folder given with `--root` as it
//! is, or else the nearest folder holding `kadry.toml`: the current one or
//! one above it, so that `kadry new report 14.3` works from `content/` too.
//!
//! Takes `--root` if given; gives the root as a path that the editor's
//! current folder can use (`.`, `../..`), so that the paths kadry prints
//! (`../../content/reports/14.3/….md`) open from where the command was
//! typed, or a Russian error naming the folder searched from.

use std::path::{Path, PathBuf};

/// The settings file that marks a portal's root.
const MARKER: &str = "kadry.toml";

/// The root of the portal: `explicit` as given, else the nearest folder
/// with `kadry.toml` from the current folder up (named on standard error
/// when it is not the current folder).
pub fn resolve(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(root) = explicit {
        return Ok(root);
    }
    let here = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("не удалось узнать текущую папку: {e}"))?;
    let Some(up) = levels_up(&here) else {
        anyhow::bail!(
            "не найден {MARKER} ни в папке {}, ни в папках выше\n  подсказка: перейдите в папку \
             портала (где лежит {MARKER}) или укажите --root",
            here.display()
        );
    };
    if up > 0 {
        let found = here.ancestors().nth(up).unwrap_or(&here);
        eprintln!(
            "Папка портала: {}",
            crate::diagnostics::visible(&found.to_string_lossy())
        );
    }
    Ok(relative_up(up))
}

/// How many folders above `dir` the nearest one with `kadry.toml` is.
fn levels_up(dir: &Path) -> Option<usize> {
    dir.ancestors().position(|d| d.join(MARKER).is_file())
}

/// `.` for 0, `..` for 1, `../..` for 2…
fn relative_up(levels: usize) -> PathBuf {
    if levels == 0 {
        return PathBuf::from(".");
    }
    (0..levels).map(|_| "..").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_folder_with_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("portal");
        let deep = site.join("content/reports/14.1");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(levels_up(&deep).filter(|n| *n < 3), None);
        std::fs::write(site.join(MARKER), "").unwrap();
        assert_eq!(levels_up(&deep), Some(3));
        assert_eq!(levels_up(&site), Some(0));
        // a folder named kadry.toml is not the settings
        std::fs::create_dir(deep.join(MARKER)).unwrap();
        assert_eq!(levels_up(&deep), Some(3));
        assert_eq!(relative_up(0), Path::new("."));
        assert_eq!(relative_up(3), Path::new("../../.."));
        assert_eq!(
            deep.join(relative_up(3)).canonicalize().unwrap(),
            site.canonicalize().unwrap()
        );
    }
}
