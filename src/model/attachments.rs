//! Report attachments are documents, never programs or pages: only an
//! allow-list of formats is published, each checked by its extension and by
//! its first bytes (a `.pdf` that holds HTML is refused), and no attachment
//! or report may take the address of another file of the site.
//!
//! Attachments live under `content/reports/`, where the only other files of
//! the site are the report pages (`reports/<measure>/<name>/index.html`);
//! so [`Addresses`] over report pages and attachments is enough to keep
//! every address distinct.
//!
//! Takes each attachment a report names and what the loader found at its
//! path (`load::attachments`); gives the [`Attachment`] to publish, or an
//! error at the attachment's line. Reads nothing itself.

use super::Attachment;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::attachments::Found;
use crate::load::{AttachmentMeta, Doc, ReportMeta};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path};

/// The accepted formats, as the editor is told them.
pub const ALLOWED: &str =
    "PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, ODP, PPT, PPTX, RTF, TXT, CSV, ZIP, PNG, JPG (JPEG), GIF, WEBP";

/// What a file's first bytes must show for its format.
#[derive(Clone, Copy)]
enum Kind {
    /// One of these MIME types, as `infer` reports them.
    Magic(&'static [&'static str]),
    /// UTF-8 text with no markup a browser could run.
    Text,
}

/// Old Office formats are OLE compound files; `infer` names the ones it
/// recognises by their class id, and the rest as `x-ole-storage`.
const OLE: &[&str] = &[
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/x-ole-storage",
];

/// Newer Office and OpenDocument formats are ZIP containers; `infer` names
/// some by their contents and the rest as ZIP.
const ZIP: &[&str] = &[
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// Accepted extensions (lower case) and what their files must hold.
const FORMATS: &[(&str, Kind)] = &[
    ("pdf", Kind::Magic(&["application/pdf"])),
    ("rtf", Kind::Magic(&["application/rtf"])),
    ("doc", Kind::Magic(OLE)),
    ("xls", Kind::Magic(OLE)),
    ("ppt", Kind::Magic(OLE)),
    ("docx", Kind::Magic(ZIP)),
    ("xlsx", Kind::Magic(ZIP)),
    ("pptx", Kind::Magic(ZIP)),
    ("odt", Kind::Magic(ZIP)),
    ("ods", Kind::Magic(ZIP)),
    ("odp", Kind::Magic(ZIP)),
    ("zip", Kind::Magic(ZIP)),
    ("png", Kind::Magic(&["image/png"])),
    ("jpg", Kind::Magic(&["image/jpeg"])),
    ("jpeg", Kind::Magic(&["image/jpeg"])),
    ("gif", Kind::Magic(&["image/gif"])),
    ("webp", Kind::Magic(&["image/webp"])),
    ("txt", Kind::Text),
    ("csv", Kind::Text),
];

/// Tags that make text a page or a drawing a browser may run.
const MARKUP: [&str; 8] = [
    "<script",
    "<svg",
    "<html",
    "<iframe",
    "<!doctype",
    "<?xml",
    "<body",
    "<object",
];

/// Checks that an attachment is of an accepted format and that its bytes
/// are what its name says; otherwise the message and hint for the editor.
pub fn check_format(file: &str, bytes: &[u8]) -> Result<(), (String, String)> {
    let allowed = format!("допустимые форматы: {ALLOWED}");
    let Some(ext) = Path::new(file).extension().map(|e| e.to_string_lossy()) else {
        return Err((
            format!("у вложения «{file}» нет расширения, и по нему не понять, что это за документ"),
            format!("{allowed}; добавьте к имени файла расширение, например .pdf"),
        ));
    };
    let ext = ext.to_lowercase();
    let Some((_, kind)) = FORMATS.iter().find(|(e, _)| *e == ext) else {
        let (why, how) = match ext.as_str() {
            "svg" | "svgz" => (
                "SVG может содержать сценарии, которые запустятся у посетителя",
                "преобразуйте рисунок в PNG или PDF",
            ),
            "html" | "htm" | "xhtml" | "shtml" | "xht" | "mht" | "mhtml" | "xml" => (
                "веб-страница или XML может содержать сценарии, которые запустятся у посетителя",
                "сохраните страницу как PDF; данные — в CSV",
            ),
            _ => (
                "портал публикует только документы, таблицы, архивы и картинки, но не программы",
                "сохраните документ в одном из допустимых форматов",
            ),
        };
        return Err((
            format!(
                "вложение «{file}»: файлы {} не принимаются: {why}",
                ext.to_uppercase()
            ),
            format!("{how}; {allowed}"),
        ));
    };
    let name = ext.to_uppercase();
    let found = infer::get(bytes);
    match kind {
        Kind::Magic(mimes) if found.is_some_and(|t| mimes.contains(&t.mime_type())) => Ok(()),
        Kind::Magic(_) => {
            let inside = match found {
                Some(t) => format!(" (по содержимому это {})", t.mime_type()),
                None if looks_like_markup(bytes) => {
                    " (по содержимому это разметка HTML, XML или SVG)".into()
                }
                None => String::new(),
            };
            Err((
                format!("вложение «{file}» называется как {name}, но внутри не {name}{inside}"),
                format!("сохраните документ заново в формате {name}; веб-страницу или SVG преобразуйте в PDF или PNG"),
            ))
        }
        Kind::Text => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Err((
                    format!("вложение «{file}» не в кодировке UTF-8 или не текст"),
                    "сохраните файл в кодировке UTF-8 (в редакторе: «Сохранить как» → UTF-8)"
                        .into(),
                ));
            };
            let binary = found.is_some_and(|t| t.matcher_type() != infer::MatcherType::Text);
            let markup = found.is_some_and(|t| matches!(t.mime_type(), "text/html" | "text/xml"));
            if binary || markup || looks_like_markup(text.as_bytes()) {
                return Err((
                    format!("вложение «{file}» содержит разметку HTML, XML или SVG, которую браузер может выполнить"),
                    format!("в файле {name} должен быть простой текст; документ приложите в PDF"),
                ));
            }
            Ok(())
        }
    }
}

