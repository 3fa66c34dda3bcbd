//! Site settings from `kadry.toml` at the site root: the portal's name, its
//! public address, the operator's contacts and the time zone in which
//! "today" is taken (the default date statuses are judged against).
//!
//! The settings are checked like content: the address ends up in every page,
//! feed and embed code, and the theme names a folder that is read, so a bad
//! value is an error naming its line rather than a broken or hostile site.

use crate::diagnostics::{Diagnostic, Diagnostics};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::path::Path;

mod operator;
pub use operator::Operator;

pub const FILE_NAME: &str = "kadry.toml";

/// The time zone of a site that names none: the region's.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Moscow;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Portal name shown in every page header and title.
    pub title: String,
    /// One-sentence description for the home page and search engines.
    pub description: String,
    /// Public address the site is served from, e.g. `https://kadry.example.org/`.
    pub base_url: String,
    pub operator: Operator,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// IANA name of the time zone "today" is taken in, e.g. `Europe/Moscow`.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

fn default_theme() -> String {
    "default".into()
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.name().into()
}

/// The date at `now` in the time zone `tz`.
pub fn today_in(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        match Config::load_all(root) {
            (Some(config), diags) if !diags.has_errors() => Ok(config),
            (_, diags) => Err(diags),
        }
    }

    /// Reads and checks `kadry.toml`, giving every problem found and, when
    /// the file could be parsed, settings to check the content with: a
    /// value found wrong is replaced by a harmless one (an address of no
    /// site, the default theme and time zone), since with errors nothing
    /// is published.
    pub fn load_all(root: &Path) -> (Option<Config>, Diagnostics) {
        let path = Path::new(FILE_NAME);
        let mut diags = Diagnostics::default();
        let text = match std::fs::read_to_string(root.join(FILE_NAME)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    path,
                    format!("не удалось прочитать файл настроек: {e}"),
                    "создайте kadry.toml в корне сайта (образец — в README.md)",
                ));
                return (None, diags);
            }
        };
        let mut config = match Config::parse(&text) {
            Ok(config) => config,
            Err(diags) => return (None, diags),
        };
        diags.extend(config.check(root, &text));
        if check_base_url(&config.base_url).is_err() {
            config.base_url = "http://localhost/".into();
        }
        if check_theme(root, &config.theme).is_err() {
            config.theme = default_theme();
        }
        if check_time_zone(&config.time_zone).is_err() {
            config.time_zone = default_time_zone();
        }
        config.base_url = normalise(&config.base_url);
        (Some(config), diags)
    }

    /// Checks the address, the theme, the time zone and the operator,
    /// pointing at their lines in `text` (the file they were parsed from).
    fn check(&self, root: &Path, text: &str) -> Vec<Diagnostic> {
        // the same text again, for where each checked value is written
        #[derive(Deserialize)]
        struct Lines {
            base_url: Option<toml::Spanned<toml::Value>>,
            theme: Option<toml::Spanned<toml::Value>>,
            time_zone: Option<toml::Spanned<toml::Value>>,
            operator: Option<toml::Spanned<OperatorLines>>,
        }
        #[derive(Deserialize)]
        struct OperatorLines {
            inn: Option<toml::Spanned<toml::Value>>,
        }
        let lines = toml::from_str::<Lines>(text).ok();
        let line_of = |span: Option<std::ops::Range<usize>>| {
            let (line, col) = crate::load::frontmatter::line_col(text, span?.start);
            Some((line + 1, col))
        };
        let at = |d: Diagnostic, span| match line_of(span) {
            Some((line, col)) => d.at(line, col),
            None => d,
        };
        let path = Path::new(FILE_NAME);
        let mut found = Vec::new();
        if let Err(reason) = check_base_url(&self.base_url) {
            let span = lines
                .as_ref()
                .and_then(|l| Some(l.base_url.as_ref()?.span()));
            found.push(at(
                Diagnostic::error(
                    path,
                    format!("base_url «{}» — не адрес сайта: {reason}", self.base_url),
                    "укажите полный адрес сайта, например base_url = \"https://kadry.example.org/\"",
                ),
                span,
            ));
        }
        if let Err((message, hint)) = check_theme(root, &self.theme) {
            let span = lines.as_ref().and_then(|l| Some(l.theme.as_ref()?.span()));
            found.push(at(Diagnostic::error(path, message, hint), span));
        }
        if let Err((message, hint)) = check_time_zone(&self.time_zone) {
            let span = lines
                .as_ref()
                .and_then(|l| Some(l.time_zone.as_ref()?.span()));
            found.push(at(Diagnostic::error(path, message, hint), span));
        }
        let operator = lines.as_ref().and_then(|l| l.operator.as_ref());
        found.extend(self.operator.check(|d, key| {
            let span = operator.and_then(|o| match key {
                Some("inn") => Some(o.get_ref().inn.as_ref()?.span()),
                _ => Some(o.span()),
            });
            at(d, span)
        }));
        found
    }

    /// The time zone of `time_zone` (checked by [`Config::load`]; a name
    /// that was never checked and is no zone gives the default).
    pub fn time_zone(&self) -> Tz {
        self.time_zone.parse().unwrap_or(DEFAULT_TIME_ZONE)
    }

    /// Today in the site's time zone: the date statuses are judged against
    /// when none is given, and the date of a new report.
    pub fn today(&self) -> NaiveDate {
        today_in(self.time_zone(), Utc::now())
    }

    /// Sets the public address given on the command line (`--base-url`),
    /// normalised to end with exactly one `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        check_base_url(url).map_err(|reason| {
            Diagnostic::error(
                Path::new("kadry build --base-url"),
                format!("«{url}» — не адрес сайта: {reason}"),
                "укажите полный адрес сайта, например --base-url https://kadry.example.org/",
            )
        })?;
        self.base_url = normalise(url);
        Ok(())
    }

    /// Parses the text of `kadry.toml`, with errors at their lines.
    pub fn parse(text: &str) -> Result<Config, Diagnostics> {
        toml::from_str(text).map_err(|e| {
            let mut diags = Diagnostics::default();
            diags.push(crate::load::frontmatter::explain(
                Path::new(FILE_NAME),
                text,
                1,
                &e,
            ));
            diags
        })
    }
}

