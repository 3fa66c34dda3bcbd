//! News, Atom feeds and the document registry: every feed is well-formed
//! Atom 1.0 with RFC 3339 dates, newest first, holding exactly what is dated
//! on or before the as-of date; `/documents/` lists every document the
//! roadmap names and every published attachment; builds are reproducible.

mod common;

use chrono::{DateTime, FixedOffset};
use common::{build, date, read, read_tree, site, text};
use std::collections::BTreeSet;
use std::path::Path;

const AS_OF: &str = "2026-11-26";
const BASE_URL: &str = "https://kadry.example.org/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A feed read back: its self link and entries (link, title, updated).
struct Feed {
    self_href: String,
    updated: DateTime<FixedOffset>,
    entries: Vec<(String, String, DateTime<FixedOffset>)>,
}

fn rfc3339(s: &str, what: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{what}: «{s}» is not RFC 3339: {e}"))
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM)
    })
}

fn child_text(node: roxmltree::Node, name: &str, what: &str) -> String {
    let el = child(node, name).unwrap_or_else(|| panic!("{what}: no <{name}>"));
    let t = el.text().unwrap_or("").trim().to_string();
    assert!(!t.is_empty(), "{what}: <{name}> is empty");
    t
}

fn link(node: roxmltree::Node, rel: &str) -> Option<String> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == "link")
        .find(|c| c.attribute("rel").unwrap_or("alternate") == rel)
        .and_then(|c| c.attribute("href"))
        .map(str::to_string)
}

/// Parses a feed and checks every element RFC 4287 requires.
fn parse_feed(xml: &str, what: &str) -> Feed {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed", "{what}");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{what}");
    let id = child_text(feed, "id", what);
    assert!(
        id.starts_with(BASE_URL) || id.starts_with("tag:"),
        "{what}: id {id}"
    );
    child_text(feed, "title", what);
    let updated = rfc3339(&child_text(feed, "updated", what), what);
    let self_href = link(feed, "self").unwrap_or_else(|| panic!("{what}: no link rel=self"));
    let alternate = link(feed, "alternate").unwrap_or_else(|| panic!("{what}: no alternate link"));
    assert!(self_href.starts_with(BASE_URL), "{what}: {self_href}");
    assert!(alternate.starts_with(BASE_URL), "{what}: {alternate}");
    let author = child(feed, "author").unwrap_or_else(|| panic!("{what}: no feed author"));
    child_text(author, "name", what);

    let mut entries = Vec::new();
    let mut ids = BTreeSet::new();
    let mut updated_values = BTreeSet::new();
    for e in feed
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "entry")
    {
        let eid = child_text(e, "id", what);
        assert!(ids.insert(eid.clone()), "{what}: entry id {eid} twice");
        let title = child_text(e, "title", what);
        let updated = rfc3339(&child_text(e, "updated", what), what);
        // the W3C feed validator warns of two entries with one `updated`
        assert!(
            updated_values.insert(updated),
            "{what}: two entries updated at {updated}"
        );
        let published = rfc3339(&child_text(e, "published", what), what);
        assert!(
            published <= updated,
            "{what}: {eid} published after updated"
        );
        let href = link(e, "alternate").unwrap_or_else(|| panic!("{what}: {eid} has no link"));
        assert!(href.starts_with(BASE_URL), "{what}: {href}");
        let summary = child(e, "summary").unwrap_or_else(|| panic!("{what}: {eid} no summary"));
        assert_eq!(summary.attribute("type"), Some("text"), "{what}");
        entries.push((href, title, updated));
    }
    for pair in entries.windows(2) {
        assert!(
            pair[0].2 >= pair[1].2,
            "{what}: {} before {} is not newest first",
            pair[0].0,
            pair[1].0
        );
    }
    if let Some(first) = entries.first() {
        assert_eq!(
            updated, first.2,
            "{what}: feed updated is not the newest entry's date"
        );
    }
    Feed {
        self_href,
        updated,
        entries,
    }
}

fn read_feed(out: &Path, rel: &str) -> Feed {
    let feed = parse_feed(&read(out, rel), rel);
    assert_eq!(
        feed.self_href,
        format!("{BASE_URL}{rel}"),
        "{rel}: self link"
    );
    feed
}

fn hrefs(feed: &Feed) -> BTreeSet<String> {
    feed.entries.iter().map(|(h, _, _)| h.clone()).collect()
}

fn report_url(slug: &str) -> String {
    format!("{BASE_URL}reports/{slug}/")
}

fn news_url(slug: &str) -> String {
    format!("{BASE_URL}news/{slug}/")
}

