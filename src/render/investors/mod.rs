//! The investor section (roadmap position 15.2): `/investors/`, its English
//! version `/en/investors/`, the embeddable `/investors/embed/` and the same
//! facts as data in `/investors/workforce.json`.
//!
//! Takes the render context: the investor texts (`content/investors/`), the
//! live status of the measures they name and the datasets of
//! `content/data/`. Gives the three pages ([`pages`]) and the JSON file
//! ([`files`]); a site without investor texts gets neither.
//!
//! The facts are gathered once ([`facts`]) and then shown per language as
//! template views ([`html`]) and as one JSON document ([`json`]). Every word
//! of these pages, including the shared header and footer of `base.html`,
//! comes from [`strings`]. A dataset that is absent only removes its part of
//! the page; one that lacks a column the page reads is a content error
//! ([`crate::model::investors`]).

mod facts;
mod html;
mod json;
mod strings;

use super::{Crumb, Ctx, Family, OutputFile, Page, Scope};
use crate::address;
use anyhow::Result;
use facts::Facts;
use strings::{strings, Lang, HOME_EN};

/// The investor pages (Russian, English, the embeddable widget) and their
/// JSON, from facts gathered once per build; nothing without investor texts.
pub(super) struct InvestorPages<'a> {
    facts: Option<Facts<'a>>,
}

impl<'a> InvestorPages<'a> {
    pub(super) fn new(ctx: &Ctx<'a>) -> InvestorPages<'a> {
        InvestorPages {
            facts: ctx
                .roadmap
                .investors
                .as_ref()
                .map(|t| Facts::gather(ctx, t)),
        }
    }
}

impl<'a> Family<'a> for InvestorPages<'a> {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        self.facts.as_ref().map_or_else(Vec::new, |f| pages(ctx, f))
    }

    fn files(&self, ctx: &Ctx<'a>, _scope: Scope) -> Result<Vec<OutputFile>> {
        let Some(facts) = &self.facts else {
            return Ok(Vec::new());
        };
        Ok(vec![OutputFile {
            path: address::file_of(address::INVESTORS_JSON),
            bytes: json::document(ctx, facts)?,
        }])
    }
}

fn pages(ctx: &Ctx, facts: &Facts) -> Vec<Page<'static>> {
    let ru_view = html::view(ctx, Lang::Ru, facts);
    let en_view = html::view(ctx, Lang::En, facts);
    let home_en = Crumb::new(HOME_EN, ctx.home.url.clone());
    vec![
        Page::new(address::INVESTORS, "investors.html", Lang::Ru.title())
            .under(std::slice::from_ref(&ctx.home))
            .with("inv", &ru_view)
            .with("t", &strings(ctx, Lang::Ru)),
        Page::new(address::INVESTORS_EN, "investors.html", Lang::En.title())
            .in_lang(Lang::En.code())
            .under(std::slice::from_ref(&home_en))
            .with("inv", &en_view)
            .with("t", &strings(ctx, Lang::En)),
        Page::new(
            address::INVESTORS_EMBED,
            "investors_embed.html",
            Lang::Ru.title(),
        )
        .with("inv", &ru_view)
        .with("t", &strings(ctx, Lang::Ru))
        .with("canonical", &ctx.urls.absolute(address::INVESTORS)),
    ]
}
