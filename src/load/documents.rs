//! The documents of `content/`: the front-matter fields of each kind of
//! file, [`Doc`] (fields, body and where they stand in the file), and the
//! pure parsing from text that the loader applies to what it reads.
//!
//! Takes a file's path (relative to the site root) and its bytes or text;
//! gives typed documents or a located diagnostic. Reads nothing: like
//! Zola's `Page::parse` beside `Page::from_file`, the reading is in the
//! parent module, so the model's tests can build documents from strings.

use super::frontmatter;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
#[derive(Debug, Clone, Deserialize)]
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
    /// Not ready: `kadry build` leaves it out, `kadry serve` shows it
    /// marked as a draft.
    #[serde(default)]
    pub draft: bool,
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
    /// Not ready: left out of `kadry build`, shown by `kadry serve`.
    #[serde(default)]
    pub draft: bool,
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

    /// An error about field `key` of this document.
    pub fn error_at(&self, key: &str, message: String, hint: &str) -> Diagnostic {
        self.at_field(key, Diagnostic::error(&self.path, message, hint))
    }

    /// `d` pointed at the line where field `key` is set, if it is.
    pub fn at_field(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.line_of(key) {
            Some(line) => d.at(line, 1),
            None => d,
        }
    }
}
impl<T: serde::de::DeserializeOwned> Doc<T> {
    /// Parses a document's text (of the file at `path`, relative to the
    /// site root): front matter into `T`, the rest as the body.
    pub fn parse(path: &Path, text: &str) -> Result<Doc<T>, Diagnostic> {
        if text.trim().is_empty() {
            return Err(Diagnostic::error(
                path,
                "файл пуст",
                "заполните файл по образцу (kadry new report …) или удалите его",
            ));
        }
        let split = frontmatter::split(path, text)?;
        let meta = frontmatter::parse::<T>(path, &split)?;
        Ok(Doc {
            meta,
            body: split.body.to_string(),
            path: path.to_path_buf(),
            body_line: split.first_line + split.front_matter.lines().count() + 1,
            front_matter: split.front_matter.to_string(),
        })
    }
}

/// A text file's bytes as UTF-8, accepting and dropping a BOM and CRLF
/// line ends; else an error at the first byte that is not UTF-8.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Ok(text.replace("\r\n", "\n"))
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]);
            let (line, column) = frontmatter::line_col(&valid, valid.len());
            Err(Diagnostic::error(
                path,
                "файл не в кодировке UTF-8",
                "сохраните файл в кодировке UTF-8 (в редакторе: «Сохранить как» → UTF-8)",
            )
            .at(line + 1, column))
        }
    }
}

/// The entries of `content/organizations.toml` (at `path`) from its text.
pub fn organizations(path: &Path, text: &str) -> Result<Vec<OrganizationMeta>, Diagnostic> {
    toml::from_str::<OrganizationsFile>(text)
        .map(|f| f.organization)
        .map_err(|e| frontmatter::explain(path, text, 1, &e))
}
