//! Why the output was not written, in Russian, and what is at the output
//! now: the one error type of the writing side (target checks, lock,
//! staging, swap).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why the output was not written, and so what is at the output now.
#[derive(Debug)]
pub enum OutputError {
    /// Refused before anything was written or removed.
    Refused { problem: String, hint: String },
    /// A disk operation failed before the swap: the site is unchanged.
    Disk { action: String, cause: io::Error },
    /// The swap failed half way and putting the previous site back failed
    /// too: the output folder is missing, both sites are kept beside it.
    Detached {
        out: PathBuf,
        old: PathBuf,
        new: PathBuf,
        cause: io::Error,
    },
}

impl OutputError {
    pub(super) fn disk(action: String, cause: io::Error) -> Self {
        OutputError::Disk { action, cause }
    }

    /// What is at the output now, for the build's closing line.
    pub fn state(&self) -> String {
        match self {
            OutputError::Refused { .. } => "Ничего не записано и не удалено.".into(),
            OutputError::Disk { .. } => "Сайт не изменён.".into(),
            OutputError::Detached { out, old, new, .. } => format!(
                "Папки {} сейчас нет: прежний сайт — в {}, новый — в {}; переименуйте одну из них в {}.",
                out.display(),
                old.display(),
                new.display(),
                out.display()
            ),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused { problem, hint } => {
                write!(f, "{problem}\n  подсказка: {hint}")
            }
            OutputError::Disk { action, cause } => write!(
                f,
                "{action}: {}\n  подсказка: {}",
                describe(cause),
                hint(cause)
            ),
            OutputError::Detached { out, cause, .. } => {
                write!(f, "замена папки {}: {}", out.display(), describe(cause))
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// An operating system error in Russian, the original in brackets.
pub(super) fn describe(e: &io::Error) -> String {
    let text = match e.kind() {
        io::ErrorKind::StorageFull => "на диске не осталось места",
        io::ErrorKind::QuotaExceeded => "превышена дисковая квота",
        io::ErrorKind::ReadOnlyFilesystem => "диск доступен только для чтения",
        io::ErrorKind::PermissionDenied => "нет прав на эту операцию",
        io::ErrorKind::NotFound => "папка или файл не найдены",
        _ => return e.to_string(),
    };
    format!("{text} ({e})")
}

fn hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "освободите место на диске или укажите --out на другом диске и соберите снова"
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            "проверьте права на папку вывода и на папку над ней (chattr, mount ro) или укажите другую --out"
        }
        _ => "устраните причину и соберите снова",
    }
}
