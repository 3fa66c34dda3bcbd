//! The open-data sets the portal builds itself from the model, and the check
//! that no table under `content/data/` takes one of their names.
//!
//! Takes the parsed datasets; gives a content error per dataset whose name
//! (its file stem) is one of [`BUILT_IN`]. Every published set is found at
//! `<INN>-kadry-<name>` with one INN and prefix for all, so such a table and
//! the built-in set would be one set: same identifier, same folder, same
//! registry row.
//! Pure: reads no file.

use crate::diagnostics::Diagnostic;
use crate::model::datasets::Dataset;
use std::path::Path;

/// The set of the roadmap's measures with their derived status.
pub const ROADMAP: &str = "roadmap";
/// The set of the published progress reports.
pub const REPORTS: &str = "reports";
/// The set of the organisations that answer for measures: what the other
/// sets' organisation ids resolve to.
pub const ORGANIZATIONS: &str = "organizations";
/// Names of the sets built from the model, in registry order.
pub const BUILT_IN: [&str; 3] = [ROADMAP, REPORTS, ORGANIZATIONS];
/// What every set's code starts with: the portal's sets apart from any
/// other the same owner publishes.
pub const PREFIX: &str = "kadry";

/// The identifier a set is published under, `<ИНН>-<код>` as the methodology
/// has it: `0000000000-kadry-roadmap` for the owner's INN and the set's name.
pub fn identifier(inn: &str, name: &str) -> String {
    format!("{inn}-{PREFIX}-{name}")
}

/// An error for every dataset named like a set the portal builds itself,
/// pointing at its description (`.toml`), whose name is the table's.
pub fn check(datasets: &[Dataset]) -> Vec<Diagnostic> {
    datasets
        .iter()
        // addresses are compared case-folded on publishing (see
        // `publish::Claimed`): `Roadmap` would take the same folder on many disks
        .filter(|d| BUILT_IN.contains(&d.name.to_lowercase().as_str()))
        .map(|d| {
            let csv = Path::new(&d.source);
            let sidecar = csv.with_extension("toml");
            Diagnostic::error(
                &sidecar,
                format!(
                    "имя набора данных «{}» занято набором, который портал строит сам",
                    d.name
                ),
                format!(
                    "переименуйте {} и {}: имя набора берётся из имени файла",
                    csv.display(),
                    sidecar.display()
                ),
            )
            .at(1, 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn dataset(name: &str) -> Dataset {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
        Dataset {
            name: name.into(),
            title: "Набор".into(),
            title_en: "Set".into(),
            description: String::new(),
            description_en: String::new(),
            owner: "dep-a".into(),
            keywords: Vec::new(),
            update_period: String::new(),
            measures: Vec::new(),
            demo: false,
            created: day,
            updated: day,
            columns: Vec::new(),
            rows: Vec::new(),
            previous: Vec::new(),
            source: format!("content/data/{name}.csv"),
        }
    }

    #[test]
    fn only_the_built_in_names_are_refused() {
        let sets: Vec<Dataset> = ["sites", "reports", "roadmap", "kadry-roadmap", "Roadmap"]
            .into_iter()
            .map(dataset)
            .collect();
        let found = check(&sets);
        let paths: Vec<String> = found.iter().map(|d| d.path.display().to_string()).collect();
        assert_eq!(
            paths,
            [
                "content/data/reports.toml",
                "content/data/roadmap.toml",
                "content/data/Roadmap.toml"
            ]
        );
        let first = &found[0];
        assert_eq!((first.line, first.column), (Some(1), Some(1)));
        assert_eq!(
            first.message,
            "имя набора данных «reports» занято набором, который портал строит сам"
        );
        assert!(first
            .hint
            .starts_with("переименуйте content/data/reports.csv и content/data/reports.toml"));
    }
}
