//! The organisations' registry (`content/organizations.toml`). Takes the
//! loaded registry entries; [`check`] gives the set of known ids (each must
//! be unique and of a known kind), and [`list`] gives the [`Organization`]s
//! in display order (by kind, then name), each with the measures it answers
//! for.

use super::{Organization, Section, ORGANIZATION_KINDS};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Content, OrganizationMeta};
use std::collections::BTreeSet;

/// Checks the registry and returns the set of known organisation ids.
pub fn check(content: &Content, diags: &mut Diagnostics) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let line_of = |needle: &str| {
        content
            .organizations_text
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
    };
    let err = |id: &str, message: String, hint: &str| {
        let d = Diagnostic::error(&content.organizations_path, message, hint);
        match line_of(&format!("\"{id}\"")) {
            Some(line) => d.at(line, 1),
            None => d,
        }
    };
    for o in &content.organizations {
        if !ids.insert(o.id.clone()) {
            diags.push(err(
                &o.id,
                format!("организация «{}» указана в реестре дважды", o.id),
                "каждая организация — один раз; удалите повтор",
            ));
        }
        if !ORGANIZATION_KINDS.iter().any(|(k, _)| *k == o.kind) {
            let known: Vec<&str> = ORGANIZATION_KINDS.iter().map(|(k, _)| *k).collect();
            diags.push(err(
                &o.id,
                format!("неизвестный вид организации «{}» у «{}»", o.kind, o.id),
                &format!("допустимые значения kind: {}", known.join(", ")),
            ));
        }
    }
    ids
}

/// The organisations in display order, with their measures in roadmap order.
pub fn list(registry: &[OrganizationMeta], sections: &[Section]) -> Vec<Organization> {
    let mut organizations: Vec<Organization> = registry
        .iter()
        .map(|o| Organization {
            id: o.id.clone(),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            kind: o.kind.clone(),
            kind_label: ORGANIZATION_KINDS
                .iter()
                .find(|(k, _)| *k == o.kind)
                .map(|(_, l)| l.to_string())
                .unwrap_or_default(),
            measures: sections
                .iter()
                .flat_map(|s| &s.measures)
                .filter(|m| m.responsible.contains(&o.id))
                .map(|m| m.id.clone())
                .collect(),
        })
        .collect();
    organizations.sort_by_key(|o| {
        let kind_rank = ORGANIZATION_KINDS.iter().position(|(k, _)| *k == o.kind);
        (kind_rank, o.name.clone())
    });
    organizations
}
