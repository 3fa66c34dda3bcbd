//! Markdown bodies to safe HTML, with the checks editors need.
//!
//! Raw HTML is passed through ammonia's allow-list, so no script, event
//! handler or frame reaches the page. Links with `javascript:`, `data:` or
//! `vbscript:` are errors; images from other hosts are errors (the portal makes
//! no third-party requests); things that hurt readers are warnings. Internal
//! links are collected so they can be checked against the built site.
//!
//! A body may nest at most [`MAX_NESTING`] levels deep and be at most
//! [`MAX_BODY_BYTES`] long: the stages after Markdown (sanitising is
//! quadratic in the depth and, in long paragraphs, in the count of `&`, `«`
//! and `»`; minifying recurses) are never given anything bigger.

use crate::address::Urls;
use ammonia::{UrlRelative, UrlRelativeEvaluate};
use pulldown_cmark::{html, Event, Options, Parser};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

mod checks;

use checks::{is_external, Checks};

/// A problem found in a body, with its 1-based line within the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub error: bool,
    pub message: String,
    pub hint: String,
}

/// A link to a page of this site, to be checked once the site is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub url: String,
    pub line: usize,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub findings: Vec<Finding>,
    pub links: Vec<InternalLink>,
}

/// Rendered Markdown kept between the builds of one `kadry serve`, by
/// source text, so that after an edit only the changed texts are rendered
/// again. Holds what the last build used and what this one adds, no more.
#[derive(Default)]
pub struct Cache {
    maps: Mutex<CacheMaps>,
}

#[derive(Default)]
struct CacheMaps {
    /// By source text: the HTML, and the last build that used it. Every
    /// body is looked up at every rebuild, so the hasher is a fast one
    /// (foldhash, seeded at random) rather than SipHash.
    rendered: HashMap<String, (Arc<Rendered>, u64), foldhash::fast::RandomState>,
    /// The build now running, counted from 0.
    build: u64,
    /// The base path the HTML was rendered for: another one renders anew.
    base_path: String,
}

impl Cache {
    pub fn render(&self, markdown: &str, urls: &Urls) -> Rendered {
        let found = {
            let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
            if maps.base_path != urls.base_path() {
                maps.rendered.clear();
                maps.base_path = urls.base_path().to_string();
            }
            let build = maps.build;
            maps.rendered.get_mut(markdown).map(|(done, used)| {
                *used = build;
                done.clone()
            })
        };
        // rendering and the copy are done outside the lock, which every
        // thread shares
        let done = found.unwrap_or_else(|| {
            let done = Arc::new(render(markdown, urls));
            let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
            let build = maps.build;
            maps.rendered
                .insert(markdown.to_string(), (done.clone(), build));
            done
        });
        Rendered::clone(&done)
    }

    /// Starts a build: what the previous one did not use is forgotten.
    pub fn next_build(&self) {
        let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
        let last = maps.build;
        maps.rendered.retain(|_, (_, used)| *used == last);
        maps.build = last + 1;
    }
}

/// How one build turns bodies into HTML: for a site at `urls` (links
/// written from the site root are put below its base path), reusing what
/// `kadry serve` rendered before when there is a cache.
pub struct Renderer<'c> {
    urls: Urls,
    cache: Option<&'c Cache>,
}

impl<'c> Renderer<'c> {
    pub fn new(urls: &Urls, cache: Option<&'c Cache>) -> Renderer<'c> {
        Renderer {
            urls: urls.clone(),
            cache,
        }
    }

    pub fn render(&self, markdown: &str) -> Rendered {
        match self.cache {
            Some(cache) => cache.render(markdown, &self.urls),
            None => render(markdown, &self.urls),
        }
    }
}

/// How deeply blocks, inline elements and HTML tags may nest in a body.
/// A real report needs fewer than ten levels; a few thousand would overflow
/// the minifier's stack and take the sanitiser minutes.
pub const MAX_NESTING: usize = 100;

/// The longest body rendered, 50 times the longest of the real portal.
/// html5ever 0.40 escapes a text node in time proportional to its length
/// times its count of `&`, `«`, `»` and no-break spaces: about a second at
/// this length, ten at four times as long.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The nesting depth so far, counted from Markdown's own elements and the
/// raw HTML tags left open. Errs on the deep side: a closing tag closes
/// only the element opened last, and only if the names match, because
/// html5ever keeps elements open that misnested closing tags seem to close
/// (`<b><div></b>` leaves the `<div>` open). The HTML it leads to nests at
/// most a few levels deeper (elements a table implies), which the `markdown`
/// fuzz target checks.
#[derive(Default)]
struct Nesting {
    markdown: usize,
    html: Vec<String>,
}

/// Elements that never contain anything.
const VOID_ELEMENTS: [&str; 18] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

impl Nesting {
    /// The depth after `event`.
    fn after(&mut self, event: &Event) -> usize {
        match event {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(raw) | Event::InlineHtml(raw) => self.html_tags(raw),
            _ => {}
        }
        self.markdown + self.html.len()
    }

