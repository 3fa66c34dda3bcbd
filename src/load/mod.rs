//! Stage 1: load the content folder into typed, located documents.
//!
//! This stage reads files and checks their syntax (UTF-8, front matter, field
//! names and types). Cross-references and meaning (ids, dates, organisations)
//! are checked when the model is built, so both kinds of problems are reported
//! together.

pub mod frontmatter;
pub mod history;
mod walk;

pub use walk::hidden;

use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// The roadmap's own `content/roadmap/_index.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapMeta {
    pub title: String,
}

/// `content/roadmap/NN/_index.md`: one section of the roadmap.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub id: String,
    pub title: String,
    /// The Standard's position ("положение") this section implements.
    pub position: Option<u32>,
    pub position_title: Option<String>,
    pub key_result: String,
    /// When the file last changed, where git history is not available.
    pub updated: Option<toml::value::Datetime>,
}

/// `content/roadmap/NN/NN.M.md`: one measure, fields verbatim from the roadmap.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureMeta {
    pub id: String,
    pub title: String,
    pub key_result: String,
    /// ISO 8601 month, year or interval (`2019-01/2019-09`).
    pub deadline: String,
    /// The deadline as the approved roadmap words it.
    pub deadline_text: String,
    #[serde(default)]
    pub ongoing: bool,
    pub phase: Option<String>,
    pub responsible: Vec<String>,
    /// The executors cell as the approved roadmap words it.
    pub responsible_text: Option<String>,
    #[serde(default)]
    pub documents: Vec<String>,
    /// When the file last changed, where git history is not available.
    pub updated: Option<toml::value::Datetime>,
}

/// `content/reports/<measure>/<date>-<slug>.md`: one progress report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub measure: String,
    /// A TOML date (`2019-01-20`) or the same as a string.
    pub date: toml::Value,
    pub status: String,
    pub title: String,
    /// Organisation id of the report's author.
    pub author: String,
    /// Demonstration data, not a real report of the region.
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
    /// When the file last changed, where git history is not available.
    pub updated: Option<toml::value::Datetime>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentMeta {
    /// Path under `content/`.
    pub file: String,
    pub title: String,
}

/// `content/news/<date>-<slug>.md`: a news item (the roadmap's media plan, 1.7).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsMeta {
    pub title: String,
    /// A TOML date (`2019-01-20`) or the same as a string.
    pub date: toml::Value,
    /// One or two sentences for listings and feeds.
    pub summary: String,
    /// Organisation id of the publisher.
    pub author: Option<String>,
    /// Measures the item is about.
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub demo: bool,
    pub updated: Option<toml::value::Datetime>,
}

/// `content/investors/ru.md` and `en.md`: the investor section (15.2).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InvestorsMeta {
    pub title: String,
    pub lead: String,
    #[serde(default)]
    pub demo: bool,
    /// Measures that set the procedure of workforce provision for projects.
    #[serde(default)]
    pub procedure_measures: Vec<String>,
    pub coordinator_measure: Option<String>,
    #[serde(default, rename = "step")]
    pub steps: Vec<InvestorStep>,
    pub contact: InvestorContact,
    /// English titles of the measures the page shows (in `en.md`).
    #[serde(default)]
    pub measure_titles: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InvestorStep {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InvestorContact {
    /// Organisation id from the registry.
    pub organization: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

/// One entry of `content/organizations.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationMeta {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationsFile {
    #[serde(default)]
    organization: Vec<OrganizationMeta>,
}

/// A parsed Markdown document and where its fields stand in the file.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    pub meta: T,
    pub body: String,
    /// Path relative to the site root.
    pub path: PathBuf,
    /// 1-based file line on which the body starts.
    pub body_line: usize,
    front_matter: String,
}

