//! The roadmap on a time axis (`/roadmap/timeline/`) and the printable status
//! summary (`/roadmap/summary/`): one bar per measure at its deadline's dates,
//! the as-of line, late and cancelled bars told apart without colour; the
//! summary's late measures first and counts that add up.

mod common;

use chrono::NaiveDate;
use common::{build, date, read, site, text};
use kadry::model::status::Status;
use kadry::render::{summary, timeline};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

const AS_OF: &str = "2026-11-26";

/// "1 мероприятие", "2 мероприятия", "60 мероприятий"
fn measures(n: usize) -> String {
    let noun = kadry::render::ru::plural(n as u64, "мероприятие", "мероприятия", "мероприятий");
    format!("{n} {noun}")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The real portal built on `as_of`: (its folder, kept alive, and the output).
fn built(as_of: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = site("real");
    let out = dir.path().join("public");
    build(dir.path(), &out, as_of).unwrap();
    (dir, out)
}

fn roadmap(as_of: &str) -> kadry::model::Roadmap {
    let dir = site("real");
    let (_, roadmap) = kadry::load_site(dir.path(), date(as_of)).unwrap();
    roadmap
}

/// Addresses of every measure page of a built site: `/roadmap/1/1.1/`.
fn measure_pages(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out.join("roadmap"))
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().parent().unwrap().strip_prefix(out).unwrap();
            format!("/{}/", rel.display())
        })
        .collect()
}

/// The decorations drawn after a bar's link (status icon, deadline text).
fn decorations<'a>(link: ElementRef<'a>) -> ElementRef<'a> {
    link.next_siblings()
        .filter_map(ElementRef::wrap)
        .next()
        .filter(|g| g.value().classes().any(|c| c == "tl-deco"))
        .expect("a g.tl-deco after each bar link")
}