    /// Follows the tags in raw HTML: `<name` opens (even in a comment or an
    /// attribute, which only over-counts), `</name` closes the last one.
    fn html_tags(&mut self, raw: &str) {
        let mut rest = raw;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let (closing, after) = match rest.strip_prefix('/') {
                Some(after) => (true, after),
                None => (false, rest),
            };
            if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let end = after
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or(after.len());
            let name = after[..end].to_ascii_lowercase();
            if closing {
                if self.html.last() == Some(&name) {
                    self.html.pop();
                }
            } else if !VOID_ELEMENTS.contains(&name.as_str()) {
                self.html.push(name);
                if self.html.len() > MAX_NESTING {
                    return; // too deep already: no need to read on
                }
            }
        }
    }
}

/// A body as sanitised HTML for a site at `urls`, with its findings and its
/// links to this site (as written: from the site root).
pub fn render(markdown: &str, urls: &Urls) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut checks = Checks::default();

    if markdown.len() > MAX_BODY_BYTES {
        checks.finding(
            line_of(MAX_BODY_BYTES),
            true,
            format!("текст длиннее {} КБ (граница — в этой строке)", MAX_BODY_BYTES / 1024),
            "разделите текст на несколько отчётов; большие таблицы публикуйте как наборы данных (content/data/) или вложения",
        );
        return checks.out;
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(markdown, options).into_offset_iter();
    let mut events = Vec::new();
    let mut nesting = Nesting::default();
    for (event, range) in parser {
        let line = line_of(range.start);
        if nesting.after(&event) > MAX_NESTING {
            checks.finding(
                line,
                true,
                format!("вложенность глубже {MAX_NESTING} уровней (цитаты, списки, выделение, HTML-теги)"),
                "уменьшите вложенность: двух-трёх уровней списков и цитат достаточно; закройте открытые HTML-теги",
            );
            // nothing deeper may reach the sanitiser or the minifier
            return checks.out;
        }
        checks.event(&event, line);
        events.push(event);
    }
    let mut raw_html = String::new();
    html::push_html(&mut raw_html, events.into_iter());
    let mut out = checks.out;
    out.html = sanitize(&raw_html, urls);
    out
}

/// Puts relative links from the site root below the site's base path.
struct BelowBase(Urls);

impl<'a> UrlRelativeEvaluate<'a> for BelowBase {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        Some(self.0.content_link(url))
    }
}

