//! The investor section (15.2): `/investors/`, `/en/investors/`, the
//! embeddable `/investors/embed/` and `/investors/workforce.json`, built from
//! the real content and checked against the roadmap's live statuses and the
//! datasets' own files.

mod common;

use common::{build, date, kadry, read, site, text};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-26";
const BASE_URL: &str = "https://kadry.example.org/";
const PROCEDURE: [&str; 3] = ["2.2", "5.2", "10.3"];
const COORDINATOR: &str = "4.1";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(out, rel))
}

fn one<'a>(doc: &'a Html, s: &str) -> ElementRef<'a> {
    doc.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("no element matches {s}"))
}

fn text_of(e: ElementRef) -> String {
    let pieces: Vec<&str> = e.text().collect();
    pieces
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The real portal built at the as-of date: (temporary root, output folder).
fn real() -> (tempfile::TempDir, PathBuf) {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    (dir, out)
}

/// The file an internal address is served from.
fn served(out: &Path, href: &str) -> PathBuf {
    let path = href.split('#').next().unwrap().trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    }
}

/// The English label of a status, by its slug, as the page must show it.
fn english(slug: &str) -> &'static str {
    match slug {
        "done" => "done",
        "in_progress" => "in progress",
        "delayed" => "delayed",
        "not_started" => "not started",
        "cancelled" => "cancelled",
        "planned" => "planned",
        "overdue" => "deadline passed, no report published",
        other => panic!("unknown status {other}"),
    }
}

/// A dataset read straight from its files: (demo flag, header, rows).
fn dataset(root: &Path, name: &str) -> (bool, Vec<String>, Vec<Vec<String>>) {
    let sidecar: toml::Value = toml::from_str(
        &fs::read_to_string(root.join(format!("content/data/{name}.toml"))).unwrap(),
    )
    .unwrap();
    let demo = sidecar
        .get("demo")
        .and_then(toml::Value::as_bool)
        .unwrap_or(false);
    let mut reader = csv::Reader::from_path(root.join(format!("content/data/{name}.csv"))).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (demo, header, rows)
}

fn column<'a>(ds: &'a (bool, Vec<String>, Vec<Vec<String>>), name: &str) -> Vec<&'a str> {
    let i = ds.1.iter().position(|h| h == name).unwrap();
    ds.2.iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn pages_exist_in_both_languages_with_a_working_switch() {
    let (_dir, out) = real();
    for rel in [
        "investors/index.html",
        "en/investors/index.html",
        "investors/embed/index.html",
        "investors/workforce.json",
    ] {
        assert!(out.join(rel).is_file(), "{rel} missing");
    }
    let ru = page(&out, "investors/index.html");
    let en = page(&out, "en/investors/index.html");
    assert_eq!(one(&ru, "html").value().attr("lang"), Some("ru"));
    assert_eq!(one(&en, "html").value().attr("lang"), Some("en"));

    // the switch: a link in the other language, to a page that exists
    for (doc, other, href, name) in [
        (&ru, "en", "/en/investors/", "English"),
        (&en, "ru", "/investors/", "Русский"),
    ] {
        let a = one(doc, &format!("main a[hreflang={other}]"));
        assert_eq!(a.value().attr("lang"), Some(other));
        assert_eq!(a.value().attr("href"), Some(href));
        assert_eq!(text_of(a), name);
        assert!(served(&out, href).is_file(), "{href} does not resolve");
    }

    // breadcrumbs and the translated frame
    let crumbs = |doc: &Html| text_of(one(doc, "nav.breadcrumbs"));
    assert_eq!(crumbs(&ru), "Главная Инвесторам");
    assert_eq!(crumbs(&en), "Home For investors");
    let en_text = text(&read(&out, "en/investors/index.html"));
    assert!(en_text.contains("Data as of 26 November 2026"), "{en_text}");
    assert!(en_text.contains("Skip to main content"));
    assert!(!en_text.contains("Данные актуальны"));
    let ru_text = text(&read(&out, "investors/index.html"));
    assert!(ru_text.contains("Данные актуальны на 26 ноября 2026 г."));
    // both heads name both versions
    for doc in [&ru, &en] {
        for (lang, path) in [("ru", "investors/"), ("en", "en/investors/")] {
            let link = one(doc, &format!("head link[rel=alternate][hreflang={lang}]"));
            assert_eq!(
                link.value().attr("href"),
                Some(&*format!("{BASE_URL}{path}"))
            );
        }
    }
    let ru_title = text_of(one(&ru, "title"));
    assert!(ru_title.contains("Инвесторам"), "{ru_title}");
    let en_title = text_of(one(&en, "title"));
    assert!(en_title.contains("For investors"), "{en_title}");
}

