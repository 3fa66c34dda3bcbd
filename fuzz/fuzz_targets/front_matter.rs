//! A content file's text: split at its `+++` lines, then its front matter
//! parsed as each kind of document; errors must be diagnostics, not panics.

#![no_main]

use kadry::load::frontmatter::{self, Split};
use kadry::load::{
    InvestorsMeta, MeasureMeta, NewsMeta, ReportMeta, RoadmapMeta, SectionMeta,
};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use std::path::Path;

fn parse<T: DeserializeOwned>(path: &Path, split: &Split) {
    if let Err(d) = frontmatter::parse::<T>(path, split) {
        assert!(!d.message.is_empty());
        let _ = d.to_string();
    }
}

fuzz_target!(|text: &str| {
    let path = Path::new("content/reports/1.1/x.md");
    let Ok(split) = frontmatter::split(path, text) else {
        return;
    };
    parse::<ReportMeta>(path, &split);
    parse::<NewsMeta>(path, &split);
    parse::<MeasureMeta>(path, &split);
    parse::<SectionMeta>(path, &split);
    parse::<RoadmapMeta>(path, &split);
    parse::<InvestorsMeta>(path, &split);
    for key in ["title", "date", "measure", "status"] {
        frontmatter::key_line(&split, key);
    }
});
