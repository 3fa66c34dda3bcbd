//! One build of `kadry serve`: the site rendered in memory (partially, when
//! only existing reports changed), one line printed, and on failure the page
//! of errors every tab shows. Takes the options, the last site and the
//! edited paths; gives the next site.

use super::warnings::{place, Warnings};
use super::{url_key, Files, Site};
use crate::diagnostics::visible;
use crate::render::escape::html_text;
use crate::render::OutputFile;
use crate::{BuildError, BuildOptions, Previous};
use anyhow::anyhow;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Builds the site in memory and prints one line (or the diagnostics). A
/// failed build keeps the last good files for styles and images.
///
/// When only existing reports were `edited` since a good build, only the
/// pages that show their measures and the listings are rendered again (see
/// [`crate::render_partial`]); anything else rebuilds the whole site.
pub(super) fn rebuild(
    opts: &BuildOptions,
    build: String,
    last: &Site,
    edited: &[PathBuf],
    verb: &str,
) -> Arc<Site> {
    let started = Instant::now();
    if let Some(cache) = &opts.cache {
        cache.documents.forget(edited);
    }
    // Indexing for search takes most of a build: after the first one, keep
    // the index of the last good build, and renew it in the background
    // (`search::refresh`) once the pages are served.
    let reuse_index = last.files.contains_key(&format!(
        "{}/pagefind.js",
        crate::publish::search::BUNDLE_DIR
    ));
    let opts = BuildOptions {
        search: opts.search && !reuse_index,
        ..opts.clone()
    };
    let partial = last.summary.as_ref().filter(|summary| {
        !edited.is_empty()
            && edited
                .iter()
                .all(|p| summary.report_measures.contains_key(p) && opts.root.join(p).is_file())
    });
    let run = || {
        let attempt = partial.and_then(|summary| {
            let previous = Previous {
                summary,
                files: &last.files,
            };
            match crate::render_partial(&opts, edited, &previous) {
                // a report that left the model (now dated after the as-of
                // date) leaves its page behind: only a whole build removes it
                Ok((_, new)) if !edited.iter().all(|p| new.report_measures.contains_key(p)) => None,
                other => Some(other),
            }
        });
        let partial = matches!(attempt, Some(Ok(_)));
        (attempt.unwrap_or_else(|| crate::render(&opts)), partial)
    };
    let (result, partial) = catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
        let e = BuildError::Other(anyhow!("сборка прервалась из-за ошибки в kadry"));
        (Err(e), false)
    });
    let ms = started.elapsed().as_millis();
    Arc::new(match result {
        Ok((files, summary)) => {
            let kept = if partial {
                Kept::All
            } else if reuse_index {
                Kept::SearchIndex
            } else {
                Kept::Nothing
            };
            let all = merged(last, kept, files);
            let warnings = Warnings::next(&last.warnings, &build, summary.warnings.clone());
            let (note, lines) = warnings.news_since(&last.warnings);
            if partial {
                eprintln!(
                    "{verb} за {ms} мс: перерисовано страниц — {}, файлов — {}{note}",
                    summary.pages, all.1
                );
            } else {
                eprintln!("{verb} за {ms} мс: страниц — {}{note}", summary.pages);
            }
            for line in lines {
                eprintln!("{line}");
            }
            Site {
                build,
                files: Arc::new(all.0),
                error_page: None,
                summary: Some(Arc::new(summary)),
                warnings,
                search_stale: reuse_index,
            }
        }
        Err(e) => {
            let items = problems(&e);
            eprintln!("сборка не удалась ({ms} мс): ошибок — {}", items.len());
            Site {
                build,
                files: last.files.clone(),
                error_page: Some(error_page(&items)),
                // edits made while the build failed are in none of the
                // files: the next build must be whole
                summary: None,
                warnings: last.warnings.clone(),
                search_stale: false,
            }
        }
    })
}

/// What a good build keeps of the last site's files.
enum Kept {
    /// A partial build renders only some files: the rest stay.
    All,
    /// A whole build without indexing keeps the last search index.
    SearchIndex,
    Nothing,
}

/// The files of the new site, and how many of them were rendered now.
fn merged(last: &Site, kept: Kept, files: Vec<OutputFile>) -> (Files, usize) {
    let mut all: Files = match kept {
        Kept::All => (*last.files).clone(),
        Kept::SearchIndex | Kept::Nothing => HashMap::new(),
    };
    if let Kept::SearchIndex = kept {
        let bundle = format!("{}/", crate::publish::search::BUNDLE_DIR);
        for (key, bytes) in last.files.iter().filter(|(k, _)| k.starts_with(&bundle)) {
            all.insert(key.clone(), bytes.clone());
        }
    }
    let rendered = files.len();
    for f in files {
        all.insert(url_key(&f.path), f.bytes.into());
    }
    (all, rendered)
}

/// Every problem of a failed build, printed and returned as (place,
/// message, hint) for the error page.
fn problems(e: &BuildError) -> Vec<(String, String, String)> {
    match e {
        BuildError::Content(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            diags
                .iter()
                .map(|d| (place(d), d.message.clone(), d.hint.clone()))
                .collect()
        }
        BuildError::Other(e) => {
            eprintln!("ошибка: {}", visible(&format!("{e:#}")));
            vec![(String::new(), format!("{e:#}"), String::new())]
        }
    }
}

/// The page shown while the content has mistakes; what it quotes from the
/// content is escaped for HTML, its control characters made visible.
fn error_page(items: &[(String, String, String)]) -> String {
    let mut list = String::new();
    for (place, message, hint) in items {
        list += "<li>";
        if !place.is_empty() {
            list += &format!("<p><strong>{}</strong></p>", escape(place));
        }
        list += &format!("<p>{}</p>", escape(message));
        if !hint.is_empty() {
            list += &format!("<p>Подсказка: {}</p>", escape(hint));
        }
        list += "</li>";
    }
    format!(
        "<!doctype html><html lang=ru><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width\">\
         <title>Ошибка в файлах сайта — kadry serve</title>\
         <style>body{{font:1rem/1.5 sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}\
         li{{margin-bottom:1rem}}p{{margin:.25rem 0;overflow-wrap:anywhere}}</style>\
         <main><h1>Сайт не собран: ошибок — {}</h1>\
         <p>Исправьте файл и сохраните его: эта страница обновится сама.</p>\
         <ol>{list}</ol></main>",
        items.len()
    )
}

fn escape(s: &str) -> String {
    html_text(&visible(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_escapes_what_the_editor_wrote() {
        let page = error_page(&[(
            "файл content/a.md, строка 2, столбец 9".into(),
            "нет «</li><script>»".into(),
            "a & b".into(),
        )]);
        assert!(page.contains("&lt;/li&gt;&lt;script&gt;"));
        assert!(page.contains("a &amp; b"));
        assert!(page.contains("строка 2"));
        let page = error_page(&[(String::new(), "«\u{1b}[2J\u{202e}»".into(), String::new())]);
        assert!(page.contains("«\\x1b[2J\\u{202e}»"), "{page}");
    }
}