/// Whether text starts with a tag, or names a tag a browser runs, near its
/// start (where browsers look when they guess a file's type).
fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head).to_lowercase();
    let start = text.trim_start();
    let tag_first = start.strip_prefix('<').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || "!?/".contains(c))
    });
    tag_first || MARKUP.iter().any(|tag| text.contains(tag))
}

/// Checks one attachment of a report against what the loader found on
/// disk (`found`, by path as written); errors go to `diags` at the
/// attachment's line.
pub fn attachment(
    doc: &Doc<ReportMeta>,
    meta: &AttachmentMeta,
    found: &BTreeMap<String, Found>,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    let line = doc.line_containing(&meta.file).unwrap_or(1);
    let mut error = |message: String, hint: &str| {
        diags.push(Diagnostic::error(&doc.path, message, hint).at(line, 1));
        None
    };
    let rel = Path::new(&meta.file);
    let mut parts = rel.components();
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return error(
            format!(
                "путь вложения «{}» выходит за пределы папки content/",
                meta.file
            ),
            "укажите путь от папки content/ без «..», например reports/14.1/files/plan.pdf",
        );
    }
    if parts.next() != Some(Component::Normal("reports".as_ref())) || parts.next().is_none() {
        return error(
            format!("вложение «{}» лежит не в папке content/reports/", meta.file),
            "вложения хранятся рядом с отчётами: положите файл в content/reports/<номер мероприятия>/files/ и укажите путь вида reports/14.1/files/plan.pdf",
        );
    }
    if rel.components().any(|c| crate::load::hidden(c.as_os_str())) {
        return error(
            format!(
                "путь вложения «{}» ведёт к скрытому файлу или папке (имя начинается с точки)",
                meta.file
            ),
            "уберите точку в начале имени файла или папки",
        );
    }
    let bytes = match found.get(&meta.file).unwrap_or(&Found::Missing) {
        Found::Missing => {
            let hint = match beside(&meta.file, found) {
                Some(name) => format!("возможно, имелось в виду «{name}»: такой файл лежит в той же папке"),
                None => "положите файл в папку content/ по этому пути или исправьте путь (он отсчитывается от content/)".into(),
            };
            return error(format!("вложение «{}» не найдено", meta.file), &hint);
        }
        Found::Outside { link } => {
            let what = if *link {
                "ссылка на файл"
            } else {
                "лежит в папке-ссылке"
            };
            return error(
                format!("вложение «{}» — {what} вне папки content/", meta.file),
                "скопируйте сам файл в папку content/ вместо ссылки",
            );
        }
        Found::NotAFile => {
            return error(
                format!("вложение «{}» не найдено или не является файлом", meta.file),
                "укажите путь к файлу (не к папке) от папки content/",
            )
        }
        Found::Unreadable(e) => {
            return error(
                format!("не удалось прочитать вложение «{}»: {e}", meta.file),
                "проверьте, что файл доступен для чтения",
            )
        }
        Found::Bytes(bytes) => bytes,
    };
    if let Err((message, hint)) = check_format(&meta.file, bytes) {
        return error(message, &hint);
    }
    Some(Attachment {
        file: meta.file.clone(),
        title: meta.title.clone(),
        format: rel
            .extension()
            .map(|e| e.to_string_lossy().to_uppercase())
            .unwrap_or_default(),
        size: bytes.len() as u64,
    })
}