impl<T> Doc<T> {
    /// The 1-based line where `key` is set, so a diagnostic can point at it.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let split = frontmatter::Split {
            front_matter: &self.front_matter,
            first_line: 2,
            body: "",
        };
        frontmatter::key_line(&split, key)
    }

    /// The 1-based line of the first front-matter line containing `needle`.
    pub fn line_containing(&self, needle: &str) -> Option<usize> {
        self.front_matter
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 2)
    }

    /// Diagnostics for a Markdown body's findings, at their lines in the file.
    pub fn body_findings(&self, findings: &[crate::model::markdown::Finding]) -> Vec<Diagnostic> {
        findings
            .iter()
            .map(|f| {
                let d = if f.error {
                    Diagnostic::error(&self.path, f.message.clone(), f.hint.clone())
                } else {
                    Diagnostic::warning(&self.path, f.message.clone(), f.hint.clone())
                };
                d.at(self.body_line + f.line - 1, 1)
            })
            .collect()
    }

    /// An error about field `key` of this document.
    pub fn error_at(&self, key: &str, message: String, hint: &str) -> Diagnostic {
        let d = Diagnostic::error(&self.path, message, hint);
        match self.line_of(key) {
            Some(line) => d.at(line, 1),
            None => d,
        }
    }
}

#[derive(Debug)]
pub struct SectionSource {
    pub index: Doc<SectionMeta>,
    pub measures: Vec<Doc<MeasureMeta>>,
}

#[derive(Debug)]
pub struct Content {
    /// Absolute path of the content folder, to resolve attachments.
    pub dir: PathBuf,
    pub roadmap: Doc<RoadmapMeta>,
    pub sections: Vec<SectionSource>,
    pub reports: Vec<Doc<ReportMeta>>,
    pub news: Vec<Doc<NewsMeta>>,
    /// The investor section in Russian and English, where present.
    pub investors: Option<(Doc<InvestorsMeta>, Doc<InvestorsMeta>)>,
    pub organizations: Vec<OrganizationMeta>,
    pub organizations_path: PathBuf,
    /// Raw text of organizations.toml, to point diagnostics at lines.
    pub organizations_text: String,
    /// What the walk over `content/` found (files never read, symbolic
    /// links), reported with the model's own problems.
    pub notices: Vec<Diagnostic>,
}

/// Report documents kept between the builds of one `kadry serve`, so that
/// after an edit only the changed files are read and parsed again. A file is
/// read again when a change event named it ([`Cache::forget`]) or its size
/// or modification time differ from when it was read.
#[derive(Default)]
pub struct Cache {
    reports: Mutex<HashMap<PathBuf, (Stamp, Doc<ReportMeta>)>>,
}

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

impl Cache {
    /// Drops the documents of these files (paths relative to the site root).
    pub fn forget(&self, paths: &[PathBuf]) {
        let mut reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        for path in paths {
            reports.remove(path);
        }
    }

    fn get(&self, rel: &Path, stamp: Stamp) -> Option<Doc<ReportMeta>> {
        let reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        match reports.get(rel) {
            Some((kept, doc)) if *kept == stamp => Some(doc.clone()),
            _ => None,
        }
    }

    fn put(&self, rel: PathBuf, stamp: Stamp, doc: Doc<ReportMeta>) {
        let mut reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        reports.insert(rel, (stamp, doc));
    }

    /// Forgets the files that are gone.
    fn keep_only(&self, present: &HashSet<PathBuf>) {
        let mut reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        reports.retain(|path, _| present.contains(path));
    }
}

