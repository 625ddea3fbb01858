//! Applying the user's glossary to the candidates: added entities, aliases
//! that merge, renames and hidden names.

use std::collections::HashSet;

use super::super::glossary::Glossary;
use super::super::{fold_name, Kind};
use super::Candidate;

pub(crate) fn apply_glossary(mut candidates: Vec<Candidate>, g: &Glossary) -> Vec<Candidate> {
    let find = |candidates: &[Candidate], name: &str| -> Option<usize> {
        let f = fold_name(name);
        candidates
            .iter()
            .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    };
    // Entities: create or extend; every alias that names another entity merges it in.
    for ge in &g.entities {
        let at = find(&candidates, &ge.name)
            .or_else(|| ge.aliases.iter().find_map(|a| find(&candidates, a)));
        let i = match at {
            Some(i) => i,
            None => {
                candidates.push(Candidate {
                    names: vec![ge.name.clone()],
                    kind: ge.kind.unwrap_or(Kind::Concept),
                    from_glossary: true,
                });
                candidates.len() - 1
            }
        };
        // The glossary's name becomes the display name.
        let f = fold_name(&ge.name);
        candidates[i].names.retain(|n| fold_name(n) != f);
        candidates[i].names.insert(0, ge.name.clone());
        candidates[i].from_glossary = true;
        if let Some(k) = ge.kind {
            candidates[i].kind = k;
        }
        for a in &ge.aliases {
            merge_into(&mut candidates, i, a);
        }
    }
    for (from, into) in &g.merge {
        if let Some(t) = find(&candidates, into) {
            merge_into(&mut candidates, t, from);
        }
    }
    for (old, new) in &g.rename {
        if let Some(i) = find(&candidates, old) {
            let f = fold_name(new);
            candidates[i].names.retain(|n| fold_name(n) != f);
            candidates[i].names.insert(0, new.clone());
        }
    }
    let hidden: HashSet<String> = g.hide.iter().map(|h| fold_name(h)).collect();
    candidates.retain(|d| !d.names.iter().any(|n| hidden.contains(&fold_name(n))));
    candidates.retain(|d| !d.names.is_empty());
    candidates
}

/// Add `name` to entity `into`; if another entity has that name, fold it in.
fn merge_into(candidates: &mut [Candidate], into: usize, name: &str) {
    let f = fold_name(name);
    if let Some(j) = candidates
        .iter()
        .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    {
        if j == into {
            return;
        }
        let other = candidates[j].names.clone();
        for n in other {
            if !candidates[into]
                .names
                .iter()
                .any(|m| fold_name(m) == fold_name(&n))
            {
                candidates[into].names.push(n);
            }
        }
        candidates[j].names.clear();
    } else {
        candidates[into].names.push(name.to_string());
    }
}
