//! The files of the datasets in `content/data/`. Takes the site root;
//! gives, for each TOML sidecar (`<name>.toml`), its text, the bytes of
//! its table (`<name>.csv`) and of the earlier versions its `[[previous]]`
//! entries name, each with its path, or why it could not be read; and for
//! each table in that folder that no sidecar describes or names, the table
//! with its sidecar [`Read::Missing`], so that the model says it is not
//! published. Every read stays inside the real `content/` folder. Checking
//! them is the model's (`model::datasets`).

use super::Jail;
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// One file read, or why not.
#[derive(Debug)]
pub enum Read<T> {
    /// A symbolic link leads it out of `content/`, to this real path.
    Outside(PathBuf),
    /// There is no such file.
    Missing,
    /// It could not be opened, with the system's reason.
    Unopened(String),
    /// It opened but could not be read (a folder; for a sidecar, text not
    /// in UTF-8), with the system's reason.
    Unread(String),
    Read(T),
}

/// A table file (a CSV) of a dataset.
#[derive(Debug)]
pub struct Table {
    /// Path relative to the site root.
    pub path: PathBuf,
    pub bytes: Read<Vec<u8>>,
}

/// The files of one dataset.
#[derive(Debug)]
pub struct Files {
    /// The sidecar's path relative to the site root.
    pub sidecar_path: PathBuf,
    pub sidecar: Read<String>,
    /// The current version: the CSV beside the sidecar, with its name.
    pub table: Table,
    /// Earlier versions, by `file` as the sidecar writes it (under
    /// `content/data/`); a path that could leave that folder is not read.
    pub previous: BTreeMap<String, Table>,
}

/// Reads every dataset under `content/data/` (none when it cannot be
/// listed), in file name order, then the tables without a sidecar; hidden
/// files are skipped.
pub fn read(root: &Path) -> Vec<Files> {
    let dir = root.join("content/data");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| !super::hidden(n)))
        .collect();
    paths.sort();
    let with_extension = |ext: &'static str| {
        paths
            .iter()
            .filter(move |p| p.extension().is_some_and(|e| e == ext))
    };
    let jail = Jail::new(&root.join("content"));
    let mut files: Vec<Files> = with_extension("toml")
        .map(|p| read_one(root, &jail, p))
        .collect();
    let described: HashSet<PathBuf> = files
        .iter()
        .flat_map(|f| std::iter::once(&f.table).chain(f.previous.values()))
        .map(|t| t.path.clone())
        .collect();
    let undescribed: Vec<Files> = with_extension("csv")
        .filter(|p| !described.contains(&relative(root, p)))
        .map(|p| Files {
            sidecar_path: relative(root, &p.with_extension("toml")),
            sidecar: Read::Missing,
            table: table(root, &jail, p),
            previous: BTreeMap::new(),
        })
        .collect();
    files.extend(undescribed);
    files
}

fn read_one(root: &Path, jail: &Jail, sidecar_path: &Path) -> Files {
    let sidecar = read_file(jail, sidecar_path, |file, text: &mut String| {
        file.read_to_string(text)
    });
    let dir = sidecar_path.parent().unwrap_or(Path::new("."));
    let previous = match &sidecar {
        Read::Read(text) => previous_files(text)
            .into_iter()
            .map(|file| {
                let table = table(root, jail, &dir.join(&file));
                (file, table)
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    Files {
        sidecar_path: relative(root, sidecar_path),
        sidecar,
        table: table(root, jail, &sidecar_path.with_extension("csv")),
        previous,
    }
}

/// The `file` of each `[[previous]]` entry of a sidecar that stays inside
/// its folder; none when the sidecar is not TOML (the model says why).
fn previous_files(sidecar: &str) -> Vec<String> {
    let Ok(table) = sidecar.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(toml::Value::Array(entries)) = table.get("previous") else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| e.get("file")?.as_str())
        .filter(|f| {
            Path::new(f)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        })
        .map(str::to_string)
        .collect()
}

fn table(root: &Path, jail: &Jail, path: &Path) -> Table {
    Table {
        path: relative(root, path),
        bytes: read_file(jail, path, |file, bytes: &mut Vec<u8>| {
            file.read_to_end(bytes)
        }),
    }
}

/// Opens `path` unless it leads out of `content/`, and reads it with `read`.
fn read_file<T: Default>(
    jail: &Jail,
    path: &Path,
    read: impl FnOnce(&mut File, &mut T) -> std::io::Result<usize>,
) -> Read<T> {
    if let Some(real) = jail.escape(path) {
        return Read::Outside(real);
    }
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Unopened(e.to_string()),
    };
    let mut contents = T::default();
    match read(&mut file, &mut contents) {
        Ok(_) => Read::Read(contents),
        Err(e) => Read::Unread(e.to_string()),
    }
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::previous_files;

    #[test]
    fn only_earlier_versions_inside_the_folder_are_read() {
        let sidecar = "title = \"x\"
[[previous]]
date = 2019-01-01
file = \"archive/x-2019.csv\"
[[previous]]
date = 2018-01-01
file = \"../../kadry.toml\"
[[previous]]
date = 2017-01-01
file = \"/etc/passwd\"
";
        assert_eq!(previous_files(sidecar), ["archive/x-2019.csv"]);
        assert!(previous_files("title = ").is_empty());
    }
}
