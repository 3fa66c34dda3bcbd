//! `/infrastructure/`: the results of measures 14.1–14.5 — training sites,
//! modernisation and its funding, network programmes, online courses.

use super::{Ctx, Page};

pub(super) fn pages(_ctx: &Ctx) -> Vec<Page> {
    Vec::new()
}
