//! `kadry serve`: a preview server for editors.
//!
//! Builds the site in memory (nothing is written to `public/`), serves it on
//! 127.0.0.1 only, and rebuilds whenever a file in `content/`, `themes/` or
//! `kadry.toml` changes. Every HTML response gets a small script (injected here,
//! never part of the built site) that listens on a Server-Sent Events stream
//! and reloads the tab after each rebuild. While the content has mistakes,
//! every page shows them in Russian, and the tab comes back by itself once the
//! file is fixed. It answers only requests addressed to 127.0.0.1 (see
//! [`guard`]).

mod guard;

use crate::address;
use crate::diagnostics::visible;
use crate::{BuildError, BuildOptions, BuildSummary, Previous};
use anyhow::{anyhow, Context};
use chrono::NaiveDate;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use tiny_http::{Header, Method, Request, Response, Server};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub as_of: NaiveDate,
}

const SCRIPT_PATH: &str = "/__kadry/livereload.js";
const EVENTS_PATH: &str = "/__kadry/events";
/// Reloads the tab when the server announces a build other than the one the
/// page came from (also after a missed event or a server restart).
const SCRIPT: &str = "// kadry serve: reloads this tab after each rebuild.
(function () {
  var build = document.currentScript.dataset.build;
  new EventSource('/__kadry/events').addEventListener('reload', function (e) {
    if (e.data !== build) location.reload();
  });
})();
";

/// What one build produced: the files of the last good build, and the error
/// page while the latest build failed.
struct Site {
    /// Unique per build of this server run; announced to the tabs.
    build: String,
    files: Arc<Files>,
    error_page: Option<String>,
    /// What the last good build found, for the next partial rebuild.
    summary: Option<Arc<BuildSummary>>,
}

/// The files of a build by path (`roadmap/14/index.html`); shared between
/// builds, as a partial rebuild replaces only some of them.
type Files = HashMap<String, Arc<[u8]>>;

/// The site being served, swapped whole after each rebuild; `changed` wakes
/// the event streams.
struct State {
    site: Mutex<Arc<Site>>,
    changed: Condvar,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Arc<Site>> {
        self.site.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn current(&self) -> Arc<Site> {
        self.lock().clone()
    }
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(opts: &ServeOptions) -> anyhow::Result<()> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("нет папки сайта {}", opts.root.display()))?;
    let server = Server::http(("127.0.0.1", opts.port))
        .map_err(|e| anyhow!("не удалось занять порт {}: {e}", opts.port))?;
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let build_opts = BuildOptions {
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        cache: Some(Arc::default()),
        ..BuildOptions::new(root.clone(), root.join("public"), opts.as_of)
    };
    let run_id = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let first = Site {
        build: String::new(),
        files: Arc::new(HashMap::new()),
        error_page: None,
        summary: None,
    };
    let state = Arc::new(State {
        site: Mutex::new(rebuild(
            &build_opts,
            format!("{run_id}-0"),
            &first,
            &[],
            "собрано",
        )),
        changed: Condvar::new(),
    });
    eprintln!("Сайт: http://127.0.0.1:{port}/");
    eprintln!("Слежу за content/, themes/ и kadry.toml; остановить — Ctrl-C.");

