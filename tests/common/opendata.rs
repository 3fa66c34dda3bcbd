//! Reading the open data a build publishes: CSV as the methodology writes
//! it (RFC 4180, CRLF), JSON with keys in the order of the header, the
//! passports, and the content's dataset descriptions.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A CSV file as header and rows, read strictly (every row as long as the header).
pub fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

pub fn read_csv_file(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    read_csv(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// A JSON object with its keys in the order they are written.
pub struct Ordered(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ordered, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON data file as rows, checking every object has exactly `header`'s keys in order.
pub fn read_json(bytes: &[u8], header: &[String], what: &str) -> Vec<Vec<String>> {
    let objects: Vec<Ordered> =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    objects
        .into_iter()
        .map(|Ordered(entries)| {
            let keys: Vec<&String> = entries.iter().map(|(k, _)| k).collect();
            assert_eq!(keys, header.iter().collect::<Vec<_>>(), "{what}: keys");
            entries.into_iter().map(|(_, v)| v).collect()
        })
        .collect()
}

/// Text files of the open data: UTF-8 without a BOM, every line ending in CRLF.
pub fn assert_rfc4180_bytes(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    assert!(!text.starts_with('\u{feff}'), "{what}: BOM");
    assert!(text.ends_with("\r\n"), "{what}: last line without CRLF");
    // Line breaks inside quoted values are allowed; outside them, only CRLF.
    let mut quoted = false;
    let b = text.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => assert!(i > 0 && b[i - 1] == b'\r', "{what}: bare LF at byte {i}"),
            _ => {}
        }
    }
}

/// A passport: its rows in order, as (property, value).
pub fn read_meta(out: &Path, id: &str) -> Vec<(String, String)> {
    let path = out.join(format!("opendata/{id}/meta.csv"));
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_rfc4180_bytes(&bytes, &path.display().to_string());
    let (header, rows) = read_csv(&bytes);
    assert_eq!(header, ["property", "value"], "{id}/meta.csv header");
    rows.into_iter()
        .map(|r| {
            assert_eq!(r.len(), 2);
            (r[0].clone(), r[1].clone())
        })
        .collect()
}

pub fn value<'a>(meta: &'a [(String, String)], property: &str) -> &'a str {
    meta.iter()
        .find(|(p, _)| p == property)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {property} in {meta:?}"))
}

pub fn is_ymd(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y%m%d").is_ok() && s.len() == 8
}

/// The content datasets: file stem → parsed sidecar.
pub fn content_datasets(root: &Path) -> BTreeMap<String, toml::Value> {
    let dir = root.join("content/data");
    let Ok(entries) = fs::read_dir(&dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                stem,
                toml::from_str(&fs::read_to_string(&p).unwrap()).unwrap(),
            )
        })
        .collect()
}

pub fn ymd(v: &toml::Value) -> String {
    v.as_datetime().unwrap().to_string().replace('-', "")
}
