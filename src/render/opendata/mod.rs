//! Open data per the Russian open-data methodology v3.0: `/opendata/` with the
//! registry `list.csv`, and per dataset a passport `meta.csv`, versioned data
//! and structure files, JSON beside the CSV and an HTML passport page.
//!
//! Takes the model through the build's context; gives pages and files. The
//! parent builds an [`OpenData`] once per build ([`build`]: the exports, each version's data encoded once), then lists
//! its pages and writes its files as a `Family`; both read the
//! same exports. `export` says what is published, `passport` its `meta.csv`
//! rows, `files` the bytes and `pages` what the templates see.
//!
//! Identifiers are `<owner's INN>-<code>` in the methodology: the operator,
//! who publishes every set, gives its INN in `kadry.toml`, and codes start
//! with `kadry` (`0000000000-kadry-roadmap` on a demonstration portal).
//! A table under `content/data/` named like a set built from the model is
//! refused by the model (`crate::model::opendata`), so identifiers are unique.

mod export;
mod files;
mod pages;
mod passport;

pub(super) use export::OpenData;

use super::{Ctx, Family, OutputFile, Page, Scope};

/// The exports of one build, their data encoded once.
pub(super) fn build<'a>(ctx: &Ctx<'a>) -> anyhow::Result<OpenData<'a>> {
    let mut data = OpenData::new(ctx);
    files::encode(&mut data)?;
    Ok(data)
}

impl<'a> Family<'a> for OpenData<'a> {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        pages::pages(ctx, self)
    }

    fn files(&self, ctx: &Ctx<'a>, _scope: Scope) -> anyhow::Result<Vec<OutputFile>> {
        files::files(ctx, self)
    }
}
