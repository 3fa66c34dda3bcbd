//! One walk over `content/` that names what the readers pass over without a
//! word: hidden files and folders, Markdown files under a name no reader
//! takes (`.MD`, `.markdown`, `.md.txt`), report names made only of dots,
//! and symbolic links that lead out of `content/`, lead nowhere, or are
//! folders under `content/reports/`, which the report walk does not follow.

use super::{outside, relative, Jail};
use crate::diagnostics::Diagnostic;
use std::ffi::OsStr;
use std::path::Path;

/// Files git keeps for itself (`.gitkeep` holds an empty folder in the
/// repository); they mean nothing to the portal and the editor has nothing
/// to fix about them, so they are passed over quietly.
const GIT_FILES: [&str; 4] = [".git", ".gitkeep", ".gitignore", ".gitattributes"];

/// Whether a file or folder is hidden (its name starts with a dot): the
/// readers skip those.
pub fn hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Warnings and errors about `content/` under `root`, in walk order.
pub fn scan(root: &Path, jail: &Jail) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let reports = root.join("content/reports");
    let mut entries = walkdir::WalkDir::new(root.join("content"))
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        // an unreadable folder is reported by the reader that needs it
        let Ok(entry) = entry else { continue };
        let rel = relative(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        let is_dir = match entry.path_is_symlink() {
            true => entry.path().is_dir(),
            false => entry.file_type().is_dir(),
        };
        let dots_only = name
            .strip_suffix(".md")
            .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b == b'.'));
        if dots_only {
            found.push(Diagnostic::error(
                &rel,
                format!("имя файла «{name}» состоит из одних точек; такой файл не читается, а его адрес совпал бы с другой страницей сайта"),
                "назовите файл по образцу 2019-01-20-inventarizaciya.md",
            ));
            continue;
        }
        if hidden(entry.file_name()) {
            if is_dir && !entry.path_is_symlink() {
                entries.skip_current_dir();
            }
            if !GIT_FILES.contains(&name.as_ref()) {
                let what = if is_dir { "папка" } else { "файл" };
                let rest = if is_dir {
                    " вместе со всем содержимым"
                } else {
                    ""
                };
                found.push(Diagnostic::warning(
                    &rel,
                    format!("{what} «{name}» скрытый (имя начинается с точки) и не читается{rest}"),
                    "если он нужен на портале, уберите точку в начале имени; если нет — удалите его",
                ));
            }
            continue;
        }
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Err(_) => found.push(Diagnostic::warning(
                    &rel,
                    format!("ссылка «{}» никуда не ведёт и пропущена", rel.display()),
                    "удалите ссылку или положите на её место сам файл",
                )),
                Ok(real) if !jail.contains(&real) => found.push(outside(&rel, &real)),
                Ok(_) if is_dir && entry.path().starts_with(&reports) => {
                    found.push(Diagnostic::error(
                        &rel,
                        format!("папка «{}» — ссылка на другую папку; отчёты в ней не читаются", rel.display()),
                        "положите отчёты в настоящую папку content/reports/<номер мероприятия>/ вместо ссылки",
                    ));
                }
                Ok(_) => {}
            }
        }
        if !is_dir {
            if let Some(fixed) = markdown_rename(&name) {
                found.push(Diagnostic::warning(
                    &rel,
                    format!("файл «{name}» не читается: портал читает только файлы с окончанием .md строчными буквами"),
                    format!("переименуйте его в «{fixed}»"),
                ));
            }
        }
    }
    found
}

/// The name a Markdown file should have when its ending is one no reader
/// takes: `x.MD`, `x.markdown`, `x.md.txt` → `x.md`.
fn markdown_rename(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let end = [".md.txt", ".markdown", ".md"].into_iter().find(|end| {
        bytes.len() > end.len()
            && bytes[bytes.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes())
    })?;
    let stem = name.get(..name.len() - end.len())?;
    let fixed = format!("{stem}.md");
    (fixed != name).then_some(fixed)
}
