//! The checks of a Markdown body, event by event: unsafe links and HTML
//! (errors), images from other hosts and links written relative to the
//! page (errors: the reader gets nothing or a page that is not there),
//! and what hurts readers (warnings): images without a description, vague
//! link texts, skipped heading levels, tables without a header, text
//! indented into a code block. Takes pulldown-cmark's events with their
//! lines; gives the findings and the links to this site.

use super::{Finding, InternalLink, Rendered};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

const VAGUE_LINK_TEXTS: [&str; 6] = ["здесь", "тут", "по ссылке", "ссылка", "сюда", "подробнее"];

fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .into_iter()
        .find(|s| lower.starts_with(s))
}

pub(super) fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("//")
}

/// The checks of one body, event by event, and what they remember between
/// events; findings and internal links gather in `out`.
pub(super) struct Checks {
    pub(super) out: Rendered,
    last_level: usize,
    /// Open link or image: (line, is_image, collected text).
    open: Option<(usize, bool, String)>,
    /// Open table head: (line, whether it has text).
    table_head: Option<(usize, bool)>,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            out: Rendered::default(),
            last_level: 1,
            open: None,
            table_head: None,
        }
    }
}

impl Checks {
    pub(super) fn finding(&mut self, line: usize, error: bool, message: String, hint: &str) {
        self.out.findings.push(Finding {
            line,
            error,
            message,
            hint: hint.to_string(),
        })
    }

