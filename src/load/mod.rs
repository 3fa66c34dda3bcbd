//! Stage 1: load the content folder into typed, located documents.
//!
//! Takes the site root; gives [`Content`]: the documents whose syntax is
//! sound (UTF-8, front matter, field names and types), the problems of
//! those that are not, and as data the other files the model checks
//! (attachments, datasets). A file that cannot be read or parsed is left
//! out and named in [`Content::problems`]; the rest is still loaded, so
//! that one mistake does not hide the others. Every file the
//! build reads is read in this stage: the documents here, attachments in
//! [`attachments`], datasets in [`datasets`], the theme in [`theme`], git
//! history in [`history`]; the model and the renderer read nothing
//! themselves. Cross-references and meaning (ids, dates, organisations)
//! are checked when the model is built, so both kinds of problems are
//! reported together. The parsing of a document's text is pure
//! ([`Doc::parse`]), so tests can build content from strings.

pub mod attachments;
pub mod datasets;
pub mod documents;
pub mod frontmatter;
pub mod history;
pub mod theme;
mod walk;

pub use documents::*;
pub use walk::hidden;

use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

#[derive(Debug)]
pub struct SectionSource {
    pub index: Doc<SectionMeta>,
    pub measures: Vec<Doc<MeasureMeta>>,
}

#[derive(Debug)]
pub struct Content {
    /// `content/roadmap/_index.md`; `None` when it could not be read.
    pub roadmap: Option<Doc<RoadmapMeta>>,
    pub sections: Vec<SectionSource>,
    pub reports: Vec<Doc<ReportMeta>>,
    pub news: Vec<Doc<NewsMeta>>,
    /// The investor section in Russian and English, where present.
    pub investors: Option<(Doc<InvestorsMeta>, Doc<InvestorsMeta>)>,
    pub organizations: Vec<OrganizationMeta>,
    pub organizations_path: PathBuf,
    /// Raw text of organizations.toml, to point diagnostics at lines.
    pub organizations_text: String,
    /// Whether `organizations.toml` could not be read or parsed: then
    /// references to organisations cannot be checked.
    pub organizations_unreadable: bool,
    /// Documents left out of the content (paths relative to the root):
    /// those that could not be read or parsed, whose problems are in
    /// `problems`, and the measures of a section whose `_index.md` could
    /// not be.
    pub unreadable: Vec<PathBuf>,
    /// What loading found wrong (files that could not be read or parsed)
    /// and what the walk over `content/` found (files never read, symbolic
    /// links), reported with the model's own problems.
    pub problems: Vec<Diagnostic>,
    /// What is on disk for each attachment the reports name, by its path
    /// under `content/` as written.
    pub attachments: BTreeMap<String, attachments::Found>,
    /// The files of the datasets in `content/data/`.
    pub datasets: Vec<datasets::Files>,
}

/// Measure and report documents kept between the builds of one `kadry
/// serve`, so that after an edit only the changed files are read and parsed
/// again. A file is read again when a change event named it
/// ([`Cache::forget`]) or its size or modification time differ from when it
/// was read.
#[derive(Default)]
pub struct Cache {
    measures: Kept<MeasureMeta>,
    reports: Kept<ReportMeta>,
}

impl Cache {
    /// Drops the documents of these files (paths relative to the site root).
    pub fn forget(&self, paths: &[PathBuf]) {
        self.measures.forget(paths);
        self.reports.forget(paths);
    }
}

/// Documents of one kind by path relative to the root, with the stamp of
/// the file they were read from.
struct Kept<T>(Mutex<KeptDocs<T>>);

type KeptDocs<T> = HashMap<PathBuf, (Stamp, Arc<Doc<T>>)>;

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(Mutex::default())
    }
}

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

impl<T: Clone> Kept<T> {
    fn docs(&self) -> std::sync::MutexGuard<'_, KeptDocs<T>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn forget(&self, paths: &[PathBuf]) {
        let mut docs = self.docs();
        for path in paths {
            docs.remove(path);
        }
    }

    fn get(&self, rel: &Path, stamp: Stamp) -> Option<Doc<T>> {
        let kept = match self.docs().get(rel) {
            Some((kept, doc)) if *kept == stamp => Some(doc.clone()),
            _ => None,
        };
        // the copy is made outside the lock, which every thread shares
        kept.map(|doc| Doc::clone(&doc))
    }

    fn put(&self, rel: PathBuf, stamp: Stamp, doc: Doc<T>) {
        self.docs().insert(rel, (stamp, Arc::new(doc)));
    }

    /// Forgets the files that are gone.
    fn keep_only(&self, present: &HashSet<PathBuf>) {
        self.docs().retain(|path, _| present.contains(path));
    }
}

/// Loads the documents at `paths` on every core, in their order, each with
/// its problems; with `kept`, unchanged files are taken from it and
/// cleanly read ones put in it, and the files not among `paths` forgotten.
fn load_all<T>(
    at: &Site,
    paths: &[PathBuf],
    kept: Option<&Kept<T>>,
) -> Vec<(Option<Doc<T>>, Vec<Diagnostic>)>
where
    T: serde::de::DeserializeOwned + Clone + Send + Sync,
{
    let loaded = paths
        .par_iter()
        .map(|p| {
            let rel = relative(at.root, p);
            let stamp = kept.and_then(|_| stamp(p));
            if let Some(doc) = kept.zip(stamp).and_then(|(k, s)| k.get(&rel, s)) {
                return (Some(doc), Vec::new());
            }
            let mut found = Diagnostics::default();
            let doc = load_doc::<T>(at, p, &mut found);
            let found = found.sorted();
            // only a clean read is kept: problems are reported every build
            if let (Some(kept), Some(doc), Some(stamp), true) =
                (kept, &doc, stamp, found.is_empty())
            {
                kept.put(rel, stamp, doc.clone());
            }
            (doc, found)
        })
        .collect();
    if let Some(kept) = kept {
        kept.keep_only(&paths.iter().map(|p| relative(at.root, p)).collect());
    }
    loaded
}

