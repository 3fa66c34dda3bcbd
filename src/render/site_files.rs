//! The files about the whole site: `sitemap.xml` (every page but the 404
//! and the investor widget, whose canonical page is /investors/, in family
//! order, each with the date its sources last changed), `robots.txt` and
//! the theme's static assets.

use super::{address, escape, OutputFile, Page};
use crate::address::Urls;
use anyhow::Result;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub(super) fn sitemap_xml(
    urls: &Urls,
    pages: &[Page<'_>],
    site_modified: Option<NaiveDate>,
) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let listed = pages
        .iter()
        .filter(|p| !matches!(p.template, "404.html" | "investors_embed.html"));
    for page in listed {
        let lastmod = page
            .modified
            .or(site_modified)
            .map(|d| format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        xml.push_str(&format!(
            "<url><loc>{}</loc>{lastmod}</url>\n",
            escape::xml(&urls.absolute(&page.path))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: address::file_of(address::SITEMAP_XML),
        bytes: xml.into_bytes(),
    }
}

pub(super) fn robots_txt(urls: &Urls) -> OutputFile {
    OutputFile {
        path: address::file_of(address::ROBOTS_TXT),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute(address::SITEMAP_XML)
        )
        .into_bytes(),
    }
}

/// The theme's static assets, and the hashed names they are published
/// under ([`address::Assets`]).
pub(super) struct StaticFiles {
    pub assets: address::Assets,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl StaticFiles {
    pub fn load(theme_dir: &Path) -> Result<StaticFiles> {
        let files = crate::load::theme::static_files(theme_dir)?;
        let assets = address::Assets::new(files.iter().map(|(p, b)| (p.as_path(), &b[..])));
        Ok(StaticFiles { assets, files })
    }

    /// The files as published: the same bytes under their hashed names.
    pub fn into_files(self) -> Vec<OutputFile> {
        let StaticFiles { assets, files } = self;
        files
            .into_iter()
            .map(|(path, bytes)| OutputFile {
                path: address::file_of(assets.address(&address::address_of(&path))),
                bytes,
            })
            .collect()
    }
}
