//! News items (the roadmap's media plan, 1.7). Takes the loaded news
//! documents and the known ids; gives the [`News`] dated on or before the
//! as-of date, newest first. Checks each item's date, author, the measures
//! it is about, and its file name (it becomes the address).

use super::markdown::Renderer;
use super::{changed, doc_date, render_body, ContentLink, Known, News};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::history::History;
use crate::load::{Doc, NewsMeta};
use chrono::NaiveDate;

/// The items without errors that are due by `as_of`, newest first.
pub fn build(
    docs: &[Doc<NewsMeta>],
    known: &Known,
    as_of: NaiveDate,
    history: &History,
    markdown: &Renderer,
    diags: &mut Diagnostics,
    links: &mut Vec<ContentLink>,
) -> Vec<News> {
    let mut news = Vec::new();
    for doc in docs {
        let errors_before = diags.error_count();
        let m = &doc.meta;
        let date = doc_date(doc, &m.date, diags);
        if let Some(author) = m
            .author
            .as_ref()
            .filter(|a| !known.organizations.contains(a))
        {
            diags.push(doc.error_at(
                "author",
                format!("автор «{author}» не найден в content/organizations.toml"),
                &known.organizations.hint(
                    author,
                    "id организаций — в content/organizations.toml",
                    "укажите id организации из реестра или уберите поле author",
                ),
            ));
        }
        for id in m.measures.iter().filter(|id| !known.measures.contains(id)) {
            diags.push(doc.error_at(
                "measures",
                format!("мероприятие «{id}» не найдено в дорожной карте"),
                &known.measures.hint(
                    id,
                    "номера — на странице /roadmap/",
                    "укажите номера мероприятий, например measures = [\"1.7\"]",
                ),
            ));
        }
        diags.extend(super::reports::left_in(
            doc,
            &super::reports::NEWS_PLACEHOLDERS,
        ));
        if m.summary.starts_with(super::reports::NEWS_PLACEHOLDERS[2]) {
            diags.push(doc.error_at(
                "summary",
                format!("в поле summary осталась заготовка из шаблона: «{}»", m.summary),
                "напишите одно-два предложения о главном в новости: их видно в списке новостей и в ленте",
            ));
        }
        let slug = doc
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            diags.push(Diagnostic::error(
                &doc.path,
                "имя файла новости становится адресом страницы и может содержать только строчные латинские буквы, цифры и дефисы",
                "например: content/news/2019-01-20-forum-professiy.md",
            ));
        }
        let body_html = render_body(doc, markdown, diags, links);
        if let Some(date) = date.filter(|d| *d <= as_of && diags.error_count() == errors_before) {
            news.push(News {
                slug,
                title: m.title.clone(),
                date,
                summary: m.summary.clone(),
                author: m.author.clone(),
                measures: m.measures.clone(),
                demo: m.demo,
                draft: m.draft,
                body_html,
                modified: changed(history, &doc.path, &m.updated),
                source: doc.path.display().to_string(),
            });
        }
    }
    news.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
    news
}