#[test]
fn procedure_measures_link_to_their_pages_with_live_status() {
    let (dir, out) = real();
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let ru = page(&out, "investors/index.html");
    let en = page(&out, "en/investors/index.html");
    let items = sel(".inv-measures li, dd.inv-measures");
    for id in PROCEDURE.iter().chain([&COORDINATOR]) {
        let m = roadmap.measure(id).unwrap();
        let href = format!("/roadmap/{}/{}/", m.section_id, m.id);
        // the measure page shows the same status right now
        let measure_page = page(
            &out,
            &format!("roadmap/{}/{}/index.html", m.section_id, m.id),
        );
        let live = one(&measure_page, ".status-line .status");
        let class = format!("status--{}", m.status.slug());
        assert!(live
            .value()
            .has_class(&class, scraper::CaseSensitivity::CaseSensitive));

        for (doc, label) in [(&ru, m.status.label()), (&en, english(m.status.slug()))] {
            let item = doc
                .select(&items)
                .find(|li| {
                    li.select(&sel("a"))
                        .any(|a| a.value().attr("href") == Some(href.as_str()))
                })
                .unwrap_or_else(|| panic!("no item links to {href}"));
            let status = one_in(item, ".status");
            assert!(
                status
                    .value()
                    .has_class(&class, scraper::CaseSensitivity::CaseSensitive),
                "{id}: {}",
                status.html()
            );
            assert!(
                text_of(status).ends_with(label),
                "{id}: {}",
                text_of(status)
            );
        }
    }
    // English titles come from en.md
    let en_titles = &roadmap.investors.as_ref().unwrap().en.meta.measure_titles;
    let en_text = text(&read(&out, "en/investors/index.html"));
    for id in PROCEDURE {
        if let Some(title) = en_titles.get(id) {
            assert!(en_text.contains(title.as_str()), "{id}: {title}");
        }
    }
}

fn one_in<'a>(e: ElementRef<'a>, s: &str) -> ElementRef<'a> {
    e.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("no {s} in {}", e.html()))
}