#[test]
fn every_feed_is_well_formed_atom() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let mut feeds = 0;
    for (path, bytes) in read_tree(&out) {
        if path.file_name().is_none_or(|n| n != "atom.xml") {
            continue;
        }
        let rel = path.to_string_lossy().replace('\\', "/");
        let xml = String::from_utf8(bytes).unwrap();
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
            "{rel}"
        );
        let feed = read_feed(&out, &rel);
        // Dates come from the content, never from the clock.
        assert!(feed.updated.date_naive() <= date(AS_OF), "{rel}");
        feeds += 1;
    }
    let expected = 1 + roadmap.measures().count() + roadmap.organizations.len();
    assert_eq!(
        feeds, expected,
        "one feed for news, each measure, each executor"
    );

    // Pages announce their feeds and link to them visibly.
    for page in [
        "news/",
        "roadmap/14/14.1/",
        "roadmap/9/9.4/",
        "executors/dep-education/",
    ] {
        let html = read(&out, &format!("{page}index.html"));
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse(r#"link[rel=alternate][type="application/atom+xml"]"#)
            .unwrap();
        let href = doc
            .select(&sel)
            .next()
            .and_then(|l| l.value().attr("href"))
            .unwrap_or_else(|| panic!("{page}: no feed link in head"));
        assert!(
            out.join(href.trim_start_matches('/')).is_file(),
            "{page}: {href}"
        );
        assert!(
            text(&html).contains("Подписаться на обновления (Atom)"),
            "{page}: no visible feed link"
        );
    }
}

#[test]
fn main_feed_holds_news_and_reports_up_to_the_as_of_date() {
    let dir = site("real");
    // Everything in the content, whatever its date.
    let (_, all) = kadry::load_site(dir.path(), date("2100-01-01")).unwrap();
    assert!(all.news.len() >= 6, "demonstration news items");
    for as_of in [AS_OF, "2019-06-30", "2018-12-27", "2018-01-01"] {
        let out = dir.path().join(format!("out-{as_of}"));
        build(dir.path(), &out, as_of).unwrap();
        let feed = read_feed(&out, "news/atom.xml");
        let cutoff = date(as_of);
        let expected: BTreeSet<String> = all
            .news
            .iter()
            .filter(|n| n.date <= cutoff)
            .map(|n| news_url(&n.slug))
            .chain(
                all.reports()
                    .filter(|r| r.date <= cutoff)
                    .map(|r| report_url(&r.slug)),
            )
            .collect();
        assert_eq!(hrefs(&feed), expected, "news/atom.xml as of {as_of}");
        assert_eq!(feed.entries.len(), expected.len(), "{as_of}: duplicates");
        for (href, title, updated) in &feed.entries {
            assert!(updated.date_naive() <= cutoff, "{as_of}: {href} is later");
            if href.contains("/reports/") {
                assert!(title.starts_with("Отчёт по мероприятию "), "{title}");
            }
        }
        if expected.is_empty() {
            assert!(
                feed.updated.date_naive() <= cutoff,
                "{as_of}: empty feed date"
            );
        }
        // The news page lists the same items, newest first.
        let page = text(&read(&out, "news/index.html"));
        let mut last = 0;
        for n in all.news.iter().filter(|n| n.date <= cutoff) {
            let at = page
                .find(&n.title)
                .unwrap_or_else(|| panic!("{as_of}: {}", n.title));
            assert!(at >= last, "{as_of}: /news/ is not newest first");
            last = at;
        }
        for n in all.news.iter().filter(|n| n.date > cutoff) {
            assert!(
                !page.contains(&n.title),
                "{as_of}: {} is not out yet",
                n.title
            );
            assert!(!out.join(format!("news/{}/index.html", n.slug)).exists());
        }
    }
}

#[test]
fn measure_and_executor_feeds_hold_exactly_their_items() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();

    let m = roadmap.measure("14.1").unwrap();
    assert!(!m.reports.is_empty());
    let feed = read_feed(&out, "roadmap/14/14.1/atom.xml");
    let expected: BTreeSet<String> = m.reports.iter().map(|r| report_url(&r.slug)).collect();
    assert_eq!(hrefs(&feed), expected);
    for (_, title, _) in &feed.entries {
        assert!(title.starts_with("Отчёт по мероприятию 14.1: "), "{title}");
    }

    // A measure without reports still has a valid, empty feed.
    let quiet = roadmap.measures().find(|m| m.reports.is_empty()).unwrap();
    let rel = format!("roadmap/{}/{}/atom.xml", quiet.section_id, quiet.id);
    assert!(read_feed(&out, &rel).entries.is_empty(), "{rel}");

    for org in &roadmap.organizations {
        let rel = format!("executors/{}/atom.xml", org.id);
        let feed = read_feed(&out, &rel);
        let expected: BTreeSet<String> = org
            .measures
            .iter()
            .filter_map(|id| roadmap.measure(id))
            .flat_map(|m| m.reports.iter().map(|r| report_url(&r.slug)))
            .chain(
                roadmap
                    .news
                    .iter()
                    .filter(|n| n.author.as_deref() == Some(org.id.as_str()))
                    .map(|n| news_url(&n.slug)),
            )
            .collect();
        assert_eq!(hrefs(&feed), expected, "{rel}");
    }
}