fn bar_fill(link: ElementRef) -> String {
    link.select(&sel("rect.tl-bar"))
        .next()
        .and_then(|r| r.value().attr("fill"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn timeline_has_a_bar_linking_to_every_measure_page() {
    let (_dir, out) = built(AS_OF);
    let html = Html::parse_document(&read(&out, "roadmap/timeline/index.html"));
    let links: Vec<ElementRef> = html.select(&sel("svg a.tl-link")).collect();
    assert_eq!(links.len(), 74);
    let hrefs: BTreeSet<String> = links
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let pages = measure_pages(&out);
    assert_eq!(pages.len(), 74);
    assert_eq!(hrefs, pages);

    for a in &links {
        // each bar has a name that says which measure, its deadline and status
        let id = a.value().attr("data-measure").unwrap();
        let name = a.value().attr("aria-label").unwrap();
        assert!(name.starts_with(&format!("Мероприятие {id}: ")), "{name}");
        assert!(
            name.contains("Срок: ") && name.contains("Статус: "),
            "{name}"
        );
        let title: String = a.select(&sel("title")).next().unwrap().text().collect();
        assert_eq!(title, name);
        assert_eq!(a.select(&sel("rect.tl-bar")).count(), 1);
    }

    // the as-of line is labelled with the date in every section's axis
    let svgs = html.select(&sel("svg.tl-svg")).count();
    assert_eq!(svgs, 14, "one SVG per section with measures");
    let labels: Vec<String> = html
        .select(&sel("text.tl-today-label"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(labels.len(), svgs);
    assert!(
        labels.iter().all(|l| l == "сегодня: 26 ноября 2026 г."),
        "{labels:?}"
    );
    assert_eq!(html.select(&sel("line.tl-today")).count(), svgs);

    // each SVG scrolls inside its own focusable, labelled region
    for region in html.select(&sel("div.tl-scroll")) {
        let v = region.value();
        assert_eq!(v.attr("role"), Some("region"));
        assert_eq!(v.attr("tabindex"), Some("0"));
        assert!(v.attr("aria-label").unwrap().starts_with("Шкала времени"));
    }

    // the page explains itself and points to the table as the text alternative
    let page = text(&read(&out, "roadmap/timeline/index.html"));
    assert!(page.contains("Дорожная карта на шкале времени"));
    assert!(page.contains("На шкале — 74 мероприятия"), "{page}");
    assert!(html
        .select(&sel("main a[href=\"/roadmap/\"]"))
        .next()
        .is_some());
    assert!(page.contains("Условные обозначения"));
}

#[test]
fn late_and_cancelled_bars_are_marked_without_colour() {
    let (_dir, out) = built(AS_OF);
    let html = Html::parse_document(&read(&out, "roadmap/timeline/index.html"));
    let mut late = 0;
    let mut cancelled = 0;
    for a in html.select(&sel("a.tl-link")) {
        let status = a.value().attr("data-status").unwrap();
        let is_late = a.value().classes().any(|c| c == "tl-link--late");
        let fill = bar_fill(a);
        let deco = decorations(a);
        let icon: String = deco
            .select(&sel("text.tl-icon"))
            .next()
            .unwrap()
            .text()
            .collect();
        let name = a.value().attr("aria-label").unwrap();
        match status {
            "overdue" | "delayed" => {
                late += 1;
                assert!(is_late, "{name}");
                // hatched, with the status icon beside the bar and the label in its name
                assert_eq!(fill, format!("url(#tl-p-{status})"), "{name}");
                let s = if status == "overdue" {
                    Status::OverdueNoReport
                } else {
                    Status::Delayed
                };
                assert_eq!(icon, s.icon());
                assert!(name.ends_with(&format!("Статус: {}", s.label())), "{name}");
            }
            "cancelled" => {
                cancelled += 1;
                assert!(!is_late);
                assert_eq!(fill, "url(#tl-p-cancelled)");
                assert_eq!(icon, Status::Cancelled.icon());
                // struck through as well as cross-hatched
                assert_eq!(deco.select(&sel("line")).count(), 1, "{name}");
                assert!(name.ends_with("Статус: отменено"));
            }
            _ => {
                assert!(!is_late, "{name}");
                assert!(!fill.contains("overdue") && !fill.contains("delayed"));
            }
        }
    }
    assert!(late > 0, "the real roadmap has late measures in 2026");
    assert_eq!(cancelled, 1);
    // the legend names every pattern used, in words
    let legend = text(&html.select(&sel("ul.tl-legend")).next().unwrap().html());
    for s in ["срок истёк, отчёт не опубликован", "отменено", "постоянно"]
    {
        assert!(legend.contains(s), "legend lacks «{s}»: {legend}");
    }
}

#[test]
fn nothing_is_late_before_the_deadlines() {
    let (_dir, out) = built("2018-06-01");
    let page = read(&out, "roadmap/timeline/index.html");
    let html = Html::parse_document(&page);
    assert_eq!(html.select(&sel("a.tl-link")).count(), 74);
    assert_eq!(html.select(&sel("a.tl-link--late")).count(), 0);
    for a in html.select(&sel("a.tl-link")) {
        assert_eq!(a.value().attr("data-status"), Some("planned"));
        assert_eq!(bar_fill(a), "#ffffff");
    }
    assert!(text(&page).contains("сегодня: 1 июня 2018 г."));
    // the summary agrees
    let summary = text(&read(&out, "roadmap/summary/index.html"));
    assert!(
        summary.contains("Просроченные мероприятия: 0 мероприятий"),
        "{summary}"
    );
    assert!(summary.contains("Просроченных мероприятий нет."));
}

#[test]
fn bar_geometry_follows_the_deadline_dates() {
    let rm = roadmap(AS_OF);
    let (axis, bars) = timeline::layout(&rm, date(AS_OF));
    // the deadlines run from 2018 to the end of 2019: the axis spans 2018–2020
    assert_eq!(axis.start, date("2018-01-01"));
    assert_eq!(axis.end, date("2020-01-01"));
    let years: Vec<i32> = axis.years().iter().map(|(y, _)| *y).collect();
    assert_eq!(years, [2018, 2019, 2020]);
    assert!(axis.x0 < axis.x1 && axis.x1 <= timeline::WIDTH);
    // 2026 is far beyond: drawn past a break at the right edge, not squeezing the years
    assert_eq!(axis.as_of_place, timeline::AsOfPlace::After);
    assert!(axis.as_of_x > axis.x1 && axis.as_of_x <= timeline::WIDTH);

    assert_eq!(bars.len(), 74);
    let span = axis.x1 - axis.x0;
    let days = (axis.end - axis.start).num_days() as f64;
    let x_of = |d: NaiveDate| axis.x0 + span * (d - axis.start).num_days() as f64 / days;

    // 1.1 «Июль- август 2018»: from July 1 to the end of August 31, 2018
    let m11 = rm.measure("1.1").unwrap();
    assert_eq!(m11.deadline_text, "Июль- август 2018");
    let b11 = bars.iter().find(|b| b.id == "1.1").unwrap();
    assert!(b11.x_start < b11.x_end);
    assert!((b11.x_start - x_of(date("2018-07-01"))).abs() < 1e-9);
    assert!((b11.x_end - x_of(date("2018-09-01"))).abs() < 1e-9);
    // proportional: 181 of the axis's 730 days before it, 62 days long
    assert!(((b11.x_start - axis.x0) / span - 181.0 / 730.0).abs() < 1e-9);
    assert!(((b11.x_end - b11.x_start) / span - 62.0 / 730.0).abs() < 1e-9);

    for (b, m) in bars.iter().zip(rm.measures()) {
        assert_eq!(b.id, m.id);
        assert_eq!(b.status, m.status);
        assert!(axis.x0 <= b.x_start && b.x_start < b.x_end && b.x_end <= axis.x1);
        let due_next = m.deadline.due().succ_opt().unwrap();
        assert!(
            (b.x_start - x_of(m.deadline.starts())).abs() < 1e-9,
            "{}",
            m.id
        );
        assert!((b.x_end - x_of(due_next)).abs() < 1e-9, "{}", m.id);
        // only ongoing measures get the arrow, and it reaches the as-of line
        assert_eq!(b.x_ongoing.is_some(), m.ongoing, "{}", m.id);
        if m.ongoing {
            assert_eq!(b.x_ongoing, Some(axis.as_of_x));
        }
    }
    // a year is the same width wherever it is
    let y = axis.years();
    assert!(((y[1].1 - y[0].1) - (y[2].1 - y[1].1)).abs() < 1.0);
}

#[test]
fn as_of_inside_the_axis_is_drawn_at_its_date() {
    let rm = roadmap("2018-06-01");
    let (axis, bars) = timeline::layout(&rm, date("2018-06-01"));
    assert_eq!(axis.as_of_place, timeline::AsOfPlace::Within);
    assert!((axis.as_of_x - axis.x(date("2018-06-01"))).abs() < 1e-9);
    assert!(axis.x0 < axis.as_of_x && axis.as_of_x < axis.x1);
    assert!(bars.iter().all(|b| !b.overdue()));

    // a date in the year after the last deadline widens the axis by a year
    let rm = roadmap("2020-03-01");
    let (axis, _) = timeline::layout(&rm, date("2020-03-01"));
    assert_eq!(axis.as_of_place, timeline::AsOfPlace::Within);
    assert_eq!(axis.end, date("2021-01-01"));
    assert!(axis.as_of_x < axis.x1);
}

#[test]
fn summary_lists_late_measures_first_and_its_counts_add_up() {
    let (_dir, out) = built(AS_OF);
    let page = read(&out, "roadmap/summary/index.html");
    let html = Html::parse_document(&page);
    let main = html.select(&sel("main")).next().unwrap();
    let t = text(&page);
    assert!(t.contains("Сводка о ходе выполнения"));
    assert!(t.contains("По состоянию на 26 ноября 2026 г."), "{t}");
    assert!(t.contains("Всего 74 мероприятия;"), "{t}");

    // the late table comes first, then sections, then executors
    let tables: Vec<String> = main
        .select(&sel("table"))
        .map(|t| {
            t.value().classes().collect::<Vec<_>>().join(" ") + "#" + t.value().id().unwrap_or("")
        })
        .collect();
    assert_eq!(
        tables,
        [
            "sum-late#",
            "sum-table#sum-by-section",
            "sum-table#sum-by-executor"
        ]
    );

    // exactly the late measures, in roadmap order, each with its facts
    let rm = roadmap(AS_OF);
    let expected: Vec<&str> = rm
        .measures()
        .filter(|m| matches!(m.status, Status::Delayed | Status::OverdueNoReport))
        .map(|m| m.id.as_str())
        .collect();
    let rows: Vec<ElementRef> = html.select(&sel("table.sum-late tbody tr")).collect();
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r.select(&sel("th")).next().unwrap().text().collect())
        .collect();
    assert_eq!(ids, expected);
    assert!(t.contains(&format!(
        "Просроченные мероприятия: {}",
        measures(expected.len())
    )));
    for r in &rows {
        let cells: Vec<String> = r.select(&sel("td")).map(|c| text(&c.html())).collect();
        assert_eq!(cells.len(), 4);
        assert!(!cells[1].is_empty() && !cells[2].is_empty(), "{cells:?}");
        // status and the date it took effect
        assert!(
            cells[3].contains("просрочено с ") || cells[3].contains("отчёт «"),
            "{cells:?}"
        );
        assert!(r.select(&sel("td time[datetime]")).next().is_some());
    }
    let delayed = rows
        .iter()
        .find(|r| r.select(&sel(".status--delayed")).next().is_some())
        .expect("a delayed measure at 2026-11-26");
    assert!(delayed
        .select(&sel("a[href^=\"/reports/\"]"))
        .next()
        .is_some());

    // per section: each row adds up, the rows add up to 74
    let count = |c: ElementRef| -> usize { c.text().collect::<String>().trim().parse().unwrap() };
    let mut sum = 0;
    for row in html.select(&sel("#sum-by-section tbody tr")) {
        let cells: Vec<usize> = row.select(&sel("td")).map(count).collect();
        let (total, parts) = cells.split_last().unwrap();
        assert_eq!(parts.iter().sum::<usize>(), *total);
        sum += total;
    }
    assert_eq!(sum, 74);
    let foot: Vec<usize> = html
        .select(&sel("#sum-by-section tfoot td"))
        .map(count)
        .collect();
    assert_eq!(foot.last(), Some(&74));

    // and the numbers behind it
    let s = summary::summary(
        &rm,
        &kadry::address::Urls::new("https://kadry.example.org/"),
    );
    assert_eq!(s.total, 74);
    assert_eq!(s.by_section.total, 74);
    assert_eq!(s.by_section.totals.iter().sum::<usize>(), 74);
    assert_eq!(
        s.counts.iter().map(|c| c.count).sum::<usize>(),
        74,
        "{:?}",
        s.counts
    );
    for row in s.by_section.rows.iter().chain(&s.by_executor.rows) {
        assert_eq!(row.counts.iter().sum::<usize>(), row.total, "{}", row.id);
    }
    // an executor counts every measure it shares
    let shared: usize = rm.measures().map(|m| m.responsible.len()).sum();
    assert_eq!(s.by_executor.total, shared);
    assert_eq!(s.late.len(), expected.len());
    assert_eq!(s.late_text, measures(expected.len()));
}

#[test]
fn timeline_and_summary_are_linked_from_the_roadmap_and_site_map() {
    let (_dir, out) = built(AS_OF);
    for page in ["roadmap/index.html", "sitemap/index.html"] {
        let html = read(&out, page);
        assert!(html.contains("href=/roadmap/timeline/"), "{page}");
        assert!(html.contains("href=/roadmap/summary/"), "{page}");
    }
    let xml = read(&out, "sitemap.xml");
    assert!(xml.contains("/roadmap/timeline/</loc>"));
    assert!(xml.contains("/roadmap/summary/</loc>"));
}