#[test]
fn workforce_json_equals_the_datasets() {
    let (dir, out) = real();
    let root = dir.path();
    let json: Value = serde_json::from_str(&read(&out, "investors/workforce.json")).unwrap();
    assert_eq!(json["as_of"], AS_OF);
    let (_, roadmap) = kadry::load_site(root, date(AS_OF)).unwrap();

    // procedure: ids, statuses, absolute addresses
    let measures = json["procedure"]["measures"].as_array().unwrap();
    let ids: Vec<&str> = measures.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, PROCEDURE);
    for m in measures
        .iter()
        .chain([&json["contact"]["coordinator_measure"]])
    {
        let model = roadmap.measure(m["id"].as_str().unwrap()).unwrap();
        assert_eq!(m["status"]["slug"], model.status.slug());
        assert_eq!(m["status"]["label"]["ru"], model.status.label());
        assert_eq!(m["status"]["label"]["en"], english(model.status.slug()));
        assert_eq!(m["title"]["ru"], model.title.as_str());
        assert_eq!(
            m["url"],
            format!("{BASE_URL}roadmap/{}/{}/", model.section_id, model.id)
        );
    }
    let steps = &roadmap.investors.as_ref().unwrap().ru.meta.steps;
    assert_eq!(
        json["procedure"]["steps"].as_array().unwrap().len(),
        steps.len()
    );

    // forecast: sums by year, by group and in total
    let demand = dataset(root, "workforce-demand");
    let (groups, years, people) = (
        column(&demand, "group"),
        column(&demand, "year"),
        column(&demand, "people"),
    );
    let mut by_year: BTreeMap<i64, u64> = BTreeMap::new();
    let mut by_group: BTreeMap<&str, u64> = BTreeMap::new();
    for ((g, y), n) in groups.iter().zip(&years).zip(&people) {
        let n: u64 = n.parse().unwrap();
        *by_year.entry(y.parse().unwrap()).or_default() += n;
        *by_group.entry(g).or_default() += n;
    }
    let f = &json["forecast"];
    assert_eq!(f["total"], by_year.values().sum::<u64>());
    assert_eq!(f["from"], *by_year.keys().next().unwrap());
    assert_eq!(f["to"], *by_year.keys().last().unwrap());
    assert_eq!(f["dataset"]["demo"], demand.0);
    let json_years: BTreeMap<i64, u64> = f["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["people"].as_u64().unwrap()))
        .collect();
    assert_eq!(json_years, by_year);
    let json_groups: BTreeMap<&str, u64> = f["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let per_year: u64 = g["by_year"]
                .as_array()
                .unwrap()
                .iter()
                .map(|y| y["people"].as_u64().unwrap())
                .sum();
            assert_eq!(g["total"], per_year);
            (g["group"].as_str().unwrap(), per_year)
        })
        .collect();
    assert_eq!(json_groups, by_group);

    // TOP-Region professions, grouped by demand
    let top = dataset(root, "top-professions");
    let t = &json["top_professions"];
    assert_eq!(t["count"], top.2.len());
    assert_eq!(t["dataset"]["demo"], top.0);
    let demand_col = column(&top, "demand");
    for level in t["by_demand"].as_array().unwrap() {
        let value = level["demand"].as_str().unwrap();
        let expected = demand_col.iter().filter(|d| **d == value).count();
        assert_eq!(level["count"], expected, "{value}");
        assert_eq!(level["professions"].as_array().unwrap().len(), expected);
    }
    let grouped: u64 = t["by_demand"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_u64().unwrap())
        .sum();
    assert_eq!(grouped, top.2.len() as u64);

    // training sites
    let sites = dataset(root, "training-sites");
    let s = &json["training_sites"];
    assert_eq!(s["count"], sites.2.len());
    assert_eq!(s["dataset"]["demo"], sites.0);
    let workplaces: u64 = column(&sites, "workplaces")
        .iter()
        .map(|w| w.parse::<u64>().unwrap())
        .sum();
    assert_eq!(s["workplaces"], workplaces);
    let kinds = column(&sites, "kind");
    for k in s["by_kind"].as_array().unwrap() {
        let value = k["value"].as_str().unwrap();
        assert_eq!(k["count"], kinds.iter().filter(|x| **x == value).count());
    }
    let mut municipalities = column(&sites, "municipality");
    municipalities.sort();
    municipalities.dedup();
    assert_eq!(
        s["municipalities"].as_array().unwrap().len(),
        municipalities.len()
    );

    // online courses
    let courses = dataset(root, "online-courses");
    let c = &json["online_courses"];
    assert_eq!(c["count"], courses.2.len());
    assert_eq!(c["courses"].as_array().unwrap().len(), courses.2.len());
    assert_eq!(c["dataset"]["demo"], courses.0);

    // demo flags and the contact
    let investors = roadmap.investors.as_ref().unwrap();
    assert_eq!(json["demo"]["contact"], investors.ru.meta.demo);
    assert_eq!(json["demo"]["forecast"], demand.0);
    assert_eq!(json["demo"]["top_professions"], top.0);
    assert_eq!(json["demo"]["training_sites"], sites.0);
    assert_eq!(json["demo"]["online_courses"], courses.0);
    assert_eq!(
        json["contact"]["email"],
        investors.ru.meta.contact.email.as_str()
    );
    assert_eq!(
        json["contact"]["organization"]["id"],
        investors.ru.meta.contact.organization.as_str()
    );

    // every address of the portal is absolute and leads to a built file
    let mut urls = Vec::new();
    collect_urls(&json, &mut urls);
    assert!(urls.len() > 10);
    for u in urls {
        if let Some(rel) = u.strip_prefix(BASE_URL) {
            assert!(served(&out, rel).is_file(), "{u} does not resolve");
        } else {
            assert!(u.starts_with("https://"), "{u} is not absolute");
        }
    }
}

/// Addresses in the JSON, except the online courses' own (other sites).
fn collect_urls(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| *k != "courses")
            .for_each(|(_, v)| collect_urls(v, out)),
        Value::Array(items) => items.iter().for_each(|i| collect_urls(i, out)),
        Value::String(s) if s.starts_with("http") => out.push(s.clone()),
        _ => {}
    }
}

