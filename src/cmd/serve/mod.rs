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

//!
//! The rooms: [`http`] answers requests from the in-memory site, [`watch`]
//! turns file events into batches of changed paths, [`rebuild`] builds the
//! site again (partially when it can) and makes the error page,
//! [`warnings`] keeps the build's warnings for the terminal and the tabs,
//! [`browser`] opens the first tab (`--open`).

mod browser;
mod guard;
mod http;
mod rebuild;
mod search;
mod warnings;
mod watch;

use crate::config::Config;
use crate::publish::search::LiveIndex;
use crate::{BuildOptions, BuildSummary};
use anyhow::{anyhow, Context};
use chrono::NaiveDate;
use rebuild::rebuild;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::SystemTime;
use tiny_http::Server;
use warnings::Warnings;

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    /// `None`: today in the settings' time zone, taken at the start.
    pub as_of: Option<NaiveDate>,
    /// Open the site in the browser once it is built.
    pub open: bool,
}

/// What one build produced: the files of the last good build, and the error
/// page while the latest build failed.
struct Site {
    /// Unique per build of this server run; announced to the tabs.
    build: String,
    files: Arc<Files>,
    error_page: Option<String>,
    /// What the last good build found, for the next partial rebuild.
    summary: Option<Arc<BuildSummary>>,
    /// The warnings of the last good build.
    warnings: Arc<Warnings>,
    /// The search index is an earlier build's: [`search::refresh`] renews it.
    search_stale: bool,
}

/// The files of a build by path (`roadmap/14/index.html`); shared between
/// builds, as a partial rebuild replaces only some of them.
type Files = HashMap<String, Arc<[u8]>>;

/// `roadmap/14/index.html` whatever the platform's separator.
fn url_key(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|c| c.to_string_lossy()).collect();
    parts.join("/")
}

/// The site being served, swapped whole after each rebuild; `changed` wakes
/// the event streams.
struct State {
    site: Mutex<Arc<Site>>,
    changed: Condvar,
    /// A thread is renewing the search index (see [`search::refresh`]).
    indexing: AtomicBool,
    /// The search index that thread keeps between renewals.
    live_index: Mutex<Option<LiveIndex>>,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Arc<Site>> {
        self.site.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn current(&self) -> Arc<Site> {
        self.lock().clone()
    }
}

/// The server on 127.0.0.1:`port`; a port in use is named with the fix.
fn listen(port: u16) -> anyhow::Result<Server> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            let other = port.checked_add(1).unwrap_or(1111);
            anyhow!(
                "порт {port} занят (возможно, уже запущен kadry serve); укажите другой: \
                 kadry serve --port {other}"
            )
        } else {
            anyhow!("не удалось занять порт {port}: {e}")
        }
    })?;
    Server::from_listener(listener, None).map_err(|e| anyhow!("не удалось занять порт {port}: {e}"))
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(opts: &ServeOptions) -> anyhow::Result<()> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("нет папки сайта {}", opts.root.display()))?;
    let server = listen(opts.port)?;
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    // one date for the whole session, as with --as-of: a partial rebuild
    // keeps pages of earlier builds, judged on the day they were built
    // (unless the settings cannot be read yet: then each build takes today)
    let as_of = opts
        .as_of
        .or_else(|| Config::load(&root).ok().map(|c| c.today()));
    let build_opts = BuildOptions {
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        cache: Some(Arc::default()),
        drafts: true,
        ..BuildOptions::new(root.clone(), root.join("public"), as_of)
    };
    let run_id = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let first = Site {
        build: String::new(),
        files: Arc::new(HashMap::new()),
        error_page: None,
        summary: None,
        warnings: Arc::default(),
        search_stale: false,
    };
    // watching starts before the first build: a save made meanwhile is
    // built after it
    let changes = watch::start(&root)?;
    let state = Arc::new(State {
        site: Mutex::new(rebuild(
            &build_opts,
            format!("{run_id}-0"),
            &first,
            &[],
            "собрано",
        )),
        changed: Condvar::new(),
        indexing: AtomicBool::new(false),
        live_index: Mutex::new(None),
    });
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!("Сайт: {url}");
    eprintln!("Слежу за content/, themes/ и kadry.toml; остановить — Ctrl-C.");
    if opts.open {
        browser::open(&url);
    }

    let http_state = state.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            http::handle(request, &http_state, port);
        }
    });

    let mut builds = 0;
    changes.each(|changed| {
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
        search::refresh(&state);
    })
}