/// Loads `content/` under `root`, collecting every problem it finds; reports
/// unchanged since they went into `cache` are taken from it.
pub fn content(root: &Path, cache: Option<&Cache>) -> Result<Content, Diagnostics> {
    let mut diags = Diagnostics::default();
    let at = Site {
        root,
        jail: Jail::new(&root.join("content")),
    };
    let notices = walk::scan(root, &at.jail);
    let roadmap_dir = root.join("content/roadmap");

    let roadmap = load_doc::<RoadmapMeta>(&at, &roadmap_dir.join("_index.md"), &mut diags);

    let mut sections = Vec::new();
    for dir in sorted_entries(root, &roadmap_dir, &mut diags)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let index = load_doc::<SectionMeta>(&at, &dir.join("_index.md"), &mut diags);
        let measures = sorted_entries(root, &dir, &mut diags)
            .into_iter()
            .filter(|p| {
                p.extension().is_some_and(|e| e == "md")
                    && p.file_name().is_some_and(|n| n != "_index.md")
            })
            .filter_map(|p| load_doc::<MeasureMeta>(&at, &p, &mut diags))
            .collect();
        if let Some(index) = index {
            sections.push(SectionSource { index, measures });
        }
    }

    let reports_dir = root.join("content/reports");
    let reports = if reports_dir.is_dir() {
        // Hidden entries are skipped and symbolic links to folders are not
        // followed; the walk over content/ names both to the editor.
        let paths: Vec<PathBuf> = walkdir::WalkDir::new(&reports_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !walk::hidden(e.file_name()))
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter(|e| e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file()))
            .map(walkdir::DirEntry::into_path)
            .collect();
        // Reports are most of the content: read and parse them on every core,
        // keeping their order and the order of their diagnostics.
        let loaded: Vec<_> = paths
            .par_iter()
            .map(|p| {
                let rel = relative(root, p);
                let stamp = cache.and_then(|_| stamp(p));
                if let Some(doc) = cache.zip(stamp).and_then(|(c, s)| c.get(&rel, s)) {
                    return (Some(doc), Vec::new());
                }
                let mut found = Diagnostics::default();
                let doc = load_doc::<ReportMeta>(&at, p, &mut found);
                let found = found.sorted();
                // only a clean read is kept: problems are reported every build
                if let (Some(cache), Some(doc), Some(stamp), true) =
                    (cache, &doc, stamp, found.is_empty())
                {
                    cache.put(rel, stamp, doc.clone());
                }
                (doc, found)
            })
            .collect();
        if let Some(cache) = cache {
            cache.keep_only(&paths.iter().map(|p| relative(root, p)).collect());
        }
        let mut reports = Vec::with_capacity(loaded.len());
        for (doc, found) in loaded {
            diags.extend(found);
            reports.extend(doc);
        }
        reports
    } else {
        Vec::new()
    };

    let news_dir = root.join("content/news");
    let news = if news_dir.is_dir() {
        sorted_entries(root, &news_dir, &mut diags)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .filter_map(|p| load_doc::<NewsMeta>(&at, &p, &mut diags))
            .collect()
    } else {
        Vec::new()
    };

    let investors_dir = root.join("content/investors");
    let investors = if investors_dir.is_dir() {
        let ru = load_doc::<InvestorsMeta>(&at, &investors_dir.join("ru.md"), &mut diags);
        let en = load_doc::<InvestorsMeta>(&at, &investors_dir.join("en.md"), &mut diags);
        ru.zip(en)
    } else {
        None
    };

    let organizations_path = root.join("content/organizations.toml");
    let rel_orgs = relative(root, &organizations_path);
    let organizations_text = read_text(&at, &organizations_path, &mut diags).unwrap_or_default();
    let organizations = match toml::from_str::<OrganizationsFile>(&organizations_text) {
        Ok(f) => f.organization,
        Err(e) => {
            let (line, column) = e
                .span()
                .map(|s| frontmatter::line_col(&organizations_text, s.start))
                .unwrap_or((0, 1));
            let (message, hint) = frontmatter::too_deep(e.message()).unwrap_or_else(|| {
                (
                    format!("ошибка в реестре организаций: {}", e.message()),
                    "каждая организация — блок [[organization]] с полями id, name, short_name, kind"
                        .into(),
                )
            });
            diags.push(Diagnostic::error(&rel_orgs, message, hint).at(line + 1, column));
            Vec::new()
        }
    };

    match roadmap {
        Some(roadmap) if !diags.has_errors() => Ok(Content {
            dir: root.join("content"),
            roadmap,
            sections,
            reports,
            news,
            investors,
            organizations,
            organizations_path: rel_orgs,
            organizations_text,
            notices,
        }),
        _ => {
            diags.extend(notices);
            let mut unique = Diagnostics::default();
            unique.extend(self::unique(diags.sorted()));
            Err(unique)
        }
    }
}

