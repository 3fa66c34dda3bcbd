//! Times each stage of `kadry build` through kadry's public library API,
//! mirroring `kadry::render` + `kadry::build` (src/lib.rs) step by step, so
//! search indexing can be reported on its own line without changing the
//! engine. Built and run by `benches/run.sh` (in a temporary cargo package
//! that depends on this repository by path); not a target of the main crate.
//!
//!     stages ROOT OUT AS_OF
//!
//! Prints one line per stage: `stage <name> <wall seconds> <VmHWM MiB after it>`.
//! If the engine's stage functions change signature, update this file to
//! match `kadry::render` again.

use std::path::PathBuf;
use std::time::Instant;

fn hwm_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: stages ROOT OUT AS_OF");
        std::process::exit(2);
    }
    let root = PathBuf::from(&args[1]);
    let out = PathBuf::from(&args[2]);
    let as_of = chrono::NaiveDate::parse_from_str(&args[3], "%Y-%m-%d").expect("as-of date");

    let mut t = Instant::now();
    let mut lap = |name: &str| {
        println!(
            "stage {name} {:.3} {:.1}",
            t.elapsed().as_secs_f64(),
            hwm_mib()
        );
        t = Instant::now();
    };
    let total = Instant::now();

    let config = kadry::config::Config::load(&root).expect("config");
    let content = kadry::content::load(&root).expect("content");
    lap("load");
    let history = kadry::history::History::from_git(&root);
    lap("git_history");
    let roadmap = kadry::model::build(content, as_of, &history).expect("model");
    lap("model");
    let theme_dir = root.join("themes").join(&config.theme);
    let mut files = kadry::render::render_site(
        &roadmap,
        &config,
        as_of,
        &theme_dir,
        &root.join("content"),
    )
    .expect("render");
    lap("render");
    let bundle = kadry::search::index(&files, &config.base_path()).expect("search");
    files.extend(bundle);
    lap("search_index");
    let broken = kadry::links::check(&roadmap.links, &files, &config.base_path());
    assert!(broken.is_empty(), "broken links: {}", broken.len());
    lap("link_check");
    kadry::output::write_atomically(&out, &files).expect("write");
    lap("write");
    println!(
        "stage total {:.3} {:.1}",
        total.elapsed().as_secs_f64(),
        hwm_mib()
    );
}