fn normalise(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// Why `url` cannot be the site's public address: it must be an absolute
/// `http`/`https` address of a host, with nothing that could end an
/// attribute in either quote, a line of `robots.txt` or a tag, and no user
/// name, query or fragment (which the pages' addresses are appended after).
fn check_base_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|&c| {
        matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')
            || c.is_whitespace()
            || c.is_control()
            || crate::diagnostics::is_bidi_control(c)
    }) {
        return Err(format!("в адресе недопустим символ {}", describe(c)));
    }
    let parsed = url::Url::parse(url).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "адрес неполный: нет схемы https:// и имени сервера".to_string()
        }
        e => format!("адрес не разбирается ({e})"),
    })?;
    let scheme = parsed.scheme();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "схема «{scheme}:» не подходит, нужна http или https"
        ));
    }
    // the url crate forgives `https:x.org` and `https:///x.org`; the pages'
    // paths are taken from the text as written, so it must be exact
    let rest = &url[scheme.len() + 1..];
    if !rest.starts_with("//") || rest.starts_with("///") {
        return Err(format!("после «{scheme}:» должны идти «//» и имя сервера"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("в адресе нет имени сервера".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("в адресе не должно быть имени пользователя или пароля (часть до «@»)".into());
    }
    if parsed.query().is_some() {
        return Err("в адресе не должно быть параметров (часть после «?»)".into());
    }
    if parsed.fragment().is_some() {
        return Err("в адресе не должно быть якоря (часть после «#»)".into());
    }
    let dots = rest[2..].split('/').skip(1).any(|segment| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    });
    if dots {
        return Err("в пути адреса не должно быть частей «.» и «..»".into());
    }
    Ok(())
}

/// A character named so an editor can find it, even if it is invisible.
fn describe(c: char) -> String {
    match c {
        ' ' => "«пробел»".into(),
        '\n' | '\r' => "«перевод строки»".into(),
        '\t' => "«табуляция»".into(),
        c if c.is_whitespace() || c.is_control() || crate::diagnostics::is_bidi_control(c) => {
            format!("с кодом U+{:04X}", c as u32)
        }
        c => format!("«{c}»"),
    }
}

/// Why `name` is no time zone: it must be an IANA name from the database
/// kadry carries (`Europe/Moscow`), written as there.
fn check_time_zone(name: &str) -> Result<(), (String, String)> {
    if name.parse::<Tz>().is_ok() {
        return Ok(());
    }
    let example = "укажите название часового пояса из базы IANA, например \
                   time_zone = \"Europe/Moscow\", \"Europe/Samara\" или \"Asia/Yekaterinburg\"";
    // the nearest name, by the whole name or its city: "Moskow", "moscow"
    let wanted = name.to_lowercase();
    let distance = |known: &str| {
        let known = known.to_lowercase();
        let city = known.rsplit('/').next().unwrap_or(&known);
        strsim::damerau_levenshtein(&wanted, &known).min(strsim::damerau_levenshtein(&wanted, city))
    };
    // among region/city names only: not "GMT+0" for "GMT+3", nor
    // "Etc/GMT+3", which is three hours behind Greenwich, not ahead
    let closest = chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| tz.name().contains('/') && !tz.name().starts_with("Etc/"))
        .map(|tz| (distance(tz.name()), tz.name()))
        .min()
        .filter(|(d, _)| *d <= 2)
        .map(|(_, known)| known);
    let hint = match closest {
        Some(known) => format!("возможно, имелось в виду «{known}»; {example}"),
        None => example.to_string(),
    };
    Err((
        format!(
            "time_zone «{name}» — не часовой пояс: такого названия нет в базе часовых поясов IANA"
        ),
        hint,
    ))
}

