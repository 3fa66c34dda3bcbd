//! The passport of a published dataset (`meta.csv`), as the methodology
//! lists its properties.
//!
//! Takes one export and the build's context; gives the passport's rows, which
//! the files write as `meta.csv` and the dataset's page shows as a table (with
//! dates in words and links to the files).

use super::export::{ymd, Export};
use crate::render::{ru, Ctx};
use chrono::NaiveDate;
use serde::Serialize;

/// The methodology's version, as its passports name it.
pub(super) const STANDARD: &str = "http://opendata.gosmonitor.ru/standard/3.0";

/// A property of the passport (`meta.csv`), with what the HTML page shows.
#[derive(Serialize)]
pub(super) struct MetaItem {
    pub(super) property: String,
    /// Russian name of the property, after the methodology.
    label: String,
    pub(super) value: String,
    /// For dates: the ISO date and "15 октября 2020 г."; for data
    /// versions, the version's date.
    date: Option<String>,
    date_text: Option<String>,
    /// For file rows: the file on this site, and the JSON beside a data CSV.
    href: Option<String>,
    json_href: Option<String>,
    /// A value of a demonstration portal's operator (given or a
    /// placeholder): the page marks it as such.
    demo: bool,
}

impl MetaItem {
    fn new(property: &str, label: &str, value: impl Into<String>) -> MetaItem {
        MetaItem {
            property: property.into(),
            label: label.into(),
            value: value.into(),
            date: None,
            date_text: None,
            href: None,
            json_href: None,
            demo: false,
        }
    }

    /// A value from `[operator]` in `kadry.toml`: marked on a demonstration portal.
    fn operator(property: &str, label: &str, value: impl Into<String>, demo: bool) -> MetaItem {
        MetaItem {
            demo,
            ..MetaItem::new(property, label, value)
        }
    }

    fn date(property: &str, label: &str, d: NaiveDate) -> MetaItem {
        MetaItem {
            date: Some(d.to_string()),
            date_text: Some(ru::long_date(d)),
            ..MetaItem::new(property, label, ymd(d))
        }
    }
}

/// The passport's rows, in the methodology's order.
pub(super) fn meta(ctx: &Ctx, e: &Export) -> Vec<MetaItem> {
    let dir = e.dir();
    let op = &ctx.config.operator;
    let mut items = vec![
        MetaItem::new(
            "standardversion",
            "Версия методических рекомендаций",
            STANDARD,
        ),
        MetaItem::operator(
            "identifier",
            "Идентификационный номер",
            &e.identifier,
            op.demo,
        ),
        MetaItem::new("title", "Наименование набора данных", &e.title),
        MetaItem::new("description", "Описание набора данных", &e.description),
        MetaItem::new("creator", "Владелец набора данных", &e.creator),
        MetaItem::date("created", "Дата первой публикации набора данных", e.created),
        MetaItem::date(
            "modified",
            "Дата последнего внесения изменений",
            e.modified(),
        ),
        MetaItem::new(
            "subject",
            "Ключевые слова, соответствующие содержанию набора данных",
            e.keywords.join(","),
        ),
        MetaItem::new("format", "Формат данных", "csv"),
    ];
    for (i, v) in e.versions.iter().enumerate() {
        let name = e.data_name(v);
        let label = if i == 0 {
            "Гиперссылка (URL) на текущую версию набора".to_string()
        } else {
            format!(
                "Гиперссылка (URL) на предыдущую версию набора от {}",
                ru::long_date(v.date)
            )
        };
        items.push(MetaItem {
            date: Some(v.date.to_string()),
            date_text: Some(ru::long_date(v.date)),
            href: Some(ctx.urls.page(&format!("{dir}{name}.csv"))),
            json_href: Some(ctx.urls.page(&format!("{dir}{name}.json"))),
            ..MetaItem::new(
                &name,
                &label,
                ctx.urls.absolute(&format!("{dir}{name}.csv")),
            )
        });
    }
    let structure = e.structure_name();
    items.push(MetaItem {
        href: Some(ctx.urls.page(&format!("{dir}{structure}.csv"))),
        ..MetaItem::new(
            &structure,
            "Описание структуры набора данных",
            ctx.urls.absolute(&format!("{dir}{structure}.csv")),
        )
    });
    items.extend([
        MetaItem::operator(
            "publishername",
            "Ответственное лицо",
            op.responsible(),
            op.demo,
        ),
        MetaItem::operator(
            "publisherphone",
            "Телефон ответственного лица",
            op.phone(),
            op.demo,
        ),
        MetaItem::operator(
            "publishermbox",
            "Адрес электронной почты ответственного лица",
            &op.email,
            op.demo,
        ),
        MetaItem::date("valid", "Дата актуальности набора данных", e.modified()),
        MetaItem::new(
            "provenance",
            "Содержание последнего изменения",
            &e.provenance,
        ),
    ]);
    items
}
