//! Which folder a build may replace, checked before anything is written.
//!
//! A build swaps its output folder whole, so a wrong `--out` would delete
//! whatever is there. The output is therefore resolved (symlinks and `..`)
//! and refused when it is the root, holds the root, lies in or holds a
//! folder the build reads, is not a folder, or is a folder with files that
//! no kadry build wrote (every build leaves [`MARKER`] at the site's root).
//! Builds into one folder take turns through a lock file beside it.

use super::error::OutputError;
use fd_lock::{RwLock, RwLockWriteGuard};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The file at the root of every site kadry builds.
pub const MARKER: &str = ".kadry-build";

/// The marker's first line, by which a folder is known as kadry's own.
const SIGNATURE: &str =
    "Сайт собран kadry (site built by kadry); следующая сборка заменяет эту папку целиком.";

/// What the build reads under the root, as named to the user.
const READ: [&str; 4] = ["content/", "themes/", ".git/", crate::config::FILE_NAME];

/// An output folder that passed the checks.
pub struct Target {
    /// The folder, resolved: the swap happens here, not at a symlink to it.
    pub(super) out: PathBuf,
    pub(super) parent: PathBuf,
    /// The folder's name, which names the staging folders and the lock.
    pub(super) name: String,
    /// The text of the marker for this build.
    pub(super) marker: String,
    /// The output as the user gave it, for messages.
    pub(super) shown: PathBuf,
}

impl Target {
    /// Checks `out` against the site at `root`; reads, writes nothing.
    pub fn check(root: &Path, out: &Path) -> Result<Target, OutputError> {
        let root = check_root(root)?;
        let marker = marker_text()?;
        let resolved = resolve(out).map_err(|e| {
            refused(
                format!(
                    "путь вывода {} недоступен: {}",
                    out.display(),
                    super::error::describe(&e)
                ),
                "укажите в --out папку, которую можно создать или заменить",
            )
        })?;
        let shown = if resolved == out {
            out.display().to_string()
        } else {
            format!("{} (это {})", out.display(), resolved.display())
        };
        let keep = "укажите в --out отдельную папку для сайта, например public в корне сайта";
        if resolved == root {
            return Err(refused(
                format!(
                    "папка вывода {shown} — это сам корень сайта: сборка заменила бы его целиком"
                ),
                keep,
            ));
        }
        if root.starts_with(&resolved) {
            return Err(refused(
                format!(
                    "папка вывода {shown} содержит корень сайта {}: сборка удалила бы его",
                    root.display()
                ),
                keep,
            ));
        }
        if fs::metadata(&resolved).is_ok_and(|m| !m.is_dir()) {
            return Err(not_a_folder(&shown));
        }
        for name in READ {
            let Ok(read) = root.join(name.trim_end_matches('/')).canonicalize() else {
                continue;
            };
            if resolved.starts_with(&read) {
                let place = if resolved == read {
                    "совпадает с папкой"
                } else {
                    "лежит внутри"
                };
                return Err(refused(
                    format!("папка вывода {shown} {place} {name}: kadry собирает сайт оттуда, а сборка заменила бы эти файлы"),
                    keep,
                ));
            }
            if read.starts_with(&resolved) {
                return Err(refused(
                    format!("папка вывода {shown} содержит {name} ({}): сборка удалила бы то, из чего собирается сайт", read.display()),
                    keep,
                ));
            }
        }
        if resolved.components().any(|c| c.as_os_str() == ".git") {
            return Err(refused(
                format!("папка вывода {shown} лежит внутри .git/ — в данных репозитория git, которые сборка испортила бы"),
                keep,
            ));
        }
        let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
            return Err(refused(
                format!("папка вывода {shown} — корень диска"),
                keep,
            ));
        };
        let target = Target {
            parent: parent.to_path_buf(),
            name: name.to_string_lossy().into_owned(),
            out: resolved.clone(),
            marker,
            shown: out.to_path_buf(),
        };
        target.check_replaceable()?;
        Ok(target)
    }

    /// Refuses an existing output that is not a folder, or a folder with
    /// files and without the marker.
    pub(super) fn check_replaceable(&self) -> Result<(), OutputError> {
        let shown = self.shown.display();
        match fs::metadata(&self.out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(refused(
                format!("папка вывода {shown} недоступна: {}", super::error::describe(&e)),
                "проверьте права на папку или укажите другую --out",
            )),
            Ok(m) if !m.is_dir() => Err(not_a_folder(&shown.to_string())),
            Ok(_) if carries_marker(&self.out) => Ok(()),
            Ok(_) => match fs::read_dir(&self.out).map(|mut d| d.next().is_none()) {
                Ok(true) => Ok(()),
                Ok(false) => Err(refused(
                    format!("папка вывода {shown} не пуста и не похожа на сайт, собранный kadry (в ней нет файла {MARKER}): сборка удалила бы её файлы"),
                    "укажите в --out новую или пустую папку; если там сайт, собранный прежней версией kadry, удалите папку вручную",
                )),
                Err(e) => Err(refused(
                    format!("папку вывода {shown} не удалось прочитать: {}", super::error::describe(&e)),
                    "проверьте права на папку или укажите другую --out",
                )),
            },
        }
    }

    /// Opens (creating it and the output's parent folders if need be) the
    /// lock file beside the output, `.<name>.lock`. It stays there: removing
    /// it would let a waiting build and a new one lock different files.
    pub fn lock(&self) -> Result<Lock, OutputError> {
        fs::create_dir_all(&self.parent).map_err(|e| {
            OutputError::disk(format!("создание папки {}", self.parent.display()), e)
        })?;
        let path = self.parent.join(format!(".{}.lock", self.name));
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                OutputError::disk(format!("создание файла блокировки {}", path.display()), e)
            })?;
        Ok(Lock {
            file: RwLock::new(file),
            out: self.shown.clone(),
        })
    }
}

