//! The preview's search kept current: a rebuild keeps the last search
//! index (indexing takes most of a build), and this indexes the site being
//! served in the background, then swaps the new bundle in, unless a newer
//! build has replaced that site meanwhile: then it indexes that one. One
//! indexing runs at a time, so quick saves do not pile up whole-site
//! indexings. The first indexes the whole site into a [`LiveIndex`]; the
//! next ones hand it only the pages an edit changed. Takes the served
//! state; gives nothing back but the swap and one line on the terminal.

use super::{url_key, Files, Site, State};
use crate::publish::search::{LiveIndex, BUNDLE_DIR};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// Starts indexing the served site if its search index is an earlier
/// build's and no indexing is running (the running one ends with the
/// newest site).
pub(super) fn refresh(state: &Arc<State>) {
    if !state.current().search_stale || state.indexing.swap(true, Ordering::AcqRel) {
        return;
    }
    let worker = state.clone();
    let spawned = std::thread::Builder::new()
        .name("serve-search".into())
        .spawn(move || {
            // a build that came while the flag was being cleared found it set
            // and left its site to this thread: look once more after clearing
            loop {
                let indexed = index_newest(&worker);
                worker.indexing.store(false, Ordering::Release);
                // after a failure the next build tries again
                if !indexed
                    || !worker.current().search_stale
                    || worker.indexing.swap(true, Ordering::AcqRel)
                {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        state.indexing.store(false, Ordering::Release);
        eprintln!("поиск не обновлён: не удалось запустить поток ({e})");
    }
}

/// Indexes the served site until the index it swaps in is the served
/// one's; false if indexing failed.
fn index_newest(state: &State) -> bool {
    loop {
        let site = state.current();
        if !site.search_stale {
            return true;
        }
        let started = Instant::now();
        let files = site
            .files
            .iter()
            .map(|(key, bytes)| (Path::new(key.as_str()), &bytes[..]));
        let bundle = match index(state, files) {
            Ok(bundle) => bundle,
            Err(e) => {
                eprintln!("поиск не обновлён: {e:#}");
                return false;
            }
        };
        let mut current = state.lock();
        if current.build != site.build {
            // a newer build: index that one instead
            continue;
        }
        let prefix = format!("{BUNDLE_DIR}/");
        let mut files: Files = current
            .files
            .iter()
            .filter(|(key, _)| !key.starts_with(&prefix))
            .map(|(key, bytes)| (key.clone(), bytes.clone()))
            .collect();
        for f in bundle {
            files.insert(url_key(&f.path), f.bytes.into());
        }
        *current = Arc::new(Site {
            build: current.build.clone(),
            files: Arc::new(files),
            error_page: current.error_page.clone(),
            summary: current.summary.clone(),
            warnings: current.warnings.clone(),
            search_stale: false,
        });
        eprintln!("поиск обновлён за {} мс", started.elapsed().as_millis());
        return true;
    }
}

/// The bundle for the served files: from the kept index when only pages
/// changed, else from a new one, kept for the next time.
fn index<'f>(
    state: &State,
    files: impl Iterator<Item = (&'f Path, &'f [u8])> + Clone,
) -> anyhow::Result<Vec<crate::render::OutputFile>> {
    let mut kept = state.live_index.lock().unwrap_or_else(|e| e.into_inner());
    match kept.as_mut().map(|live| live.update(files.clone())) {
        Some(Ok(Some(bundle))) => return Ok(bundle),
        // a failure leaves the kept index unknown: start anew next time
        Some(Err(e)) => {
            *kept = None;
            return Err(e);
        }
        // none kept, or pages added or removed
        _ => {}
    }
    let (live, bundle) = LiveIndex::new(files)?;
    *kept = Some(live);
    Ok(bundle)
}
