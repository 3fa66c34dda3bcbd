//! The preview's HTTP side: answers each request from the in-memory site
//! of the last build (pages get the live-reload script), the script itself,
//! the build's warnings with the panel's styles, and the stream of reload
//! events. Takes a request and the shared state;
//! refuses hosts other than its own (see [`super::guard`]).

use super::{guard, url_key, Site, State};
use crate::address;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

const SCRIPT_PATH: &str = "/__kadry/livereload.js";

const EVENTS_PATH: &str = "/__kadry/events";

const WARNINGS_PATH: &str = "/__kadry/warnings";

const WARNINGS_CSS_PATH: &str = "/__kadry/warnings.css";

/// Reloads the tab when the server announces a build other than the one the
/// page came from (also after a missed event or a server restart), and
/// shows the warnings of [`WARNINGS_PATH`] in a panel styled by
/// [`WARNINGS_CSS`].
const SCRIPT: &str = include_str!("livereload.js");

const WARNINGS_CSS: &str = include_str!("warnings.css");

pub(super) fn handle(request: Request, state: &Arc<State>, port: u16) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !guard::host_allowed(host, port) {
        let _ = request.respond(reply(403, "txt", guard::refusal(port).into_bytes()));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ =
            request.respond(Response::from_string("Метод не поддерживается").with_status_code(405));
        return;
    }
    let url = request.url().to_string();
    let (raw_path, query) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    let path = percent_decode(raw_path);
    let site = state.current();
    let response = match path.as_str() {
        SCRIPT_PATH => reply(200, "js", SCRIPT.as_bytes().to_vec()),
        WARNINGS_PATH => reply(200, "json", warnings_json(&site).into_bytes()),
        WARNINGS_CSS_PATH => reply(200, "css", WARNINGS_CSS.as_bytes().to_vec()),
        EVENTS_PATH => {
            let state = state.clone();
            std::thread::spawn(move || stream_events(request, &state));
            return;
        }
        _ => serve_file(&site, &path, guard::slash_location(raw_path, query)),
    };
    let _ = request.respond(response);
}

/// The warnings of the site's last good build for the panel (none while
/// the latest build failed: its error page lists every problem).
fn warnings_json(site: &Site) -> String {
    site.warnings.json(site.error_page.is_some())
}

/// Answers a site path from the in-memory files: `/dir/` is `dir/index.html`,
/// `/dir` redirects to `with_slash` (see [`guard::slash_location`]), anything
/// else missing is the site's 404 page.
fn serve_file(
    site: &Site,
    path: &str,
    with_slash: Option<String>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let rel = path.trim_start_matches('/');
    let key = url_key(&address::file_of(rel));
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    if let Some(bytes) = site.files.get(&key) {
        if site.error_page.is_none() || ext != "html" {
            return page_or_file(site, 200, ext, bytes);
        }
    } else if site
        .files
        .contains_key(&url_key(&address::file_of(&format!("{rel}/"))))
    {
        if let Some(location) = with_slash.and_then(|to| header("Location", &to)) {
            return Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(location);
        }
    }
    if let Some(page) = &site.error_page {
        return page_or_file(site, 500, "html", page.as_bytes());
    }
    match site.files.get(address::NOT_FOUND) {
        Some(bytes) => page_or_file(site, 404, "html", bytes),
        None => reply(404, "txt", "Страница не найдена".as_bytes().to_vec()),
    }
}

/// A file as it is, or an HTML page with the live-reload script added.
fn page_or_file(
    site: &Site,
    status: u16,
    ext: &str,
    bytes: &[u8],
) -> Response<std::io::Cursor<Vec<u8>>> {
    if ext != "html" {
        return reply(status, ext, bytes.to_vec());
    }
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-build=\"{}\"></script>",
        site.build
    );
    reply(status, "html", inject(bytes, &tag))
}

/// Puts `tag` before `</body>`, or at the end when the minifier dropped it.
fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

