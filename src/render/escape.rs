//! Escaping, one function per context, for what Rust writes as markup
//! itself (SVG charts, the embed code, feeds, the sitemap, the preview's
//! error page). Templates are escaped by Tera; JSON is written by
//! `serde_json`, whose escaping the tests below pin as well.
//!
//! Text from content may hold anything: every function here leaves no way
//! to end the element, attribute or document it is placed in.

/// Text between HTML (or SVG) tags.
pub fn html_text(s: &str) -> String {
    replace(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    })
}

/// An HTML (or SVG) attribute value in either kind of quotes.
pub fn html_attr(s: &str) -> String {
    replace(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

/// XML content or attribute values (feeds, the sitemap); characters XML
/// 1.0 does not allow at all are dropped, as no entity can stand for them.
pub fn xml(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
    };
    let kept: String = s.chars().filter(|&c| allowed(c)).collect();
    replace(&kept, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        _ => None,
    })
}

fn replace(s: &str, entity: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a & b <script>alert('x')</script> \"q\"";

    #[test]
    fn html_text_ends_no_element() {
        assert_eq!(
            html_text(HOSTILE),
            "a &amp; b &lt;script&gt;alert('x')&lt;/script&gt; \"q\""
        );
        assert_eq!(html_text("&amp;"), "&amp;amp;");
    }

    #[test]
    fn html_attr_ends_no_attribute_in_either_quote() {
        assert_eq!(
            html_attr(HOSTILE),
            "a &amp; b &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot;"
        );
        assert_eq!(html_attr("Раздел 14"), "Раздел 14");
    }

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("a & b <c> \"d\" 'e'"),
            "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(xml("x\u{1}\u{8}y\tz\n\u{fffe}"), "xy\tz\n");
        assert_eq!(
            xml("https://x.org/a?b=1&c=2"),
            "https://x.org/a?b=1&amp;c=2"
        );
    }

    #[test]
    fn json_from_serde_ends_no_string() {
        let text = serde_json::to_string(&serde_json::json!({ "t": "\"}\n\u{1}\\" })).unwrap();
        assert_eq!(text, r#"{"t":"\"}\n\u0001\\"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "\"}\n\u{1}\\");
    }
}