/// The documents of what [`load_all`] gave, its problems added to `diags`.
fn sound<T>(
    loaded: Vec<(Option<Doc<T>>, Vec<Diagnostic>)>,
    diags: &mut Diagnostics,
) -> Vec<Doc<T>> {
    let mut docs = Vec::with_capacity(loaded.len());
    for (doc, found) in loaded {
        diags.extend(found);
        docs.extend(doc);
    }
    docs
}

/// Loads `content/` under `root`: every document that can be read and
/// parsed, with the problems of those that cannot; measures and reports
/// unchanged since they went into `cache` are taken from it. Also reads
/// what the model checks beyond the documents: the reports' attachments
/// and the datasets.
pub fn content(root: &Path, cache: Option<&Cache>) -> Content {
    let mut diags = Diagnostics::default();
    let at = Site {
        root,
        jail: Jail::new(&root.join("content")),
        unreadable: Mutex::default(),
    };
    let notices = walk::scan(root, &at.jail);
    let roadmap_dir = root.join("content/roadmap");
    let roadmap = load_doc::<RoadmapMeta>(&at, &roadmap_dir.join("_index.md"), &mut diags);
    let sections = load_sections(&at, &roadmap_dir, cache, &mut diags);
    let reports = load_reports(&at, cache, &mut diags);

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
    let organizations_text = read_text(&at, &organizations_path, &mut diags);
    let organizations = organizations_text
        .as_deref()
        .map(|text| documents::organizations(&rel_orgs, text).map_err(|d| diags.push(d)));
    let organizations_unreadable = !matches!(organizations, Some(Ok(_)));

    diags.extend(notices);
    let mut unreadable = at
        .unreadable
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    unreadable.sort();
    Content {
        attachments: attachments::read(&root.join("content"), &at.jail, &reports),
        datasets: datasets::read(root),
        roadmap,
        sections,
        reports,
        news,
        investors,
        organizations: organizations.and_then(Result::ok).unwrap_or_default(),
        organizations_path: rel_orgs,
        organizations_text: organizations_text.unwrap_or_default(),
        organizations_unreadable,
        unreadable,
        problems: unique(diags.sorted()),
    }
}

/// The sections under `content/roadmap/`, each with its measures.
fn load_sections(
    at: &Site,
    roadmap_dir: &Path,
    cache: Option<&Cache>,
    diags: &mut Diagnostics,
) -> Vec<SectionSource> {
    let mut found = Vec::new();
    for dir in sorted_entries(at.root, roadmap_dir, diags)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let index = load_doc::<SectionMeta>(at, &dir.join("_index.md"), diags);
        let paths: Vec<PathBuf> = sorted_entries(at.root, &dir, diags)
            .into_iter()
            .filter(|p| {
                p.extension().is_some_and(|e| e == "md")
                    && p.file_name().is_some_and(|n| n != "_index.md")
            })
            .collect();
        found.push((index, paths));
    }
    // a large roadmap has thousands of measures: all of them at once
    let all: Vec<PathBuf> = found.iter().flat_map(|(_, p)| p.clone()).collect();
    let mut measures = load_all(at, &all, cache.map(|c| &c.measures)).into_iter();
    let mut sections = Vec::new();
    for (index, paths) in found {
        let measures = sound(measures.by_ref().take(paths.len()).collect(), diags);
        match index {
            Some(index) => sections.push(SectionSource { index, measures }),
            // the section's error is reported; its measures are left out
            // with it, and known by their files' names
            None => at
                .unreadable
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(measures.iter().map(|m: &Doc<MeasureMeta>| m.path.clone())),
        }
    }
    sections
}

/// The reports under `content/reports/`, in path order.
fn load_reports(at: &Site, cache: Option<&Cache>, diags: &mut Diagnostics) -> Vec<Doc<ReportMeta>> {
    let root = at.root;
    let reports_dir = root.join("content/reports");
    if !reports_dir.is_dir() {
        return Vec::new();
    }
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
    // reports are most of the content
    sound(load_all(at, &paths, cache.map(|c| &c.reports)), diags)
}

/// The site root, and the real location of its `content/` folder that
/// every file read must stay in.
struct Site<'a> {
    root: &'a Path,
    jail: Jail,
    /// Documents that could not be read or parsed, as they are met.
    unreadable: Mutex<Vec<PathBuf>>,
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
    documents::decode(&rel, bytes)
        .map_err(|d| diags.push(d))
        .ok()
}

/// Reads and parses one document (see [`Doc::parse`]); one that cannot
/// be is noted as unreadable.
fn load_doc<T: serde::de::DeserializeOwned>(
    at: &Site,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Doc<T>> {
    let rel = relative(at.root, path);
    let doc = read_text(at, path, diags)
        .and_then(|text| Doc::parse(&rel, &text).map_err(|d| diags.push(d)).ok());
    if doc.is_none() {
        at.unreadable
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel);
    }
    doc
}
