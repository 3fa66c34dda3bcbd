//! `/documents/` «Документы»: the document registry. Two kinds of documents,
//! grouped by roadmap section:
//!
//! - files published with reports (attachments), with format, size and date;
//! - documents the roadmap names as fixing a measure's result
//!   (`Measure.documents`), which are only named there and not published yet.

use super::news::{measure_ref, MeasureRef};
use super::views::size_text;
use super::{ru, Ctx, Family, Page};
use crate::address;
use serde::Serialize;

#[derive(Serialize)]
struct NamedDocument<'a> {
    title: &'a str,
    measure: MeasureRef<'a>,
}

#[derive(Serialize)]
struct PublishedFile<'a> {
    title: &'a str,
    format: &'a str,
    size_text: String,
    url: String,
    date: String,
    date_text: String,
    report_title: &'a str,
    report_url: String,
    demo: bool,
    measure: MeasureRef<'a>,
}

#[derive(Serialize)]
struct SectionDocuments<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    files: Vec<PublishedFile<'a>>,
    named: Vec<NamedDocument<'a>>,
    /// "2 файла, 3 документа"
    summary: String,
}

#[derive(Serialize)]
struct Summary {
    total: usize,
    total_text: String,
    files: usize,
    files_text: String,
    named: usize,
    named_text: String,
}

fn documents_text(n: usize) -> String {
    format!(
        "{n} {}",
        ru::plural(n as u64, "документ", "документа", "документов")
    )
}

fn files_text(n: usize) -> String {
    format!("{n} {}", ru::plural(n as u64, "файл", "файла", "файлов"))
}
/// The list of every published document.
pub(super) struct Documents;

impl<'a> Family<'a> for Documents {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages(ctx)
    }
}

fn pages(ctx: &Ctx) -> Vec<Page<'static>> {
    let mut sections = Vec::new();
    for s in &ctx.roadmap.sections {
        let mut files = Vec::new();
        let mut named = Vec::new();
        for m in &s.measures {
            for r in &m.reports {
                for a in &r.attachments {
                    files.push(PublishedFile {
                        title: &a.title,
                        format: &a.format,
                        size_text: size_text(a.size),
                        url: ctx.urls.page(&a.file),
                        date: r.date.format("%Y-%m-%d").to_string(),
                        date_text: ru::long_date(r.date),
                        report_title: &r.title,
                        report_url: ctx.urls.report(&r.slug),
                        demo: r.demo,
                        measure: measure_ref(ctx, m),
                    });
                }
            }
            named.extend(m.documents.iter().map(|d| NamedDocument {
                title: d,
                measure: measure_ref(ctx, m),
            }));
        }
        if files.is_empty() && named.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !files.is_empty() {
            parts.push(format!("опубликовано: {}", files_text(files.len())));
        }
        if !named.is_empty() {
            parts.push(format!(
                "названо в дорожной карте: {}",
                documents_text(named.len())
            ));
        }
        sections.push(SectionDocuments {
            id: &s.id,
            title: s.position_title.as_deref().unwrap_or(&s.title),
            url: ctx.urls.section(&s.id),
            summary: parts.join("; "),
            files,
            named,
        });
    }
    let files: usize = sections.iter().map(|s| s.files.len()).sum();
    let named: usize = sections.iter().map(|s| s.named.len()).sum();
    let summary = Summary {
        total: files + named,
        total_text: documents_text(files + named),
        files,
        files_text: files_text(files),
        named,
        named_text: documents_text(named),
    };
    vec![Page::new(address::DOCUMENTS, "documents.html", "Документы")
        .under(std::slice::from_ref(&ctx.home))
        .with("sections", &sections)
        .with("summary", &summary)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(documents_text(1), "1 документ");
        assert_eq!(documents_text(3), "3 документа");
        assert_eq!(documents_text(112), "112 документов");
        assert_eq!(files_text(21), "21 файл");
        assert_eq!(files_text(4), "4 файла");
        assert_eq!(files_text(0), "0 файлов");
    }
}
