//! Open data per the Russian open-data methodology v3.0: `/opendata/` with the
//! registry `list.csv`, and per dataset a passport `meta.csv`, versioned data
//! and structure files, JSON beside the CSV and an HTML passport page.

use super::{Ctx, OutputFile, Page};
use anyhow::Result;

pub(super) fn pages(_ctx: &Ctx) -> Vec<Page> {
    Vec::new()
}

pub(super) fn files(_ctx: &Ctx) -> Result<Vec<OutputFile>> {
    Ok(Vec::new())
}