/// ammonia's allow-list of harmless tags; only same-site images, web and
/// mail links. Links from the site root, in Markdown or raw HTML, are put
/// below the site's base path (see [`Urls::content_link`]).
fn sanitize(html: &str, urls: &Urls) -> String {
    let mut builder = ammonia::Builder::default();
    if urls.base_path() != "/" {
        builder.url_relative(UrlRelative::Custom(Box::new(BelowBase(urls.clone()))));
    }
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && is_external(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Urls {
        Urls::new("https://kadry.example.org/")
    }

    #[test]
    fn the_cache_keeps_what_the_last_build_used_and_renders_for_its_base_path() {
        let cache = Cache::default();
        let kept = |text: &str| {
            let maps = cache.maps.lock().unwrap();
            maps.rendered.contains_key(text)
        };
        cache.next_build();
        let first = cache.render("*а* [b](/roadmap/)", &root());
        cache.render("б", &root());
        cache.next_build();
        // used again: the same HTML, from the cache
        assert_eq!(cache.render("*а* [b](/roadmap/)", &root()).html, first.html);
        assert!(kept("б"), "used by the last build");
        cache.next_build();
        assert!(kept("*а* [b](/roadmap/)"));
        assert!(!kept("б"), "unused by the last build, yet kept");
        // another base path: rendered anew for it
        let below = cache.render("*а* [b](/roadmap/)", &Urls::new("https://x.example/kadry/"));
        assert!(
            below.html.contains("href=\"/kadry/roadmap/\""),
            "{}",
            below.html
        );
    }

    #[test]
    fn dangerous_html_never_survives() {
        let r = render(
            "Текст <script>alert(1)</script> <img src=x onerror=alert(1)> \
             <iframe src=\"https://evil.example\"></iframe> <a href=\"javascript:alert(1)\">x</a>\n\n\
             [a](javascript:alert(1)) [b](data:text/html,<script>alert(1)</script>) **жирный**",
            &root(),
        );
        for bad in ["<script", "onerror", "<iframe", "javascript:", "data:"] {
            assert!(!r.html.contains(bad), "{bad} in {}", r.html);
        }
        assert!(r.html.contains("<strong>жирный</strong>"));
        let errors: Vec<_> = r.findings.iter().filter(|f| f.error).collect();
        assert_eq!(errors.len(), 3, "{:?}", r.findings);
    }

    #[test]
    fn reader_warnings_with_lines() {
        let r = render(
            "Абзац.\n\n# Большой\n\n#### Мелкий\n\n[здесь](/roadmap/)\n\n![](/a.png)\n\n| | |\n|-|-|\n| 1 | 2 |\n",
            &root(),
        );
        let lines: Vec<(usize, bool)> = r.findings.iter().map(|f| (f.line, f.error)).collect();
        assert_eq!(
            lines,
            [(3, false), (5, false), (7, false), (9, false), (11, false)],
            "{:?}",
            r.findings
        );
        assert_eq!(
            r.links,
            [
                InternalLink {
                    url: "/roadmap/".into(),
                    line: 7
                },
                InternalLink {
                    url: "/a.png".into(),
                    line: 9
                }
            ]
        );
    }

    #[test]
    fn external_images_are_errors_and_dropped() {
        let r = render("![Схема](https://cdn.example.org/x.png)", &root());
        assert!(r.findings[0].error);
        assert!(!r.html.contains("cdn.example.org"));
    }

    #[test]
    fn clean_text_has_no_findings() {
        let r = render("## Итоги\n\nСм. [план модернизации](/roadmap/14/14.2/).\n\n| Год | Сумма |\n|-|-|\n| 2019 | 10 |\n", &root());
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r.html.contains("<table>"));
    }

    fn nesting_error(markdown: &str) -> Option<usize> {
        let r = render(markdown, &root());
        let deep: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.message.starts_with("вложенность глубже"))
            .collect();
        assert!(deep.iter().all(|f| f.error));
        assert!(deep.is_empty() || r.html.is_empty(), "{}", r.html);
        deep.first().map(|f| f.line)
    }

    #[test]
    fn deep_nesting_is_refused_before_html() {
        let n = MAX_NESTING + 1;
        let cases = [
            "> ".repeat(n) + "x",
            "- ".repeat(n) + "x",
            (0..n).map(|i| "  ".repeat(i) + "- a\n").collect(),
            "<div>".repeat(n),
            "a ".to_string() + &"<span>".repeat(n),
            "*".repeat(2 * n) + "x" + &"*".repeat(2 * n),
            "<b><div></b>".repeat(n),
            "- > ".repeat(n / 2) + "<div>x",
        ];
        for case in &cases {
            let text = format!("Абзац.\n\n{case}\n");
            assert!(nesting_error(&text).is_some_and(|l| l >= 3), "{case}");
        }
    }

    #[test]
    fn links_from_the_site_root_stay_below_a_sub_path() {
        let text = "[мера](/roadmap/14/14.1/#a) [сайт](https://x.org/) [файл](files/a.pdf) \
                    [почта](mailto:a@b.ru) <a href=\"/news/\">новости</a> ![схема](/img/a.png)";
        let sub = render(text, &Urls::new("https://example.org/kadry/"));
        for link in [
            "href=\"/kadry/roadmap/14/14.1/#a\"",
            "href=\"https://x.org/\"",
            "href=\"files/a.pdf\"",
            "href=\"mailto:a@b.ru\"",
            "href=\"/kadry/news/\"",
            "src=\"/kadry/img/a.png\"",
        ] {
            assert!(sub.html.contains(link), "{link} not in {}", sub.html);
        }
        // the link check still sees what the editor wrote
        assert_eq!(sub.links[0].url, "/roadmap/14/14.1/#a");
        let root = render(text, &root());
        assert!(root.html.contains("href=\"/roadmap/14/14.1/#a\""));
        assert!(!root.html.contains("/kadry/"));
    }

    #[test]
    fn long_bodies_are_refused() {
        let line = "Текст отчёта.\n";
        let fits = line.repeat(MAX_BODY_BYTES / line.len());
        assert!(render(&fits, &root()).findings.is_empty());
        let r = render(&(fits.clone() + &"+".repeat(line.len())), &root());
        assert!(r.html.is_empty());
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0].error && r.findings[0].message.starts_with("текст длиннее 256 КБ"));
        assert_eq!(r.findings[0].line, fits.lines().count() + 1);
    }

    #[test]
    fn ordinary_nesting_is_allowed() {
        let n = MAX_NESTING / 4;
        let cases = [
            "> ".repeat(n) + "x",
            "<div>".repeat(n) + &"</div>".repeat(n),
            "<div><br><hr><img src=\"/a.png\" alt=\"a\"></div>".repeat(4 * n),
            "<p>x</p>".repeat(10 * MAX_NESTING),
            "<details><summary>Итоги</summary>\n\n- пункт\n\n</details>\n\n".repeat(MAX_NESTING),
        ];
        for case in &cases {
            assert_eq!(nesting_error(case), None, "{case}");
            assert!(!render(case, &root()).html.is_empty());
        }
    }
}