fn reply(status: u16, ext: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", content_type(ext)),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    response
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn content_type(ext: &str) -> &'static str {
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `%D0%BA` → `к`; malformed escapes are kept as they are.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Holds an event stream open: announces the current build on connect and
/// after every rebuild, with a comment every 15 s to notice closed tabs.
fn stream_events(request: Request, state: &State) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let mut sent = String::new();
    let mut message = head.to_string();
    loop {
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        let guard = state.lock();
        let (guard, _) = state
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |site| site.build == sent)
            .unwrap_or_else(|e| e.into_inner());
        message = if guard.build == sent {
            ": ping\n\n".to_string()
        } else {
            sent = guard.build.clone();
            format!("event: reload\ndata: {sent}\n\n")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::serve::warnings::Warnings;
    use crate::cmd::serve::Site;
    use crate::diagnostics::Diagnostic;
    use std::path::Path;
    use std::sync::Arc;

    fn site(error_page: Option<&str>) -> Site {
        let files = [
            ("index.html", "<p>home</body></html>"),
            ("roadmap/14/index.html", "<p>section"),
            ("404.html", "<p>нет такой"),
            ("css/site.css", "body{}"),
        ];
        Site {
            build: "1-0".into(),
            files: Arc::new(
                files
                    .iter()
                    .map(|(k, v)| (k.to_string(), Arc::from(v.as_bytes())))
                    .collect(),
            ),
            error_page: error_page.map(str::to_string),
            summary: None,
            warnings: Warnings::next(
                &Arc::default(),
                "1-0",
                vec![Diagnostic::warning(
                    Path::new("content/news/a.md"),
                    "текст ссылки «</a><script>alert(1)</script>» не говорит, куда она ведёт",
                    "",
                )
                .at(4, 2)],
            ),
            search_stale: false,
        }
    }

    fn get(site: &Site, path: &str) -> (u16, String) {
        let response = serve_file(site, path, guard::slash_location(path, ""));
        let status = response.status_code().0;
        let mut body = String::new();
        std::io::Read::read_to_string(&mut response.into_reader(), &mut body).unwrap();
        (status, body)
    }

    #[test]
    fn serves_pages_with_the_script_and_files_without() {
        let s = site(None);
        let (status, body) = get(&s, "/");
        assert_eq!(status, 200);
        assert!(body.starts_with(
            "<p>home<script src=\"/__kadry/livereload.js\" data-build=\"1-0\"></script></body>"
        ));
        assert!(get(&s, "/roadmap/14/").1.ends_with("</script>"));
        assert_eq!(get(&s, "/css/site.css"), (200, "body{}".into()));
        assert_eq!(get(&s, "/roadmap/14").0, 301);
        let (status, body) = get(&s, "/nope/");
        assert_eq!(status, 404);
        assert!(body.starts_with("<p>нет такой<script"));
    }

    #[test]
    fn a_failed_build_shows_the_errors_on_every_page() {
        let s = site(Some("<h1>ошибки</h1>"));
        assert_eq!(get(&s, "/").0, 500);
        assert!(get(&s, "/nope").1.starts_with("<h1>ошибки</h1><script"));
        assert_eq!(get(&s, "/css/site.css"), (200, "body{}".into()));
    }

    #[test]
    fn the_warnings_are_served_as_text_for_the_panel() {
        let s = site(None);
        let json = warnings_json(&s);
        assert!(!json.contains("<script>"), "{json}");
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["id"], "1-0");
        let item = &parsed["warnings"][0];
        assert_eq!(item["place"], "файл content/news/a.md, строка 4, столбец 2");
        assert_eq!(
            item["message"],
            "текст ссылки «</a><script>alert(1)</script>» не говорит, куда она ведёт"
        );
        // the script puts them in as text, and the pages carry no panel
        assert!(SCRIPT.contains("textContent") && !SCRIPT.contains("innerHTML"));
        assert!(!get(&s, "/").1.contains("kadry-serve-warnings"));
        // while the build fails, its error page lists every problem
        let failed = site(Some("<h1>ошибки</h1>"));
        assert!(warnings_json(&failed).ends_with("\"warnings\":[]}"));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/%D0%BA/%zz%"), "/к/%zz%");
    }
}