    let http_state = state.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            handle(request, &http_state, port);
        }
    });

    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    for (path, mode) in [
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
        // the folder, not the file: an editor may replace kadry.toml
        (root.clone(), RecursiveMode::NonRecursive),
    ] {
        if let Err(e) = watcher.watch(&path, mode) {
            eprintln!("не слежу за {}: {e}", path.display());
        }
    }
    // Reading files (as every build does) is an event too: only changes count.
    let changes = |event: notify::Result<notify::Event>| match event {
        Ok(e) if !matches!(e.kind, EventKind::Access(_)) => e
            .paths
            .into_iter()
            .filter(|p| {
                p.starts_with(root.join("content"))
                    || p.starts_with(root.join("themes"))
                    || *p == root.join("kadry.toml")
            })
            .collect(),
        Ok(_) => Vec::new(),
        Err(e) => {
            eprintln!("ошибка слежения за файлами: {e}");
            Vec::new()
        }
    };
    let mut builds = 0;
    while let Ok(event) = rx.recv() {
        let mut changed: BTreeSet<PathBuf> = changes(event).into_iter().collect();
        // a save comes as several events: wait for 100 ms of quiet
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(100)) {
            changed.extend(changes(event));
        }
        if !changed.is_empty() {
            builds += 1;
            let edited: Vec<PathBuf> = changed
                .iter()
                .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
                .collect();
            let previous = state.current();
            let site = rebuild(
                &build_opts,
                format!("{run_id}-{builds}"),
                &previous,
                &edited,
                "пересобрано",
            );
            *state.lock() = site;
            state.changed.notify_all();
        }
    }
    Ok(())
}

/// Builds the site in memory and prints one line (or the diagnostics). A
/// failed build keeps the last good files for styles and images.
///
/// When only existing reports were `edited` since a good build, only the
/// pages that show their measures and the listings are rendered again (see
/// [`crate::render_partial`]); anything else rebuilds the whole site.
fn rebuild(
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
    // the index of the last good build (search may miss the latest edits
    // until `kadry serve` restarts; `kadry build` always indexes afresh).
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
    let site = match result {
        Ok((files, summary)) => {
            // a partial build starts from the previous files; a full one
            // keeps only the search index from them
            let mut all: Files = if partial {
                (*last.files).clone()
            } else {
                HashMap::new()
            };
            if reuse_index && !partial {
                let bundle = format!("{}/", crate::publish::search::BUNDLE_DIR);
                for (key, bytes) in last.files.iter().filter(|(k, _)| k.starts_with(&bundle)) {
                    all.insert(key.clone(), bytes.clone());
                }
            }
            let rendered = files.len();
            for f in files {
                all.insert(url_key(&f.path), f.bytes.into());
            }
            if partial {
                eprintln!(
                    "{verb} за {ms} мс: перерисовано страниц — {}, файлов — {rendered}",
                    summary.pages
                );
            } else {
                eprintln!("{verb} за {ms} мс: страниц — {}", summary.pages);
            }
            Site {
                build,
                files: Arc::new(all),
                error_page: None,
                summary: Some(Arc::new(summary)),
            }
        }
        Err(e) => {
            let items = match &e {
                BuildError::Content(diags) => {
                    for d in diags {
                        eprintln!("{d}");
                    }
                    diags
                        .iter()
                        .map(|d| {
                            let mut place = format!("файл {}", d.path.display());
                            if let Some(line) = d.line {
                                place +=
                                    &format!(", строка {line}, столбец {}", d.column.unwrap_or(1));
                            }
                            (place, d.message.clone(), d.hint.clone())
                        })
                        .collect()
                }
                BuildError::Other(e) => {
                    eprintln!("ошибка: {}", visible(&format!("{e:#}")));
                    vec![(String::new(), format!("{e:#}"), String::new())]
                }
            };
            eprintln!("сборка не удалась ({ms} мс): ошибок — {}", items.len());
            Site {
                build,
                files: last.files.clone(),
                error_page: Some(error_page(&items)),
                // edits made while the build failed are in none of the
                // files: the next build must be whole
                summary: None,
            }
        }
    };
    Arc::new(site)
}

/// `roadmap/14/index.html` whatever the platform's separator.
fn url_key(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|c| c.to_string_lossy()).collect();
    parts.join("/")
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
    let mut out = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn handle(request: Request, state: &Arc<State>, port: u16) {
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
        EVENTS_PATH => {
            let state = state.clone();
            std::thread::spawn(move || stream_events(request, &state));
            return;
        }
        _ => serve_file(&site, &path, guard::slash_location(raw_path, query)),
    };
    let _ = request.respond(response);
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
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/%D0%BA/%zz%"), "/к/%zz%");
    }
}
