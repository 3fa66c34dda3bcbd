//! The files a web server gets: theme files under content-hashed names that
//! change when the file changes and only then, precompressed `.gz`/`.br`
//! twins of every text file, and two builds of one input byte for byte the
//! same. (How nginx serves them: tests/browser/nginx.mjs.)

mod common;

use common::{build, differing, read_site, site};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The theme files of a built site: (theme path, published path), found as
/// `css/site.0123456789.css` for `css/site.css`.
fn published_theme_files(
    files: &BTreeMap<PathBuf, Vec<u8>>,
    theme: &Path,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(theme.join("static")).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(theme.join("static")).unwrap();
        let bytes = fs::read(entry.path()).unwrap();
        let name = rel.to_string_lossy().into_owned();
        let published: Vec<&PathBuf> = files
            .keys()
            .filter(|p| p.as_path() != rel && common::unhashed(p) == rel)
            .collect();
        assert_eq!(published.len(), 1, "{name} published as {published:?}");
        assert_eq!(files[published[0]], bytes, "{name}: other bytes");
        assert!(!files.contains_key(rel), "{name} also under its plain name");
        found.push((name, published[0].to_string_lossy().into_owned()));
    }
    found
}

fn decompressed(path: &Path, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let ext = path.extension().unwrap().to_str().unwrap();
    match ext {
        "gz" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        "br" => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        _ => unreachable!(),
    }
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

#[test]
fn theme_files_are_named_by_their_bytes_and_pages_link_those_names() {
    let dir = site("small");
    let root = dir.path();
    let out = root.join("public");
    build(root, &out, "2026-11-26").unwrap();
    let first = read_site(&out);
    let theme = root.join("themes/default");
    let names = published_theme_files(&first, &theme);
    assert!(names.len() >= 7, "{names:?}");
    let home = String::from_utf8_lossy(&first[Path::new("index.html")]).into_owned();
    for (plain, published) in &names {
        if plain.starts_with("css/site") || plain.starts_with("js/low-vision") {
            assert!(
                home.contains(&format!("/{published}")),
                "home does not link {published}"
            );
            assert!(!home.contains(&format!("/{plain}")), "home links {plain}");
        }
    }

    // one theme file changes: its name changes, no other name does
    let css = theme.join("static/css/site.css");
    let mut text = fs::read_to_string(&css).unwrap();
    text.push_str("\n.x { color: #000; }\n");
    fs::write(&css, text).unwrap();
    build(root, &out, "2026-11-26").unwrap();
    let second = read_site(&out);
    let renamed: Vec<_> = names
        .iter()
        .zip(published_theme_files(&second, &theme))
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.clone())
        .collect();
    assert_eq!(renamed, ["css/site.css"]);
    let home = String::from_utf8_lossy(&second[Path::new("index.html")]).into_owned();
    let new_name = &published_theme_files(&second, &theme)
        .into_iter()
        .find(|(p, _)| p == "css/site.css")
        .unwrap()
        .1;
    assert!(home.contains(&format!("/{new_name}")));
}

#[test]
fn every_text_file_has_twins_and_two_builds_are_identical() {
    let dir = site("small");
    let root = dir.path();
    build(root, &root.join("one"), "2026-11-26").unwrap();
    build(root, &root.join("two"), "2026-11-26").unwrap();
    let one = read_site(&root.join("one"));
    let two = read_site(&root.join("two"));
    assert!(
        differing(&one, &two).is_empty(),
        "{:?}",
        differing(&one, &two)
    );

    let text = ["html", "css", "js", "xml", "json", "csv", "svg", "txt"];
    let mut twins = 0;
    for (path, bytes) in &one {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "gz" || ext == "br" {
            let original = path.with_extension("");
            let plain = one
                .get(&original)
                .unwrap_or_else(|| panic!("{} has no file beside it", path.display()));
            assert_eq!(&decompressed(path, bytes), plain, "{}", path.display());
            assert!(
                bytes.len() < plain.len(),
                "{} is not smaller",
                path.display()
            );
            let of = original.extension().and_then(|e| e.to_str()).unwrap_or("");
            assert!(
                text.contains(&of),
                "{}: a twin of a file not text",
                path.display()
            );
            twins += 1;
        } else if text.contains(&ext) && bytes.len() > 1024 {
            for twin in ["gz", "br"] {
                let name = format!("{}.{twin}", path.display());
                assert!(one.contains_key(Path::new(&name)), "{name} missing");
            }
        }
    }
    assert!(twins > 100, "only {twins} twins");
}
