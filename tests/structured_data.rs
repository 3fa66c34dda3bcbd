//! What search engines and link previews read: every page (but the 404 and
//! the investor widget) has JSON-LD that parses as a schema.org `WebPage`
//! at its canonical address, with its breadcrumb trail, Open Graph tags
//! and a description of its own; the site map lists every such page with the date it last
//! changed, and neither the 404 nor the widget.

mod common;

use common::{build, read_tree, site};
use scraper::{Html, Selector};
use std::collections::BTreeSet;

#[test]
fn every_page_has_json_ld_and_open_graph_and_the_site_map_dates_them() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, "2026-11-26").unwrap_or_else(|e| panic!("{e:?}"));
    let select = |s: &str| Selector::parse(s).unwrap();
    let (ld, canonical) = (
        select("script[type=\"application/ld+json\"]"),
        select("link[rel=canonical]"),
    );
    let mut pages = BTreeSet::new();
    let mut descriptions = std::collections::HashMap::new();
    for (path, bytes) in read_tree(&out) {
        let name = path.to_string_lossy().replace('\\', "/");
        if !name.ends_with(".html") || name.starts_with("pagefind/") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        let url = html
            .select(&canonical)
            .next()
            .and_then(|l| l.value().attr("href"));
        if name == "404.html" || name == "investors/embed/index.html" {
            assert!(html.select(&ld).next().is_none(), "{name} has JSON-LD");
            if name == "404.html" {
                assert!(url.is_none(), "the 404 page names a canonical address");
            }
            continue;
        }
        let url = url.unwrap_or_else(|| panic!("{name}: no canonical address"));
        let blocks: Vec<_> = html.select(&ld).collect();
        assert_eq!(blocks.len(), 1, "{name}");
        let data: serde_json::Value = serde_json::from_str(&blocks[0].inner_html())
            .unwrap_or_else(|e| panic!("{name}: JSON-LD does not parse: {e}"));
        assert_eq!(data["@context"], "https://schema.org", "{name}");
        let page = &data["@graph"][0];
        assert_eq!(
            (page["@type"].as_str(), page["url"].as_str()),
            (Some("WebPage"), Some(url)),
            "{name}"
        );
        assert!(
            page["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{name}"
        );
        if name != "index.html" && name != "en/investors/index.html" {
            let trail = page["breadcrumb"]["itemListElement"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: no trail"));
            assert_eq!(trail.last().unwrap()["item"], url, "{name}");
        }
        check_main_entity(&name, &data, &out);
        for property in ["og:title", "og:url", "og:type", "og:site_name", "og:locale"] {
            let tag = select(&format!("meta[property=\"{property}\"]"));
            assert!(
                html.select(&tag)
                    .next()
                    .and_then(|m| m.value().attr("content"))
                    .is_some_and(|c| !c.is_empty()),
                "{name}: no {property}"
            );
        }
        let description = html
            .select(&select("meta[name=description]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{name}: no description"))
            .to_string();
        if let Some(other) = descriptions.insert(description.clone(), name.clone()) {
            panic!("{name} and {other} share the description «{description}»");
        }
        pages.insert(url.to_string());
    }
    let sitemap = roxmltree_urls(&std::fs::read_to_string(out.join("sitemap.xml")).unwrap());
    let listed: BTreeSet<String> = sitemap.iter().map(|(loc, _)| loc.clone()).collect();
    assert_eq!(listed, pages, "the site map and the pages differ");
    for (loc, lastmod) in &sitemap {
        let date = lastmod
            .as_deref()
            .unwrap_or_else(|| panic!("{loc}: no lastmod"));
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{loc}: {date}"
        );
    }
}

/// Each `<url>` of a site map: its `<loc>` and `<lastmod>`.
fn roxmltree_urls(xml: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |tag: &str| {
                u.children()
                    .find(|c| c.has_tag_name(tag))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap_or_default(), child("lastmod"))
        })
        .collect()
}

/// The page's main entity, where its kind of page has one, with what
/// schema.org and dataset search engines need of its type: an executor's
/// organisation, a news article, a dataset whose files are there.
fn check_main_entity(name: &str, data: &serde_json::Value, out: &std::path::Path) {
    let graph = data["@graph"].as_array().unwrap();
    let entity = graph.get(1);
    let text = |v: &serde_json::Value, key: &str| {
        v[key]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| panic!("{name}: {key} missing in {v}"))
            .to_string()
    };
    let kind = if name.starts_with("executors/") && name != "executors/index.html" {
        "organisation"
    } else if name.starts_with("news/") && name != "news/index.html" {
        "article"
    } else if name.starts_with("opendata/") && name != "opendata/index.html" {
        "dataset"
    } else {
        assert!(entity.is_none(), "{name}: an entity on a listing: {data}");
        return;
    };
    let entity = entity.unwrap_or_else(|| panic!("{name}: no main entity"));
    assert_eq!(graph[0]["mainEntity"]["@id"], entity["@id"], "{name}");
    let date = |key: &str| {
        let d = text(entity, key);
        assert!(
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok(),
            "{name}: {key} {d}"
        );
    };
    match kind {
        "organisation" => {
            let t = text(entity, "@type");
            assert!(
                [
                    "GovernmentOrganization",
                    "EducationalOrganization",
                    "Organization"
                ]
                .contains(&t.as_str()),
                "{name}: {t}"
            );
            text(entity, "name");
            text(entity, "url");
        }
        "article" => {
            assert_eq!(text(entity, "@type"), "NewsArticle", "{name}");
            text(entity, "headline");
            date("datePublished");
            text(&entity["publisher"], "name");
        }
        _ => {
            assert_eq!(text(entity, "@type"), "Dataset", "{name}");
            text(entity, "name");
            assert!(
                text(entity, "description").chars().count() >= 50,
                "{name}: short description"
            );
            date("dateModified");
            let files = entity["distribution"].as_array().unwrap();
            assert_eq!(files.len(), 2, "{name}");
            for f in files {
                let url = text(f, "contentUrl");
                let path = url.strip_prefix("https://kadry.example.org/").unwrap();
                assert!(out.join(path).is_file(), "{name}: {url} is not in the site");
            }
        }
    }
}