/// The site root, and the real location of its `content/` folder that
/// every file read must stay in.
struct Site<'a> {
    root: &'a Path,
    jail: Jail,
}

/// The real location of `content/`, to tell whether a path, through
/// symbolic links in any of its components, leads outside it.
pub struct Jail {
    /// `None` when `content/` itself cannot be resolved: then nothing in it
    /// can be read either, and reading reports that.
    real: Option<PathBuf>,
}

impl Jail {
    pub fn new(content_dir: &Path) -> Jail {
        Jail {
            real: content_dir.canonicalize().ok(),
        }
    }

    /// Whether a canonical path lies inside `content/`.
    pub fn contains(&self, real: &Path) -> bool {
        self.real.as_ref().is_some_and(|c| real.starts_with(c))
    }

    /// Where `path` really leads, when that is outside `content/`.
    pub fn escape(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        (!self.contains(&real)).then_some(real)
    }

    /// An error for `path` (shown as `rel`) when it leads outside `content/`.
    pub fn check(&self, path: &Path, rel: &Path) -> Result<(), Diagnostic> {
        match self.escape(path) {
            Some(real) => Err(outside(rel, &real)),
            None => Ok(()),
        }
    }
}

/// The error for a file or folder that a symbolic link leads out of `content/`.
pub fn outside(rel: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!(
            "«{}» — ссылка на «{}» вне папки content/; такие файлы не читаются и не публикуются",
            rel.display(),
            real.display()
        ),
        "скопируйте сам файл или папку в content/ вместо ссылки",
    )
}

/// Diagnostics in their sorted order without repeats: a file can be named
/// by the walk over `content/` and by its reader for the same reason.
pub fn unique(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(sorted.len());
    for d in sorted {
        let place = |o: &&Diagnostic| (&o.path, o.line, o.column) == (&d.path, d.line, d.column);
        if !out.iter().rev().take_while(place).any(|o| *o == d) {
            out.push(d);
        }
    }
    out
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn sorted_entries(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .filter(|e| !walk::hidden(&e.file_name()))
                .map(|e| e.path())
                .collect();
            v.sort();
            v
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                &relative(root, dir),
                format!("не удалось прочитать папку: {e}"),
                "проверьте, что папка существует и доступна для чтения",
            ));
            Vec::new()
        }
    }
}

/// Reads a file as UTF-8, accepting and dropping a BOM and CRLF line ends.
fn read_text(at: &Site, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let rel = relative(at.root, path);
    if let Err(d) = at.jail.check(path, &rel) {
        diags.push(d);
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                &rel,
                format!("не удалось прочитать файл: {e}"),
                "проверьте, что файл существует и доступен для чтения",
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some(text.replace("\r\n", "\n"))
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]);
            let (line, column) = frontmatter::line_col(&valid, valid.len());
            diags.push(
                Diagnostic::error(
                    &rel,
                    "файл не в кодировке UTF-8",
                    "сохраните файл в кодировке UTF-8 (в редакторе: «Сохранить как» → UTF-8)",
                )
                .at(line + 1, column),
            );
            None
        }
    }
}

fn load_doc<T: serde::de::DeserializeOwned>(
    at: &Site,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Doc<T>> {
    let text = read_text(at, path, diags)?;
    let rel = relative(at.root, path);
    if text.trim().is_empty() {
        diags.push(Diagnostic::error(
            &rel,
            "файл пуст",
            "заполните файл по образцу (kadry new report …) или удалите его",
        ));
        return None;
    }
    let result = frontmatter::split(&rel, &text).and_then(|split| {
        let meta = frontmatter::parse::<T>(&rel, &split)?;
        Ok(Doc {
            meta,
            body: split.body.to_string(),
            path: rel.clone(),
            body_line: split.first_line + split.front_matter.lines().count() + 1,
            front_matter: split.front_matter.to_string(),
        })
    });
    result.map_err(|d| diags.push(d)).ok()
}
