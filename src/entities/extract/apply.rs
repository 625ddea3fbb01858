//! Applying the user's glossary to the candidates: added entities, aliases
//! that merge, renames and hidden names.

use std::collections::HashSet;

use super::super::glossary::Glossary;
use super::super::{fold_name, Kind};
use super::Draft;

pub(crate) fn apply_glossary(mut drafts: Vec<Draft>, g: &Glossary) -> Vec<Draft> {
    let find = |drafts: &[Draft], name: &str| -> Option<usize> {
        let f = fold_name(name);
        drafts
            .iter()
            .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    };
    // Entities: create or extend; every alias that names another entity merges it in.
    for ge in &g.entities {
        let at =
            find(&drafts, &ge.name).or_else(|| ge.aliases.iter().find_map(|a| find(&drafts, a)));
        let i = match at {
            Some(i) => i,
            None => {
                drafts.push(Draft {
                    names: vec![ge.name.clone()],
                    kind: ge.kind.unwrap_or(Kind::Concept),
                    from_glossary: true,
                });
                drafts.len() - 1
            }
        };
        // The glossary's name becomes the display name.
        let f = fold_name(&ge.name);
        drafts[i].names.retain(|n| fold_name(n) != f);
        drafts[i].names.insert(0, ge.name.clone());
        drafts[i].from_glossary = true;
        if let Some(k) = ge.kind {
            drafts[i].kind = k;
        }
        for a in &ge.aliases {
            merge_into(&mut drafts, i, a);
        }
    }
    for (from, into) in &g.merge {
        if let Some(t) = find(&drafts, into) {
            merge_into(&mut drafts, t, from);
        }
    }
    for (old, new) in &g.rename {
        if let Some(i) = find(&drafts, old) {
            let f = fold_name(new);
            drafts[i].names.retain(|n| fold_name(n) != f);
            drafts[i].names.insert(0, new.clone());
        }
    }
    let hidden: HashSet<String> = g.hide.iter().map(|h| fold_name(h)).collect();
    drafts.retain(|d| !d.names.iter().any(|n| hidden.contains(&fold_name(n))));
    drafts.retain(|d| !d.names.is_empty());
    drafts
}

/// Add `name` to entity `into`; if another entity has that name, fold it in.
fn merge_into(drafts: &mut [Draft], into: usize, name: &str) {
    let f = fold_name(name);
    if let Some(j) = drafts
        .iter()
        .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    {
        if j == into {
            return;
        }
        let other = drafts[j].names.clone();
        for n in other {
            if !drafts[into]
                .names
                .iter()
                .any(|m| fold_name(m) == fold_name(&n))
            {
                drafts[into].names.push(n);
            }
        }
        drafts[j].names.clear();
    } else {
        drafts[into].names.push(name.to_string());
    }
}
