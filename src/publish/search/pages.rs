//! Which built pages the search index takes, and the text it reads of them.

use crate::address;
use std::path::Path;

/// Language of the index: the portal is in Russian.
pub(super) const LANGUAGE: &str = "ru";

/// Pages left out of the index besides the listings, by address.
const SKIPPED: [&str; 2] = [
    // the error page: not content
    address::NOT_FOUND,
    // the investor section again, for embedding into other sites: a duplicate
    address::INVESTORS_EMBED,
];

/// Whether a built file is a Russian page worth finding.
pub(super) fn indexed(path: &Path, bytes: &[u8]) -> bool {
    let page = address::address_of(path);
    path.extension().is_some_and(|e| e == "html")
        && !SKIPPED.contains(&page.as_str())
        && !address::is_listing(&page)
        // pages in other languages (English summaries) would need an index
        // and a search page of their own
        && html_lang(bytes).is_none_or(|lang| lang == LANGUAGE || lang.starts_with("ru-"))
}

/// The `lang` of the `<html>` element, quoted or not (the pages are minified).
fn html_lang(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let tag_start = head.find("<html")?;
    let tag = &head[tag_start..tag_start + head[tag_start..].find('>')?];
    let value = &tag[tag.find("lang=")? + "lang=".len()..];
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(value.len());
    Some(value[..end].to_string())
}

/// Elements whose boundaries separate words.
const BLOCKS: [&str; 42] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// What pagefind reads of a page: the `<html>` start tag (the language), the
/// `<title>` (the result's title when the page has no `<h1>`) and the
/// `<main>` element it indexes, without the frame every page repeats around
/// it (head, header, menu, footer: about half of a page's bytes), spaced.
pub(super) fn indexable(bytes: &[u8]) -> String {
    let html = String::from_utf8_lossy(bytes);
    let element = |open: &str, close: &str| {
        let start = html.find(open)?;
        let end = start + html[start..].find(close)? + close.len();
        Some(&html[start..end])
    };
    let main = html
        .find("<main")
        .zip(html.rfind("</main>"))
        .filter(|(start, end)| start < end)
        .map(|(start, end)| &html[start..end + "</main>".len()]);
    match (element("<html", ">"), main) {
        (Some(root), Some(main)) => {
            let title = element("<title>", "</title>").unwrap_or_default();
            spaced(&format!(
                "{root}<head>{title}</head><body>{main}</body></html>"
            ))
        }
        _ => spaced(&html),
    }
}

/// The page with a space before every start tag of a block element, for the index
/// only. The minified pages have no whitespace between tags and omit optional
/// end tags (`</p>`, `</dd>`, `</td>`), and pagefind separates words only at
/// the end tags of a few elements, so `<dt>Срок<dd>Декабрь` would be indexed
/// as the one word «СрокДекабрь».
fn spaced(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    for (i, _) in html.match_indices('<') {
        // opening tags only: a space before `</h1>` would keep pagefind from
        // ending the heading's sentence with a full stop in excerpts
        let rest = &html[i + 1..];
        let name = &rest[..rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len())];
        if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
            out.push_str(&html[copied..i]);
            out.push(' ');
            copied = i;
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_boundaries_separate_words() {
        assert_eq!(
            spaced("<dl><dt>Срок<dd>Декабрь 2018</dl><p>a<b>b</b>c</p>"),
            " <dl> <dt>Срок <dd>Декабрь 2018</dl> <p>a<b>b</b>c</p>"
        );
        assert_eq!(
            spaced("<table><tr><th>Курс<th>Часы"),
            " <table> <tr> <th>Курс <th>Часы"
        );
        assert_eq!(spaced("<dfn>x</dfn><time>y"), "<dfn>x</dfn><time>y");
    }

    #[test]
    fn only_main_is_read() {
        let page = b"<!DOCTYPE html><html lang=ru><head><title>14.1</title><link rel=x></head>\
            <body><header>\xd0\x9c\xd0\xb5\xd0\xbd\xd1\x8e</header><main id=main><h1>A</h1><p>b</main><footer>c</footer>";
        assert_eq!(
            indexable(page),
            "<html lang=ru><head><title>14.1</title></head><body> <main id=main> <h1>A</h1> <p>b</main></body></html>"
        );
        // a page without <main> is read whole
        assert_eq!(indexable(b"<p>x"), " <p>x");
    }

    #[test]
    fn languages() {
        assert_eq!(
            html_lang(b"<!DOCTYPE html><html lang=ru><head>").as_deref(),
            Some("ru")
        );
        assert_eq!(html_lang(b"<html lang=\"en\">").as_deref(), Some("en"));
        assert_eq!(html_lang(b"<html><body>").as_deref(), None);
        assert!(indexed(Path::new("index.html"), b"<html lang=ru>"));
        assert!(!indexed(Path::new("roadmap/index.html"), b"<html lang=ru>"));
        assert!(!indexed(
            Path::new("investors/en/index.html"),
            b"<html lang=en>"
        ));
        assert!(!indexed(Path::new("404.html"), b"<html lang=ru>"));
        assert!(!indexed(
            Path::new("search/az/index.html"),
            b"<html lang=ru>"
        ));
        assert!(!indexed(
            Path::new("executors/rkc/index.html"),
            b"<html lang=ru>"
        ));
        assert!(indexed(
            Path::new("roadmap/14/14.1/index.html"),
            b"<html lang=ru>"
        ));
        assert!(!indexed(Path::new("data.csv"), b""));
    }
}
