//! Watching the site's sources for `kadry serve`: `content/`, `themes/` and
//! `kadry.toml`. Takes the site root; gives batches of changed paths, one
//! batch per save (events within 100 ms of each other are one batch).

use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The site's sources, watched: changes are queued from [`start`] on, so a
/// save made while the first build runs (a minute on a large portal) is
/// built after it, not lost.
pub(super) struct Changes {
    root: PathBuf,
    /// Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
}

/// Starts watching `content/`, `themes/` and `kadry.toml` under `root`.
pub(super) fn start(root: &Path) -> anyhow::Result<Changes> {
    let (tx, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    for (path, mode) in [
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
        // the folder, not the file: an editor may replace kadry.toml
        (root.to_path_buf(), RecursiveMode::NonRecursive),
    ] {
        if let Err(e) = watcher.watch(&path, mode) {
            eprintln!("не слежу за {}: {e}", path.display());
        }
    }
    Ok(Changes {
        root: root.to_path_buf(),
        _watcher: watcher,
        events,
    })
}

impl Changes {
    /// Calls `on_change` with the paths changed by each save, until the
    /// watcher stops.
    pub(super) fn each(self, mut on_change: impl FnMut(BTreeSet<PathBuf>)) -> anyhow::Result<()> {
        let root = &self.root;
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
        while let Ok(event) = self.events.recv() {
            let mut changed: BTreeSet<PathBuf> = changes(event).into_iter().collect();
            // a save comes as several events: wait for 100 ms of quiet
            while let Ok(event) = self.events.recv_timeout(Duration::from_millis(100)) {
                changed.extend(changes(event));
            }
            if !changed.is_empty() {
                on_change(changed);
            }
        }
        Ok(())
    }
}