#[test]
fn news_pages_show_items_with_their_measures() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let list = read(&out, "news/index.html");
    assert_eq!(
        list.matches("демонстрационные данные").count(),
        roadmap.news.iter().filter(|n| n.demo).count(),
        "every demonstration item is labelled"
    );
    for n in &roadmap.news {
        let html = read(&out, &format!("news/{}/index.html", n.slug));
        let page = text(&html);
        assert!(page.contains(&n.title), "{}", n.slug);
        assert!(page.contains(&n.summary), "{}", n.slug);
        for id in &n.measures {
            let m = roadmap.measure(id).unwrap();
            let href = format!("href=/roadmap/{}/{}/", m.section_id, m.id);
            assert!(html.contains(&href), "{}: no link to {id}", n.slug);
            assert!(
                page.contains(m.status.label()),
                "{}: status of {id}",
                n.slug
            );
        }
        if n.demo {
            assert!(page.contains("Демонстрационные данные."), "{}", n.slug);
        }
    }
    // The home page shows the three latest.
    let home = text(&read(&out, "index.html"));
    for n in roadmap.news.iter().take(3) {
        assert!(home.contains(&n.title), "home lacks {}", n.title);
    }
    if let Some(n) = roadmap.news.get(3) {
        assert!(!home.contains(&n.title), "home shows only three news items");
    }
}

#[test]
fn documents_page_lists_every_named_document_and_attachment() {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let html = read(&out, "documents/index.html");
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();

    let named: usize = roadmap.measures().map(|m| m.documents.len()).sum();
    let attachments: Vec<_> = roadmap.reports().flat_map(|r| &r.attachments).collect();
    assert!(named > 50 && !attachments.is_empty());
    assert_eq!(
        doc.select(&sel("table.documents--named tbody tr")).count(),
        named
    );
    assert_eq!(
        doc.select(&sel("table.documents--files tbody tr")).count(),
        attachments.len()
    );
    for a in &attachments {
        assert!(
            html.contains(&format!("href=/{}", a.file)),
            "{} not linked",
            a.file
        );
        assert!(out.join(&a.file).is_file());
    }
    let page = text(&html);
    for m in roadmap.measures() {
        for d in &m.documents {
            let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(page.contains(&d), "«{d}» of {} missing", m.id);
        }
    }
    let plural = |n: usize, forms: [&str; 3]| {
        format!(
            "{n} {}",
            kadry::render::ru::plural(n as u64, forms[0], forms[1], forms[2])
        )
    };
    let docs = ["документ", "документа", "документов"];
    assert!(
        page.contains(&plural(named + attachments.len(), docs)),
        "{page}"
    );
    assert!(page.contains(&plural(named, docs)));
    assert!(page.contains(&plural(attachments.len(), ["файл", "файла", "файлов"])));
    assert!(page.contains("Только названы в дорожной карте, пока не опубликованы"));

    // Accessible tables: caption, header scopes, labels for the card layout.
    for table in doc.select(&sel("table.documents")) {
        assert!(table.select(&sel("caption")).next().is_some());
        assert!(table.select(&sel("th:not([scope])")).next().is_none());
        for cell in table.select(&sel("tbody td, tbody th")) {
            assert!(cell.value().attr("data-label").is_some());
        }
    }
}

#[test]
fn feeds_and_news_pages_are_byte_identical_between_builds() {
    let dir = site("real");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build(dir.path(), &a, AS_OF).unwrap();
    build(dir.path(), &b, AS_OF).unwrap();
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    let ours = |p: &Path| {
        p.file_name().is_some_and(|n| n == "atom.xml")
            || p.starts_with("news")
            || p.starts_with("documents")
    };
    let mut compared = 0;
    for (path, bytes) in ta.iter().filter(|(p, _)| ours(p)) {
        assert!(
            tb.get(path) == Some(bytes),
            "{} differs between builds",
            path.display()
        );
        compared += 1;
    }
    assert!(compared > 100, "{compared}");
}
