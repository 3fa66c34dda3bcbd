//! Structured data for search engines and link previews: every page's
//! JSON-LD (schema.org `WebPage` in its `WebSite`, with the page's
//! `BreadcrumbList` and, where the page is about one thing, that thing as
//! its `mainEntity`: an organisation, a news article, a dataset), written
//! into a `<script type="application/ld+json">` data block that browsers
//! never run.
//!
//! Takes a page's title, absolute address, language, change date and
//! breadcrumbs; gives the JSON text, with `<` escaped so that no title can
//! end the block.

use super::page::Crumb;
use serde_json::{json, Value};

/// What the JSON-LD of one page says.
pub(super) struct PageFacts<'a> {
    pub site_title: &'a str,
    pub home: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub lang: &'a str,
    pub modified: Option<String>,
    pub crumbs: &'a [Crumb],
    /// The page's main entity, if it has one.
    pub about: Option<&'a Value>,
}

/// The page's JSON-LD, safe to put between `<script>` tags.
pub(super) fn json_ld(facts: &PageFacts) -> String {
    let absolute = |url: &str| {
        url::Url::parse(facts.home)
            .and_then(|home| home.join(url))
            .map_or_else(|_| url.to_string(), String::from)
    };
    let mut trail: Vec<Value> = facts
        .crumbs
        .iter()
        .map(|c| (c.title.as_str(), absolute(&c.url)))
        .chain([(facts.title, facts.url.to_string())])
        .enumerate()
        .map(|(i, (name, item))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": item})
        })
        .collect();
    // the home page is its own trail's only step: no list of one
    if facts.crumbs.is_empty() {
        trail.clear();
    }
    let mut page = json!({
        "@type": "WebPage",
        "@id": facts.url,
        "url": facts.url,
        "name": facts.title,
        "inLanguage": facts.lang,
        "isPartOf": {"@type": "WebSite", "name": facts.site_title, "url": facts.home},
    });
    if let Some(date) = &facts.modified {
        page["dateModified"] = json!(date);
    }
    if !trail.is_empty() {
        page["breadcrumb"] = json!({"@type": "BreadcrumbList", "itemListElement": trail});
    }
    let mut graph = vec![];
    if let Some(about) = facts.about {
        let mut about = about.clone();
        let id = format!("{}#about", facts.url);
        about["@id"] = json!(id);
        page["mainEntity"] = json!({"@id": id});
        graph.push(about);
    }
    graph.insert(0, page);
    let doc = json!({"@context": "https://schema.org", "@graph": graph});
    doc.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_end_the_data_block_and_the_trail_is_absolute() {
        let crumbs = [Crumb::new("Главная", "/kadry/".into())];
        let text = json_ld(&PageFacts {
            site_title: "Портал",
            home: "https://x.org/kadry/",
            title: "</script><script>alert(1)</script>",
            url: "https://x.org/kadry/roadmap/",
            lang: "ru",
            modified: Some("2026-11-26".into()),
            crumbs: &crumbs,
            about: Some(&json!({"@type": "Dataset", "name": "<b>"})),
        });
        assert!(!text.contains('<'), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let page = &v["@graph"][0];
        assert_eq!(page["name"], "</script><script>alert(1)</script>");
        let trail = &page["breadcrumb"]["itemListElement"];
        assert_eq!(trail[0]["item"], "https://x.org/kadry/");
        assert_eq!(trail[1]["position"], 2);
        assert_eq!(page["dateModified"], "2026-11-26");
        let about = &v["@graph"][1];
        assert_eq!(
            (about["@type"].as_str(), &about["@id"]),
            (Some("Dataset"), &page["mainEntity"]["@id"])
        );
    }
}
