//! The investor section (roadmap position 15.2): `/investors/`, its English
//! version `/en/investors/`, the embeddable `/investors/embed/` and the same
//! facts as data in `/investors/workforce.json`.

use super::{Ctx, OutputFile, Page};
use anyhow::Result;

pub(super) fn pages(_ctx: &Ctx) -> Vec<Page> {
    Vec::new()
}

pub(super) fn files(_ctx: &Ctx) -> Result<Vec<OutputFile>> {
    Ok(Vec::new())
}
