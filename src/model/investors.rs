//! What the investor page (`/investors/`) needs from the datasets of
//! `content/data/`: one table of dataset names and the columns each section
//! reads, and a check of the parsed datasets against it.
//!
//! Takes the parsed datasets and the investor texts (the page exists only
//! with them); gives a content error for every column a present dataset
//! lacks, so renaming a column cannot silently drop a part of the page. A
//! dataset that is absent altogether only leaves its section out. Reads no
//! file: `render::investors` takes its dataset and column names from here.

use super::datasets::Dataset;
use super::Investors;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// One section's dataset and the columns it reads, in the order the
/// renderer takes a row's cells.
pub struct Need<const N: usize> {
    pub dataset: &'static str,
    pub columns: [&'static str; N],
}

/// The demand forecast: people needed per group and year.
pub const FORECAST: Need<3> = Need {
    dataset: "workforce-demand",
    columns: ["group", "year", "people"],
};

/// The TOP-Region professions by demand level.
pub const TOP_PROFESSIONS: Need<3> = Need {
    dataset: "top-professions",
    columns: ["profession", "sector", "demand"],
};

/// The list's year, shown in the summary when the column is there.
pub const TOP_PROFESSIONS_YEAR: &str = "year";

/// The training sites by kind and municipality.
pub const TRAINING_SITES: Need<2> = Need {
    dataset: "training-sites",
    columns: ["kind", "municipality"],
};

/// The sites' workplaces, summed in the summary when the column is there.
pub const TRAINING_SITES_WORKPLACES: &str = "workplaces";

/// The online courses, one per row.
pub const ONLINE_COURSES: Need<5> = Need {
    dataset: "online-courses",
    columns: ["course", "provider", "hours", "audience", "url"],
};

/// Every dataset the page reads and its required columns.
pub const REQUIRED: [(&str, &[&str]); 4] = [
    (FORECAST.dataset, &FORECAST.columns),
    (TOP_PROFESSIONS.dataset, &TOP_PROFESSIONS.columns),
    (TRAINING_SITES.dataset, &TRAINING_SITES.columns),
    (ONLINE_COURSES.dataset, &ONLINE_COURSES.columns),
];

/// An error for every required column missing from a present dataset, at
/// the CSV's header line; nothing when the site has no investor page.
pub fn check(page: Option<&Investors>, datasets: &[Dataset]) -> Vec<Diagnostic> {
    if page.is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (name, columns) in REQUIRED {
        let Some(ds) = datasets.iter().find(|d| d.name == name) else {
            continue;
        };
        let csv = Path::new(&ds.source);
        let sidecar = csv.with_extension("toml");
        for column in columns.iter().filter(|c| ds.column(c).is_none()) {
            found.push(
                Diagnostic::error(
                    csv,
                    format!(
                        "в наборе данных «{name}» нет столбца «{column}», нужного странице для инвесторов"
                    ),
                    format!(
                        "добавьте столбец «{column}» в {} и в первую строку {} или верните прежнее имя",
                        sidecar.display(),
                        csv.display()
                    ),
                )
                .at(1, 1),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::load::InvestorsMeta;
    use crate::model::datasets::{Column, ColumnType};
    use crate::model::InvestorsText;
    use chrono::NaiveDate;

    fn column(name: &str) -> Column {
        Column {
            name: name.into(),
            title: name.into(),
            title_en: name.into(),
            kind: ColumnType::String,
            values: Vec::new(),
            labels: Vec::new(),
            labels_en: Vec::new(),
            optional: false,
            unit: None,
        }
    }

    fn dataset(name: &str, columns: &[&str]) -> Dataset {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        Dataset {
            name: name.into(),
            title: name.into(),
            title_en: name.into(),
            description: String::new(),
            description_en: String::new(),
            owner: "operator".into(),
            keywords: Vec::new(),
            update_period: "ежегодно".into(),
            measures: Vec::new(),
            demo: false,
            created: day,
            updated: day,
            columns: columns.iter().map(|c| column(c)).collect(),
            rows: Vec::new(),
            previous: Vec::new(),
            source: format!("content/data/{name}.csv"),
        }
    }

    fn page() -> Investors {
        let meta = || -> InvestorsMeta {
            toml::from_str(
                "title = \"Инвесторам\"\nlead = \"\"\n\
                 [contact]\norganization = \"operator\"\nname = \"\"\nemail = \"\"\n",
            )
            .unwrap()
        };
        let text = || InvestorsText {
            meta: meta(),
            body_html: String::new(),
        };
        Investors {
            ru: text(),
            en: text(),
        }
    }

    /// The datasets of the real portal as the page reads them.
    fn complete() -> Vec<Dataset> {
        REQUIRED
            .iter()
            .map(|(name, columns)| dataset(name, columns))
            .collect()
    }

    #[test]
    fn complete_datasets_pass() {
        assert!(check(Some(&page()), &complete()).is_empty());
    }

    #[test]
    fn a_renamed_column_is_an_error_at_the_csv_header() {
        let mut datasets = complete();
        let top = datasets
            .iter_mut()
            .find(|d| d.name == "top-professions")
            .unwrap();
        top.columns[2].name = "level".into();
        let found = check(Some(&page()), &datasets);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(
            d.to_string(),
            "content/data/top-professions.csv:1:1: ошибка: в наборе данных «top-professions» \
             нет столбца «demand», нужного странице для инвесторов\n  \
             подсказка: добавьте столбец «demand» в content/data/top-professions.toml \
             и в первую строку content/data/top-professions.csv или верните прежнее имя"
        );
    }

    #[test]
    fn every_missing_column_is_named() {
        let datasets = vec![dataset("online-courses", &["course", "link"])];
        let found: Vec<String> = check(Some(&page()), &datasets)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        for column in ["provider", "hours", "audience", "url"] {
            assert!(
                found
                    .iter()
                    .any(|d| d.contains(&format!("столбца «{column}»"))),
                "{column} not named: {found:?}"
            );
        }
    }

    #[test]
    fn absent_datasets_and_extra_columns_are_fine() {
        let datasets = vec![dataset(
            "workforce-demand",
            &["group", "year", "people", "note"],
        )];
        assert!(check(Some(&page()), &datasets).is_empty());
        assert!(check(Some(&page()), &[]).is_empty());
    }

    #[test]
    fn without_an_investor_page_nothing_is_required() {
        let datasets = vec![dataset("top-professions", &["name"])];
        assert!(check(None, &datasets).is_empty());
        assert_eq!(check(Some(&page()), &datasets).len(), 3);
    }
}
