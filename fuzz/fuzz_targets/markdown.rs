//! A Markdown body through everything a page's body goes through: checks,
//! rendering, sanitising, then the minifier. A body that passes the checks
//! must come out no deeper than the nesting limit allows.

#![no_main]

use kadry::address::Urls;
use kadry::model::markdown::{self, MAX_NESTING};
use libfuzzer_sys::fuzz_target;

/// Depth of well-formed serialised HTML, as html5ever writes it: every
/// element but a void one has its end tag; `<` in text is escaped.
fn depth(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let (closing, tag) = match rest.strip_prefix('/') {
            Some(tag) => (true, tag),
            None => (false, rest),
        };
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        // skip the attributes: values are quoted and may hold `<` or `>`
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i);
        rest = &tag[end..];
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fuzz_target!(|text: &str| {
    // below a sub-path, so that links are rewritten as well
    let rendered = markdown::render(text, &Urls::new("https://example.org/kadry/"));
    let refused = rendered
        .findings
        .iter()
        .any(|f| f.error && (f.message.contains("вложенность") || f.message.contains("длиннее")));
    if !refused {
        let deepest = depth(&rendered.html);
        assert!(
            deepest <= 2 * MAX_NESTING,
            "{deepest} levels passed the check:\n{}",
            rendered.html
        );
    }
    let page = format!(
        "<!doctype html><html lang=ru><head><title>t</title></head><body><main>{}</main></body></html>",
        rendered.html
    );
    kadry::render::minify(page.as_bytes());
});
