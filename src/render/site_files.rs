//! The files about the whole site: `sitemap.xml` (every listed page but the
//! 404, in family order), `robots.txt` and the theme's static assets.

use super::{address, escape, OutputFile, Page};
use crate::address::Urls;
use anyhow::Result;
use std::path::Path;

pub(super) fn sitemap_xml(urls: &Urls, pages: &[Page<'_>]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.template != "404.html") {
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
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

/// The theme's static assets, copied as they are.
pub(super) fn static_files(theme_dir: &Path) -> Result<Vec<OutputFile>> {
    let files = crate::load::theme::static_files(theme_dir)?;
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}