/// The lock of one output folder; [`Lock::hold`] takes it.
pub struct Lock {
    file: RwLock<File>,
    out: PathBuf,
}

impl Lock {
    /// Takes the lock, waiting (and saying so) while another build holds it.
    pub fn hold(&mut self) -> Result<RwLockWriteGuard<'_, File>, OutputError> {
        let out = self.out.display().to_string();
        // A guard taken here is let go at once: holding it across the
        // blocking call below is more than the borrow checker allows.
        let busy = matches!(self.file.try_write(), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
        if busy {
            eprintln!("В папку {out} сейчас пишет другая сборка kadry; жду, пока она закончится…");
        }
        self.file
            .write()
            .map_err(|e| OutputError::disk(format!("блокировка папки {out}"), e))
    }
}

/// Whether `dir` holds kadry's marker: a regular file (not a symlink) that
/// starts with the signature.
pub(super) fn carries_marker(dir: &Path) -> bool {
    let path = dir.join(MARKER);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = String::new();
    File::open(&path)
        .and_then(|f| f.take(4096).read_to_string(&mut head))
        .is_ok_and(|_| head.lines().next() == Some(SIGNATURE))
}

/// The marker's text: the signature, kadry's version and the build time,
/// from `SOURCE_DATE_EPOCH` when set (so that builds can be reproduced).
fn marker_text() -> Result<String, OutputError> {
    let time = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .ok_or_else(|| {
                refused(
                    format!("SOURCE_DATE_EPOCH=«{epoch}» — не число секунд с 1970-01-01"),
                    "укажите целое число, например SOURCE_DATE_EPOCH=1764115200, или уберите переменную",
                )
            })?,
        Err(_) => chrono::Utc::now(),
    };
    Ok(format!(
        "{SIGNATURE}\nверсия: kadry {}\nвремя сборки: {}\n",
        env!("CARGO_PKG_VERSION"),
        time.format("%Y-%m-%dT%H:%M:%SZ")
    ))
}

/// The resolved root, once it is known to hold `kadry.toml`.
fn check_root(root: &Path) -> Result<PathBuf, OutputError> {
    let hint = "укажите в --root папку сайта, где лежат kadry.toml, content/ и themes/";
    let resolved = root.canonicalize().map_err(|e| {
        refused(
            format!(
                "папка сайта {} недоступна: {}",
                root.display(),
                super::error::describe(&e)
            ),
            hint,
        )
    })?;
    if !resolved.join(crate::config::FILE_NAME).is_file() {
        return Err(refused(
            format!(
                "в папке {} нет файла {}: это не корень сайта",
                root.display(),
                crate::config::FILE_NAME
            ),
            hint,
        ));
    }
    Ok(resolved)
}

/// `path` made absolute with symlinks and `..` resolved; the part that does
/// not exist yet is appended to its nearest existing ancestor, resolved.
pub(super) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    let mut resolved = loop {
        match existing.canonicalize() {
            Ok(p) => break p,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                missing.extend(existing.components().next_back());
                existing = existing.parent().ok_or(e)?;
            }
            Err(e) => return Err(e),
        }
    };
    for part in missing.into_iter().rev() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

fn not_a_folder(shown: &str) -> OutputError {
    refused(
        format!("{shown} существует и не является папкой: сборка заменила бы этот файл"),
        "укажите в --out папку: новую, пустую или с сайтом, собранным kadry",
    )
}

fn refused(problem: String, hint: &str) -> OutputError {
    OutputError::Refused {
        problem,
        hint: hint.to_string(),
    }
}
