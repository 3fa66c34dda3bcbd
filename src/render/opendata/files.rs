//! The bytes of every open-data file: per dataset its data in CSV and JSON
//! (one pair per version), its structure and its passport `meta.csv`, and the
//! registry `opendata/list.csv`.
//!
//! Takes the build's [`OpenData`]; gives the files. CSV is RFC 4180 with CRLF
//! line ends; JSON holds one object per row, keys in column order.

use super::export::{Field, OpenData};
use super::passport::meta;
use crate::address;
use crate::render::{Ctx, OutputFile};
use anyhow::{anyhow, Result};
use serde::ser::SerializeMap;
use serde::Serialize;
use std::path::PathBuf;

fn csv_bytes<R, F>(header: &[&str], rows: R) -> Result<Vec<u8>>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| anyhow!("CSV: {}", e.error()))
}

/// One data row as a JSON object, keys in column order.
struct JsonRow<'a> {
    fields: &'a [Field],
    cells: &'a [String],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (f, c) in self.fields.iter().zip(self.cells) {
            map.serialize_entry(&f.name, c)?;
        }
        map.end()
    }
}

fn json_bytes(fields: &[Field], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let rows: Vec<JsonRow> = rows.iter().map(|cells| JsonRow { fields, cells }).collect();
    let mut bytes = serde_json::to_vec_pretty(&rows)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Encodes every version's data, CSV and JSON, once per build.
pub(super) fn encode(data: &mut OpenData) -> Result<()> {
    for e in data.exports_mut() {
        let header: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
        for v in e.versions.iter_mut() {
            v.csv = csv_bytes(&header, v.rows.iter())?;
            v.json = json_bytes(&e.fields, &v.rows)?;
        }
    }
    Ok(())
}

/// Every open-data file of the site.
pub(in crate::render) fn files(ctx: &Ctx, data: &OpenData) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    // the registry starts with the methodology's version (v3.0, its first row)
    let mut list = vec![[
        "standardversion".to_string(),
        "Версия методических рекомендаций".to_string(),
        super::passport::STANDARD.to_string(),
        String::new(),
    ]];
    for e in data.exports() {
        let dir = e.dir();
        let file = |name: String, bytes: Vec<u8>| OutputFile {
            path: PathBuf::from(format!("{dir}{name}")),
            bytes,
        };
        for v in &e.versions {
            let name = e.data_name(v);
            files.push(file(format!("{name}.csv"), v.csv.clone()));
            files.push(file(format!("{name}.json"), v.json.clone()));
        }
        let structure = e.fields.iter().map(|f| {
            [
                f.name.as_str(),
                f.title_en.as_str(),
                f.title.as_str(),
                f.format,
            ]
        });
        files.push(file(
            format!("{}.csv", e.structure_name()),
            csv_bytes(
                &[
                    "field name",
                    "english description",
                    "russian description",
                    "format",
                ],
                structure,
            )?,
        ));
        let meta_rows = meta(ctx, e);
        files.push(file(
            "meta.csv".into(),
            csv_bytes(
                &["property", "value"],
                meta_rows.iter().map(|m| [&m.property, &m.value]),
            )?,
        ));
        list.push([
            e.identifier.clone(),
            e.title.clone(),
            ctx.urls.absolute(&format!("{dir}meta.csv")),
            "csv".to_string(),
        ]);
    }
    files.push(OutputFile {
        path: address::file_of(address::OPENDATA_LIST),
        bytes: csv_bytes(&["property", "title", "value", "format"], list)?,
    });
    Ok(files)
}