/// The file in the same folder as the missing `file` whose path is
/// closest to it, when close enough to be what was meant.
pub fn beside<'f>(file: &str, found: &'f BTreeMap<String, Found>) -> Option<&'f str> {
    let folder = Path::new(file).parent()?;
    let present = found
        .iter()
        .filter(|(path, f)| {
            matches!(f, Found::Bytes(_)) && Path::new(path).parent() == Some(folder)
        })
        .map(|(path, _)| path.as_str());
    super::closest(file, present)
}

/// A file of a report's `files/` folder that its body embeds or links to
/// (`rel`, its path under `content/`, at `line` of the file) without
/// attaching it: published as it is when it is an accepted document or
/// image, an error otherwise. `None` also when there is no such file: the
/// link check names the link.
pub fn embedded(
    doc: &Doc<ReportMeta>,
    rel: &str,
    line: usize,
    found: &BTreeMap<String, Found>,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    let Some(Found::Bytes(bytes)) = found.get(rel) else {
        return None;
    };
    if let Err((message, hint)) = check_format(rel, bytes) {
        diags.push(Diagnostic::error(&doc.path, message, hint).at(line, 1));
        return None;
    }
    Some(Attachment {
        file: rel.to_string(),
        title: String::new(),
        format: Path::new(rel)
            .extension()
            .map(|e| e.to_string_lossy().to_uppercase())
            .unwrap_or_default(),
        size: bytes.len() as u64,
    })
}

/// Addresses of report pages and attachments taken so far, compared with
/// letter case folded: Windows and macOS hosts and sync tools see `A.pdf`
/// and `a.pdf` as one file. A file also may not stand where another file's
/// folder is (`x.pdf` and `x.pdf/index.html`).
#[derive(Default)]
pub struct Addresses {
    files: HashMap<String, Owner>,
    folders: HashMap<String, Owner>,
}

#[derive(Clone)]
struct Owner {
    path: String,
    what: String,
}

impl Addresses {
    /// Takes `path` (relative to the site) for `what`; when it is taken,
    /// says by what.
    pub fn take(&mut self, path: &str, what: String) -> Result<(), String> {
        let folded = path.to_lowercase();
        if let Some(owner) = self.files.get(&folded) {
            // one file attached to two reports is published once
            return match owner.path == path {
                true => Ok(()),
                false => Err(owner.what.clone()),
            };
        }
        if let Some(owner) = self.folders.get(&folded) {
            return Err(format!("папка, в которой лежит {}", owner.what));
        }
        let folders: Vec<&str> = folded
            .match_indices('/')
            .map(|(i, _)| &folded[..i])
            .collect();
        if let Some(owner) = folders.iter().find_map(|f| self.files.get(*f)) {
            return Err(owner.what.clone());
        }
        let owner = Owner {
            path: path.to_string(),
            what,
        };
        for f in folders {
            self.folders
                .entry(f.to_string())
                .or_insert_with(|| owner.clone());
        }
        self.files.insert(folded, owner);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_content() {
        assert!(check_format("a.pdf", b"%PDF-1.7\n...").is_ok());
        assert!(check_format("a.PDF", b"%PDF-1.7\n...").is_ok());
        assert!(check_format("a.csv", "год;число\n2019;5\n".as_bytes()).is_ok());
        assert!(check_format("a.txt", "Схема <важно> в тексте".as_bytes()).is_ok());
        for (file, bytes) in [
            ("a.pdf", &b"<html><script>alert(1)</script>"[..]),
            ("a.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ("a.txt", b"  <script>alert(1)</script>"),
            ("a.csv", b"a,b\n1,<svg onload=alert(1)>"),
            ("a.txt", b"\xC0\xEE"),
            ("a.svg", b"<svg/>"),
            ("a.js", b"alert(1)"),
            ("noext", b"%PDF-1.7"),
        ] {
            assert!(check_format(file, bytes).is_err(), "{file} accepted");
        }
    }

    #[test]
    fn addresses_fold_case_and_keep_files_out_of_folders() {
        let mut a = Addresses::default();
        a.take("reports/1.1/files/a.pdf", "первое".into()).unwrap();
        a.take("reports/1.1/files/a.pdf", "то же".into()).unwrap();
        assert_eq!(
            a.take("reports/1.1/files/A.pdf", "второе".into()),
            Err("первое".into())
        );
        assert_eq!(
            a.take("reports/1.1/files/a.pdf/index.html", "x".into()),
            Err("первое".into())
        );
        a.take("reports/1.1/x/index.html", "страница".into())
            .unwrap();
        assert!(a
            .take("reports/1.1/X", "файл".into())
            .unwrap_err()
            .contains("страница"));
    }
}