#[test]
fn demonstration_data_is_labelled_and_figures_match() {
    let (dir, out) = real();
    let root = dir.path();
    let (_, roadmap) = kadry::load_site(root, date(AS_OF)).unwrap();
    let investors = roadmap.investors.as_ref().unwrap();
    let sections = [
        ("inv-forecast", dataset(root, "workforce-demand").0),
        ("inv-top", dataset(root, "top-professions").0),
        ("inv-sites", dataset(root, "training-sites").0),
        ("inv-courses", dataset(root, "online-courses").0),
        ("inv-contact-h", investors.ru.meta.demo),
        ("inv-procedure", investors.ru.meta.demo),
    ];
    for (rel, label) in [
        ("investors/index.html", "демонстрационные данные"),
        ("en/investors/index.html", "demonstration data"),
    ] {
        let doc = page(&out, rel);
        for (id, demo) in sections {
            let section = one(&doc, &format!("section[aria-labelledby={id}]"));
            let labels: Vec<String> = section.select(&sel(".demo-label")).map(text_of).collect();
            assert_eq!(!labels.is_empty(), demo, "{rel} #{id}: {labels:?}");
            assert!(labels.iter().all(|l| l == label), "{rel}: {labels:?}");
        }
        // every key fact that is demo data carries a label (its own or the heading's)
        let facts = one(&doc, "section.inv-facts");
        if investors.ru.meta.demo {
            assert!(facts.select(&sel(".demo-label")).next().is_some());
        }
    }

    // the figures on the page are the dataset's
    let json: Value = serde_json::from_str(&read(&out, "investors/workforce.json")).unwrap();
    let total = json["forecast"]["total"].as_u64().unwrap();
    let ru = text(&read(&out, "investors/index.html"));
    let en = text(&read(&out, "en/investors/index.html"));
    let grouped = |n: u64, sep: char| {
        let digits = n.to_string();
        let mut s = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                s.push(sep);
            }
            s.push(c);
        }
        s
    };
    // (`text` turns the narrow no-break space of Russian numbers into a space)
    assert!(
        ru.contains(&format!("{} человек", grouped(total, ' '))),
        "{ru}"
    );
    assert!(
        en.contains(&format!("{} people", grouped(total, ','))),
        "{en}"
    );
    let sites = json["training_sites"]["count"].as_u64().unwrap();
    assert!(ru.contains(&format!("{sites} площад")));
    assert!(en.contains(&format!("{sites} sites")));
}

#[test]
fn embed_is_a_self_contained_page_for_an_iframe() {
    let (dir, out) = real();
    let html = read(&out, "investors/embed/index.html");
    let doc = Html::parse_document(&html);
    assert_eq!(one(&doc, "html").value().attr("lang"), Some("ru"));
    assert!(!text_of(one(&doc, "title")).is_empty());
    assert_eq!(doc.select(&sel("main")).count(), 1);
    // no site chrome, no scripts, no other stylesheet
    for absent in ["header", "nav", "footer", "script", "iframe", "base"] {
        assert!(
            doc.select(&sel(absent)).next().is_none(),
            "embed has <{absent}>"
        );
    }
    let sheets: Vec<&str> = doc
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    // the widget's own stylesheet, under its content-hashed name
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let sheet = sheets[0];
    assert!(
        sheet.starts_with("/css/embed.") && sheet.ends_with(".css"),
        "{sheet}"
    );
    assert!(out.join(&sheet[1..]).is_file(), "{sheet} missing");
    assert!(!html.to_lowercase().contains("x-frame-options"));

    // every link leaves the frame for the host's window, or writes a letter
    let links: Vec<ElementRef> = doc.select(&sel("a[href]")).collect();
    for a in &links {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with("mailto:") || a.value().attr("target") == Some("_top"),
            "{}",
            a.html()
        );
        if href.starts_with('/') {
            assert!(served(&out, href).is_file(), "{href} does not resolve");
        }
    }
    assert!(links
        .iter()
        .any(|a| a.value().attr("href") == Some("/investors/")
            && a.value().attr("target") == Some("_top")));

    // the key facts and the contact
    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let contact = &roadmap.investors.as_ref().unwrap().ru.meta.contact;
    let body = text(&html);
    assert!(body.contains(&contact.name), "{body}");
    assert!(body.contains(&contact.email));
    let json: Value = serde_json::from_str(&read(&out, "investors/workforce.json")).unwrap();
    let sites = json["training_sites"]["count"].as_u64().unwrap();
    let top = json["top_professions"]["count"].as_u64().unwrap();
    assert!(body.contains(&format!("{sites} площад")), "{body}");
    assert!(body.contains(&format!("{top} професси")), "{body}");
    assert!(body.contains("человек"));
    assert!(body.contains("демонстрационные данные"));
}

