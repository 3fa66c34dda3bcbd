//! What the preview server refuses: requests addressed to any other host
//! (a page the editor visits could otherwise read the unpublished preview
//! through DNS rebinding), and redirects that would leave the site.

/// Whether a request's `Host` header names the address the server listens
/// on: `127.0.0.1`, `localhost` or `[::1]` with its port (the port may be
/// left out only when it is 80, as browsers do).
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        // `[::1]` alone has colons but no port
        Some((name, p)) if !p.ends_with(']') => (name, p.parse::<u16>().ok()),
        _ => (host.as_str(), Some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]") && given == Some(port)
}

/// The body of the refusal, naming the address to open instead.
pub fn refusal(port: u16) -> String {
    format!(
        "Доступ запрещён: предпросмотр kadry serve открывается только по адресу \
         http://127.0.0.1:{port}/ (или http://localhost:{port}/)."
    )
}

/// Where `/dir` (as requested, still percent-encoded) redirects: `/dir/`
/// with the query, always a path on this site. Leading slashes and
/// backslashes collapse into one, as `//host/` would be read as another
/// host; a target with spaces or control characters (which browsers drop
/// from addresses) gets no redirect at all.
pub fn slash_location(raw_path: &str, query: &str) -> Option<String> {
    let target = [raw_path, query].concat();
    if target.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let rest = raw_path.trim_start_matches(['/', '\\']);
    Some(format!("/{rest}/{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_its_own_address() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(host_allowed(Some(ok), 1111), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "127.0.0.1:2222",
            "127.0.0.1.evil.example:1111",
            "localhost.:1111",
            "[::1]",
            "0.0.0.0:1111",
            "",
            "127.0.0.1:1111:1111",
        ] {
            assert!(!host_allowed(Some(bad), 1111), "{bad}");
        }
        assert!(!host_allowed(None, 1111));
        assert!(host_allowed(Some("localhost"), 80));
        assert!(host_allowed(Some("[::1]"), 80));
    }

    #[test]
    fn redirects_stay_on_the_site() {
        assert_eq!(
            slash_location("/roadmap", "?a=1").as_deref(),
            Some("/roadmap/?a=1")
        );
        assert_eq!(
            slash_location("//roadmap", "").as_deref(),
            Some("/roadmap/")
        );
        assert_eq!(
            slash_location("/\\/\\evil.example/x", "").as_deref(),
            Some("/evil.example/x/")
        );
        assert_eq!(slash_location("/\t/evil.example", ""), None);
        assert_eq!(slash_location("/a", "?\u{7f}"), None);
    }
}
