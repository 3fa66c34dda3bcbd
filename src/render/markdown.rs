//! Markdown bodies to HTML. Raw HTML in content is shown as text, never
//! passed through, so content cannot inject markup or script.

use pulldown_cmark::{html, Event, Options, Parser};

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let out = to_html("Текст <script>alert(1)</script> и **жирный**");
        assert!(!out.contains("<script"));
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.contains("<strong>жирный</strong>"));
    }
}
