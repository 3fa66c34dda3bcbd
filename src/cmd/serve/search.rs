//! The preview's search kept current: a rebuild keeps the last search
//! index (indexing takes most of a build), and this indexes the new site in
//! the background, then swaps the new bundle into the site being served,
//! unless a newer build has replaced that site meanwhile (its own indexing
//! follows). Takes the served state and the site just built; gives nothing
//! back but the swap and one line on the terminal.

use super::{Site, State};
use crate::publish::search::{index_site, BUNDLE_DIR};
use crate::render::OutputFile;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Starts indexing `site` if its search index is the one of an earlier build.
pub(super) fn refresh(state: &Arc<State>, site: &Arc<Site>) {
    if !site.search_stale {
        return;
    }
    let (state, site) = (state.clone(), site.clone());
    let spawned = std::thread::Builder::new()
        .name("serve-search".into())
        .spawn(move || reindex(&state, &site));
    if let Err(e) = spawned {
        eprintln!("поиск не обновлён: не удалось запустить поток ({e})");
    }
}

fn reindex(state: &State, site: &Site) {
    let started = Instant::now();
    let pages: Vec<OutputFile> = site
        .files
        .iter()
        .filter(|(key, _)| key.ends_with(".html"))
        .map(|(key, bytes)| OutputFile {
            path: PathBuf::from(key),
            bytes: bytes.to_vec(),
        })
        .collect();
    let bundle = match index_site(pages) {
        Ok(bundle) => bundle,
        Err(e) => {
            eprintln!("поиск не обновлён: {e:#}");
            return;
        }
    };
    let mut current = state.lock();
    if current.build != site.build {
        return;
    }
    let prefix = format!("{BUNDLE_DIR}/");
    let mut files: super::Files = current
        .files
        .iter()
        .filter(|(key, _)| !key.starts_with(&prefix))
        .map(|(key, bytes)| (key.clone(), bytes.clone()))
        .collect();
    for f in bundle {
        files.insert(super::url_key(&f.path), f.bytes.into());
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
}
