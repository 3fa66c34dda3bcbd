//! The core pages (home, roadmap, sections, measures, reports, executors,
//! site map, 404) and the report attachments published beside them.

use super::{address, news, views, Crumb, Ctx, Family, OutputFile, Page, Scope};
use anyhow::Result;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The roadmap's own pages and the attachments of its reports.
pub(super) struct Core;

impl<'a> Family<'a> for Core {
    fn pages(&self, ctx: &Ctx<'a>) -> Vec<Page<'a>> {
        list_pages(ctx)
    }

    fn files(&self, ctx: &Ctx<'a>, scope: Scope) -> Result<Vec<OutputFile>> {
        attachments(ctx, scope)
    }
}

/// The core pages: home, roadmap, sections, measures, reports, executors,
/// site map and 404.
fn list_pages<'a>(ctx: &Ctx<'a>) -> Vec<Page<'a>> {
    let (views, urls) = (ctx.views, ctx.urls);
    let home = ctx.home.clone();
    // Listings of every measure are built when rendered, not held meanwhile.
    let mut pages = vec![
        Page::new(address::HOME, "home.html", "Главная")
            .with("overall", &views.overall)
            .with("latest_reports", &views.latest_reports(5))
            .with("latest_news", &news::latest(ctx, 3))
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::ROADMAP, "roadmap.html", "Дорожная карта")
            .under(std::slice::from_ref(&home))
            .with("overall", &views.overall)
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::EXECUTORS, "executors.html", "Исполнители")
            .under(std::slice::from_ref(&home))
            .with("organizations", &views.organizations),
        Page::new(address::SITE_MAP, "sitemap.html", "Карта сайта")
            .under(std::slice::from_ref(&home))
            .with("organizations", &views.organizations)
            .with_lazy(move |c| c.insert("sections", &views.sections)),
        Page::new(address::NOT_FOUND, "404.html", "Страница не найдена"),
    ];
    let roadmap_crumb = Crumb::new("Дорожная карта", urls.page(address::ROADMAP));
    let in_roadmap = [home.clone(), roadmap_crumb];
    for section in &views.sections {
        section_pages(section, &in_roadmap, &mut pages);
    }
    let executors_crumb = Crumb::new("Исполнители", urls.page(address::EXECUTORS));
    executor_pages(ctx, &[home, executors_crumb], &mut pages);
    debug_assert_eq!(
        pages
            .iter()
            .filter(|p| p.template == "measure.html")
            .count(),
        ctx.roadmap.measures().count()
    );
    pages
}

/// A section's page, and those of its measures and their reports.
fn section_pages<'a>(
    section: &'a views::SectionView<'a>,
    in_roadmap: &[Crumb],
    pages: &mut Vec<Page<'a>>,
) {
    let section_title = format!("Раздел {}", section.id);
    pages.push(
        Page::new(address::section(section.id), "section.html", &section_title)
            .under(in_roadmap)
            .showing(
                section
                    .measures
                    .iter()
                    .map(|m| m.measure.id.as_str())
                    .collect(),
            )
            .with_lazy(move |c| c.insert("section", section))
            .modified(section.modified),
    );
    let mut crumbs = in_roadmap.to_vec();
    crumbs.push(Crumb {
        title: section_title,
        url: section.url.clone(),
    });
    for m in &section.measures {
        let measure_title = format!("Мероприятие {}", m.measure.id);
        pages.push(
            Page::new(
                address::measure(section.id, &m.measure.id),
                "measure.html",
                &measure_title,
            )
            .under(&crumbs)
            .modified(m.measure.modified)
            .showing(vec![m.measure.id.as_str()])
            .with_lazy(move |c| {
                c.insert("measure", m);
                c.insert(
                    "section",
                    &json!({"id": section.id, "title": section.title, "url": section.url}),
                );
            }),
        );
        let mut report_crumbs = crumbs.clone();
        report_crumbs.push(Crumb {
            title: measure_title,
            url: m.url.clone(),
        });
        for r in &m.report_views {
            pages.push(
                Page::new(
                    address::report(&r.report.slug),
                    "report.html",
                    format!("Отчёт от {}", r.date_text),
                )
                .under(&report_crumbs)
                .modified(r.report.modified)
                .showing(vec![m.measure.id.as_str()])
                .with_lazy(move |c| {
                    c.insert("report", r);
                    c.insert("body_html", &r.report.body_html);
                }),
            );
        }
    }
}

/// One page per executor, with the measures it answers for.
fn executor_pages<'a>(ctx: &Ctx<'a>, in_executors: &[Crumb], pages: &mut Vec<Page<'a>>) {
    let views = ctx.views;
    // Each organisation's measures, from one pass over the roadmap.
    let mut answers_for: HashMap<&str, Vec<&views::MeasureView>> = HashMap::new();
    for m in views.measures() {
        for org in &m.measure.responsible {
            answers_for.entry(org.as_str()).or_default().push(m);
        }
    }
    for org in &views.organizations {
        let measures = answers_for.remove(org.org.id.as_str()).unwrap_or_default();
        pages.push(
            Page::new(
                address::executor(&org.org.id),
                "executor.html",
                &org.org.short_name,
            )
            .under(in_executors)
            .about(organization_item(ctx, org.org))
            .modified(measures.iter().filter_map(|m| m.measure.modified).max())
            .showing(measures.iter().map(|m| m.measure.id.as_str()).collect())
            .with("organization", org)
            .with_lazy(move |c| {
                let rows: Vec<_> = measures.iter().map(|m| m.row()).collect();
                c.insert("measures", &rows);
            }),
        );
    }
}

/// Report attachments and the files their bodies embed from `files/`,
/// published at their path under `content/`. Their
/// bytes are checked again as they are read: a file changed since the
/// model accepted it must still be an accepted document inside `content/`.
fn attachments(ctx: &Ctx, scope: Scope) -> Result<Vec<OutputFile>> {
    let reader = crate::load::attachments::Reader::new(ctx.content_dir);
    let mut seen = HashSet::new();
    ctx.roadmap
        .reports()
        .filter(|r| scope.includes(&r.measure))
        .flat_map(|r| r.attachments.iter().chain(&r.embedded))
        // one file attached to (or embedded in) two reports is published once
        .filter(|a| seen.insert(a.file.as_str()))
        .map(|a| {
            let bytes = reader.bytes(&a.file)?;
            if let Err((message, _)) = crate::model::attachments::check_format(&a.file, &bytes) {
                anyhow::bail!("{message}");
            }
            Ok(OutputFile {
                path: PathBuf::from(&a.file),
                bytes,
            })
        })
        .collect()
}

/// An executor as schema.org knows it: a government body, an educational
/// organisation, or another organisation.
fn organization_item(ctx: &Ctx, org: &crate::model::Organization) -> serde_json::Value {
    let kind = match org.kind.as_str() {
        "deputy_governor" | "department" | "working_group" | "council" | "coordination_centre" => {
            "GovernmentOrganization"
        }
        "educational" => "EducationalOrganization",
        _ => "Organization",
    };
    json!({
        "@type": kind,
        "name": org.name,
        "alternateName": org.short_name,
        "url": ctx.urls.absolute(&address::executor(&org.id)),
    })
}