/// Why `theme` cannot be used: it must name one existing folder in
/// `themes/`, never a path that leads elsewhere.
fn check_theme(root: &Path, theme: &str) -> Result<(), (String, String)> {
    let example = "укажите имя папки из themes/, например theme = \"default\"";
    let bad = theme.is_empty()
        || theme.starts_with('.')
        || theme.chars().any(|c| {
            matches!(c, '/' | '\\' | ':')
                || c.is_control()
                || crate::diagnostics::is_bidi_control(c)
        });
    if bad {
        return Err((
            format!("theme «{theme}» — не имя папки: тема должна быть одной папкой внутри themes/"),
            example.into(),
        ));
    }
    if !root.join("themes").join(theme).is_dir() {
        let mut known: Vec<String> = std::fs::read_dir(root.join("themes"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        known.sort();
        let hint = if known.is_empty() {
            example.to_string()
        } else {
            format!("{example}; есть темы: {}", known.join(", "))
        };
        return Err((
            format!("темы «{theme}» нет: папка themes/{theme} не найдена"),
            hint,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_normalised() {
        let mut c: Config = toml::from_str(
            "title='t'\ndescription='d'\nbase_url='https://x.org'\n[operator]\nname='n'\nemail='e'",
        )
        .unwrap();
        c.set_base_url("https://x.org").unwrap();
        assert_eq!(c.base_url, "https://x.org/");
        c.set_base_url("https://x.org/kadry").unwrap();
        assert_eq!(c.base_url, "https://x.org/kadry/");
    }

    #[test]
    fn accepts_public_addresses() {
        for ok in [
            "https://kadry.example.org/",
            "http://127.0.0.1:1111/",
            "https://x.org",
            "https://x.org/a%22b/it%27s/",
            "https://кадры.рф/отчёты/",
            "HTTPS://X.ORG:8443/kadry/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_anything_else() {
        for (bad, reason) in [
            ("javascript:alert(1)", "схема «javascript:»"),
            ("https://x.org/\"><script>", "символ «\"»"),
            ("https://x.org/it's/", "символ «'»"),
            ("https://x.org/\nDisallow: /", "«перевод строки»"),
            ("https://x.org/a b", "«пробел»"),
            ("https://x.org/\u{202e}", "U+202E"),
            ("https://x.org\\evil", "«\\»"),
            ("kadry/", "адрес неполный"),
            ("//x.org/", "адрес неполный"),
            ("ftp://x.org/", "схема «ftp:»"),
            ("https:x.org", "«//»"),
            ("https:///x.org", "«//»"),
            ("https://user:pw@x.org/", "имени пользователя"),
            ("https://x.org/?a=1", "параметров"),
            ("https://x.org/#top", "якоря"),
            ("https://x.org/a/../b/", "«..»"),
            ("https://x.org/%2E%2e/", "«..»"),
            ("https://", "не разбирается"),
        ] {
            let err = check_base_url(bad).expect_err(bad);
            assert!(err.contains(reason), "{bad}: {err}");
        }
    }

    #[test]
    fn a_theme_is_one_existing_folder() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("themes/default")).unwrap();
        assert!(check_theme(root.path(), "default").is_ok());
        for bad in [
            "../x", "/etc", "a/b", "a\\b", ".hidden", "..", "", "c:x", "a\u{1b}",
        ] {
            let (message, _) = check_theme(root.path(), bad).expect_err(bad);
            assert!(message.contains("не имя папки"), "{bad}: {message}");
        }
        let (message, hint) = check_theme(root.path(), "dark").unwrap_err();
        assert!(
            message.contains("папка themes/dark не найдена"),
            "{message}"
        );
        assert!(hint.contains("есть темы: default"), "{hint}");
    }

    /// An instant given as UTC `YYYY-MM-DD HH:MM`.
    fn at(s: &str) -> DateTime<Utc> {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn today_is_taken_in_the_given_zone() {
        // 00:30 in Moscow, still the evening before in Greenwich
        let now = at("2026-11-25 21:30");
        assert_eq!(today_in(DEFAULT_TIME_ZONE, now), day("2026-11-26"));
        assert_eq!(today_in(chrono_tz::UTC, now), day("2026-11-25"));
        assert_eq!(today_in(chrono_tz::America::Adak, now), day("2026-11-25"));
        // 23:30 in Moscow, already the next morning on Kiritimati
        let now = at("2026-11-26 20:30");
        assert_eq!(today_in(DEFAULT_TIME_ZONE, now), day("2026-11-26"));
        assert_eq!(
            today_in(chrono_tz::Pacific::Kiritimati, now),
            day("2026-11-27")
        );
    }

    #[test]
    fn the_time_zone_setting_is_honoured() {
        let base = "title='t'\ndescription='d'\nbase_url='https://x.org/'\n";
        let operator = "[operator]\nname='n'\nemail='e'\ndemo=true\n";
        let moscow = Config::parse(&format!("{base}{operator}")).unwrap();
        assert_eq!(moscow.time_zone, "Europe/Moscow");
        assert_eq!(moscow.time_zone(), chrono_tz::Europe::Moscow);
        let text = format!("{base}time_zone = \"Asia/Vladivostok\"\n{operator}");
        let far_east = Config::parse(&text).unwrap();
        assert_eq!(far_east.time_zone(), chrono_tz::Asia::Vladivostok);
        assert!(far_east.check(Path::new("."), &text).is_empty());
        // 18:00 in Moscow is 01:00 the next day in Vladivostok
        let now = at("2026-11-26 15:00");
        assert_eq!(today_in(moscow.time_zone(), now), day("2026-11-26"));
        assert_eq!(today_in(far_east.time_zone(), now), day("2026-11-27"));
    }

    #[test]
    fn a_wrong_time_zone_is_named_with_examples() {
        for ok in [
            "Europe/Moscow",
            "Europe/Samara",
            "Asia/Yekaterinburg",
            "UTC",
        ] {
            assert_eq!(check_time_zone(ok), Ok(()), "{ok}");
        }
        for (bad, suggested) in [
            ("Europe/Moskow", Some("Europe/Moscow")),
            ("europe/moscow", Some("Europe/Moscow")),
            ("samara", Some("Europe/Samara")),
            ("Asia/Ekaterinburg", Some("Asia/Yekaterinburg")),
            ("МСК", None),
            ("GMT+3", None),
            ("", None),
        ] {
            let (message, hint) = check_time_zone(bad).expect_err(bad);
            assert!(
                message.contains(&format!("time_zone «{bad}» — не часовой пояс")),
                "{message}"
            );
            assert!(
                hint.contains("\"Europe/Moscow\", \"Europe/Samara\" или \"Asia/Yekaterinburg\""),
                "{hint}"
            );
            match suggested {
                Some(name) => assert!(
                    hint.starts_with(&format!("возможно, имелось в виду «{name}»")),
                    "{bad}: {hint}"
                ),
                None => assert!(!hint.contains("возможно"), "{bad}: {hint}"),
            }
        }
    }

    #[test]
    fn a_wrong_time_zone_is_an_error_at_its_line() {
        let text = "title='t'\ndescription='d'\nbase_url='https://x.org/'\n\
                    time_zone = \"Europe/Moskow\"\n[operator]\nname='n'\nemail='e'\ndemo=true\n";
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("themes/default")).unwrap();
        std::fs::write(root.path().join(FILE_NAME), text).unwrap();
        let diags = Config::load(root.path()).unwrap_err().sorted();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(4));
        assert_eq!(diags[0].column, Some(13));
        assert!(
            diags[0].message.contains("«Europe/Moskow»"),
            "{:?}",
            diags[0]
        );
    }
}
