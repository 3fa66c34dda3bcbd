//! Site settings from `kadry.toml` at the site root: the portal's name, its
//! public address and the operator's contacts.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "kadry.toml";

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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// The contacts are placeholders, not the real operator's.
    #[serde(default)]
    pub demo: bool,
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
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
                return Err(diags);
            }
        };
        let mut config = Config::parse(&text)?;
        config.set_base_url(&config.base_url.clone());
        Ok(config)
    }

    /// Parses the text of `kadry.toml`, with errors at their lines.
    pub fn parse(text: &str) -> Result<Config, Diagnostics> {
        toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| crate::content::frontmatter::line_col(text, s.start))
                .unwrap_or((0, 1));
            let (message, hint) = crate::content::frontmatter::too_deep(e.message())
                .unwrap_or_else(|| {
                    (
                        format!("ошибка в настройках: {}", e.message()),
                        "проверьте кавычки и имена полей".into(),
                    )
                });
            let mut diags = Diagnostics::default();
            diags.push(Diagnostic::error(Path::new(FILE_NAME), message, hint).at(line + 1, col));
            diags
        })
    }

    /// Sets the public address, normalised to end with exactly one `/`.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = format!("{}/", url.trim_end_matches('/'));
    }

    /// The path part of the base URL (`/` or `/kadry/`): the prefix of every
    /// internal link, so the site also works below a sub-path.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        let mut c: Config = toml::from_str(
            "title='t'\ndescription='d'\nbase_url='https://x.org'\n[operator]\nname='n'\nemail='e'",
        )
        .unwrap();
        c.set_base_url("https://x.org");
        assert_eq!(
            (c.base_url.as_str(), c.base_path()),
            ("https://x.org/", "/".into())
        );
        c.set_base_url("https://x.org/kadry");
        assert_eq!(c.base_path(), "/kadry/");
    }
}