    pub(super) fn event(&mut self, event: &Event, line: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => self.link_start(dest_url, false, line),
            Event::Start(Tag::Image { dest_url, .. }) => self.link_start(dest_url, true, line),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = self.open.as_mut() {
                    text.push_str(t);
                }
                if let Some((_, has_text)) = self.table_head.as_mut() {
                    *has_text |= !t.trim().is_empty();
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => self.link_end(),
            Event::Start(Tag::Heading { level, .. }) => self.heading(heading_number(*level), line),
            Event::Start(Tag::TableHead) => self.table_head = Some((line, false)),
            Event::End(TagEnd::TableHead) => {
                if let Some((line, false)) = self.table_head.take() {
                    self.finding(
                        line,
                        false,
                        "у таблицы нет строки заголовков".into(),
                        "в первой строке таблицы подпишите столбцы",
                    );
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if let Some(scheme) = unsafe_scheme_in_html(raw) {
                    self.finding(
                        line,
                        true,
                        format!("HTML-код со схемой «{scheme}» запрещён"),
                        "уберите HTML-код; используйте разметку Markdown",
                    );
                }
                if images_without_alt(raw) {
                    self.finding(
                        line,
                        false,
                        "у изображения <img> нет описания (alt)".into(),
                        "запишите изображение разметкой Markdown с описанием: ![Схема площадок](/reports/14.1/files/plan.png)",
                    );
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => self.finding(
                line,
                false,
                "строки с отступом (табуляция или четыре пробела) показаны как программный код".into(),
                "уберите отступ в начале строк; если это действительно код, заключите его в строки ```",
            ),
            _ => {}
        }
    }

    fn link_start(&mut self, dest_url: &str, is_image: bool, line: usize) {
        if let Some(scheme) = unsafe_scheme(dest_url) {
            self.finding(
                line,
                true,
                format!("ссылка со схемой «{scheme}» запрещена"),
                "ссылайтесь на страницы портала (/roadmap/14/14.1/) или на сайты по адресу https://",
            );
        } else if is_image && is_external(dest_url) {
            self.finding(
                line,
                true,
                format!("изображение с другого сайта: {dest_url}"),
                "положите файл изображения в content/ и укажите путь от корня сайта",
            );
        } else if crate::address::is_site_relative(dest_url) {
            self.out.links.push(InternalLink {
                url: dest_url.to_string(),
                line,
            });
        } else if is_page_relative(dest_url) {
            let what = if is_image {
                "адрес изображения"
            } else {
                "ссылка"
            };
            let hint = if dest_url.starts_with("www.") {
                format!("адрес другого сайта пишите полностью: https://{dest_url}")
            } else {
                format!(
                    "пишите адрес от корня сайта: /{}",
                    dest_url.trim_start_matches("./")
                )
            };
            self.finding(
                line,
                true,
                format!(
                    "{what} «{dest_url}» без «/» в начале: со страницы отчёта она ведёт не туда"
                ),
                &hint,
            );
        }
        self.open = Some((line, is_image, String::new()));
    }

    fn link_end(&mut self) {
        let Some((line, is_image, text)) = self.open.take() else {
            return;
        };
        let text = text.trim().to_lowercase();
        if is_image && text.is_empty() {
            self.finding(
                line,
                false,
                "у изображения нет описания (alt)".into(),
                "опишите изображение в квадратных скобках: ![Схема площадок](/files/plan.png)",
            );
        } else if !is_image && VAGUE_LINK_TEXTS.contains(&text.trim_end_matches('.')) {
            self.finding(
                line,
                false,
                format!("текст ссылки «{text}» не говорит, куда она ведёт"),
                "напишите в тексте ссылки, что откроется: [план модернизации](/roadmap/14/14.2/)",
            );
        }
    }

    fn heading(&mut self, n: usize, line: usize) {
        if n == 1 {
            self.finding(
                line,
                false,
                "заголовок первого уровня внутри текста".into(),
                "заголовок страницы уже есть (title); начинайте разделы текста с «## »",
            );
        } else if n > self.last_level + 1 {
            let last_level = self.last_level;
            self.finding(
                line,
                false,
                format!("пропущен уровень заголовка: после уровня {last_level} идёт уровень {n}"),
                "уровни идут по порядку: «## », затем «### »",
            );
        }
        self.last_level = n;
    }
}

fn unsafe_scheme_in_html(raw: &str) -> Option<&'static str> {
    let lower = raw.to_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .into_iter()
        .find(|s| lower.contains(s))
}

fn heading_number(level: HeadingLevel) -> usize {
    level as usize
}

/// Whether a link is written relative to the page it is on (`roadmap/14/`,
/// `./files/a.pdf`, `../14.2/`): not from the site root, not to another
/// site or a mail address, not a `#fragment` of the same page.
fn is_page_relative(url: &str) -> bool {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !url.is_empty() && !url.starts_with(['/', '#', '?']) && !scheme
}

/// Whether raw HTML has an `<img>` tag without an `alt` attribute.
fn images_without_alt(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    lower.split("<img").skip(1).any(|rest| {
        let tag = rest.split('>').next().unwrap_or(rest);
        !tag.split(|c: char| c.is_whitespace() || c == '/')
            .any(|attr| attr == "alt" || attr.starts_with("alt="))
    })
}

#[cfg(test)]
mod tests {
    use crate::address::Urls;
    use crate::model::markdown::render;

    fn found(markdown: &str) -> Vec<(usize, bool, String, String)> {
        render(markdown, &Urls::new("https://x.org/"))
            .findings
            .into_iter()
            .map(|f| (f.line, f.error, f.message, f.hint))
            .collect()
    }

    #[test]
    fn page_relative_links_are_errors_with_the_address_to_write() {
        let f =
            found("Текст\n\nСм. [мероприятие](roadmap/14/14.1/) и ![план](./files/plan.png).\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].1 && f[0].2.contains("«roadmap/14/14.1/» без «/» в начале"),
            "{f:?}"
        );
        assert_eq!(f[0].3, "пишите адрес от корня сайта: /roadmap/14/14.1/");
        assert_eq!(
            (f[1].0, f[1].3.as_str()),
            (3, "пишите адрес от корня сайта: /files/plan.png")
        );
        let www = found("[сайт](www.admin-smolensk.ru)");
        assert_eq!(
            www[0].3,
            "адрес другого сайта пишите полностью: https://www.admin-smolensk.ru"
        );
        for fine in [
            "[a](/roadmap/)",
            "[a](#top)",
            "[a](https://x.org/)",
            "[a](mailto:a@x.org)",
            "[a](tel:+74812)",
        ] {
            assert!(found(fine).is_empty(), "{fine}: {:?}", found(fine));
        }
    }

    #[test]
    fn indented_text_and_raw_images_without_alt_are_warnings() {
        let f = found("Абзац.\n\n\tСтрока с табуляцией.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (3, false));
        assert!(f[0].2.contains("показаны как программный код"));
        let f = found("Схема:\n\n<img src=\"/reports/1.1/files/a.png\">\n");
        assert_eq!((f.len(), f[0].1), (1, false), "{f:?}");
        assert!(f[0].2.contains("нет описания (alt)"));
        assert!(found("<img alt=\"Схема\" src=\"/a.png\">").is_empty());
        assert!(found("```\nкод\n```\n").is_empty());
    }
}