#[test]
fn a_missing_english_title_falls_back_to_russian_marked_as_such() {
    let dir = site("real");
    let en_md = dir.path().join("content/investors/en.md");
    let src = fs::read_to_string(&en_md).unwrap();
    let without: String = src
        .lines()
        .filter(|l| !l.starts_with("\"5.2\" ="))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(src.len(), without.len(), "en.md has no title for 5.2");
    fs::write(&en_md, without).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();

    let (_, roadmap) = kadry::load_site(dir.path(), date(AS_OF)).unwrap();
    let m = roadmap.measure("5.2").unwrap();
    let doc = page(&out, "en/investors/index.html");
    let link = one(
        &doc,
        &format!(".inv-measures a[href=\"/roadmap/{}/5.2/\"]", m.section_id),
    );
    let title = one_in(link, "span[lang=ru]");
    assert_eq!(text_of(title), m.title);
    // the translated ones carry no lang of their own
    let other = one(&doc, ".inv-measures a[href=\"/roadmap/2/2.2/\"]");
    assert!(other.select(&sel("[lang]")).next().is_none());

    let json: Value = serde_json::from_str(&read(&out, "investors/workforce.json")).unwrap();
    let j = json["procedure"]["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "5.2")
        .unwrap();
    assert_eq!(j["title"]["en"], Value::Null);
}

#[test]
fn internal_links_of_the_investor_pages_resolve() {
    let (_dir, out) = real();
    for rel in [
        "investors/index.html",
        "en/investors/index.html",
        "investors/embed/index.html",
    ] {
        let doc = page(&out, rel);
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            if let Some(fragment) = href.strip_prefix('#') {
                assert!(
                    doc.select(&sel(&format!("[id=\"{fragment}\"]")))
                        .next()
                        .is_some(),
                    "{rel}: no target for {href}"
                );
            } else if href.starts_with('/') {
                assert!(
                    served(&out, href).is_file(),
                    "{rel}: {href} does not resolve"
                );
            }
        }
    }
}

#[test]
fn a_site_without_investor_texts_builds_without_the_section() {
    let dir = site("small");
    let out = dir.path().join("public");
    build(dir.path(), &out, AS_OF).unwrap();
    assert!(!out.join("investors").exists());
    assert!(!out.join("en").exists());
}

/// On the English page, Russian text is either marked `lang="ru"` or a proper
/// name (the portal's and its operator's), so screen readers switch voices.
#[test]
fn english_page_marks_every_russian_text() {
    let (dir, out) = real();
    let config = fs::read_to_string(dir.path().join("kadry.toml")).unwrap();
    let config: toml::Value = toml::from_str(&config).unwrap();
    let names = [
        config["title"].as_str().unwrap(),
        config["operator"]["name"].as_str().unwrap(),
    ];
    let doc = page(&out, "en/investors/index.html");
    let body = one(&doc, "body");
    let mut unmarked = Vec::new();
    for node in body.descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        if !t.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
            continue;
        }
        let lang = node
            .ancestors()
            .find_map(|a| a.value().as_element().and_then(|e| e.attr("lang")));
        if lang != Some("ru") && !names.iter().any(|n| t.contains(n)) {
            unmarked.push(t.trim().to_string());
        }
    }
    assert!(
        unmarked.is_empty(),
        "Russian text without lang=ru: {unmarked:?}"
    );
}

/// Renames a column in a dataset's sidecar and CSV header alike, so the
/// dataset itself stays valid.
fn rename_column(root: &Path, dataset: &str, from: &str, to: &str) {
    let sidecar = root.join(format!("content/data/{dataset}.toml"));
    let text = fs::read_to_string(&sidecar).unwrap();
    let (old, new) = (format!("name = \"{from}\""), format!("name = \"{to}\""));
    assert_eq!(text.matches(&old).count(), 1, "{dataset}.toml: {old}");
    fs::write(&sidecar, text.replace(&old, &new)).unwrap();
    let csv = root.join(format!("content/data/{dataset}.csv"));
    let text = fs::read_to_string(&csv).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let header: Vec<&str> = header
        .split(',')
        .map(|c| if c == from { to } else { c })
        .collect();
    assert!(header.contains(&to), "{dataset}.csv has no column {from}");
    fs::write(&csv, format!("{}\n{rows}", header.join(","))).unwrap();
}

fn check(root: &Path) -> (i32, String) {
    kadry(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
}

/// A column the page reads, renamed in a dataset, is a content error at the
/// CSV's header line naming the column, not a section silently left out.
#[test]
fn a_renamed_column_the_page_needs_is_an_error() {
    let dir = site("real");
    rename_column(dir.path(), "top-professions", "demand", "level");
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "content/data/top-professions.csv:1:1: ошибка: в наборе данных «top-professions» \
             нет столбца «demand», нужного странице для инвесторов"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("подсказка: добавьте столбец «demand» в content/data/top-professions.toml"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A renamed column the page does not read, or a dataset the site does not
/// have, leaves the site valid.
#[test]
fn other_columns_and_absent_datasets_stay_optional() {
    let dir = site("real");
    rename_column(dir.path(), "top-professions", "year", "list_year");
    for ext in ["csv", "toml"] {
        fs::remove_file(
            dir.path()
                .join(format!("content/data/online-courses.{ext}")),
        )
        .unwrap();
    }
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
}
