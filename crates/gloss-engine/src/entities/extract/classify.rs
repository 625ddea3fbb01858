//! Giving a merged group of names a kind from generic cues only, or
//! rejecting it as no name.

use super::super::scan::is_cjk;
use super::super::{fold_name, Kind};
use super::candidates::{Builder, NameEvidence};
use super::lexicon::*;
use super::tokens::is_acronym;

pub(super) fn has_company_suffix_any(ev: &NameEvidence) -> bool {
    ev.forms.keys().any(|f| has_company_suffix(f))
}

/// Only ever capitalised because it opens a sentence, or mostly an
/// adjective ("Chinese firms", "German CNC"): not a name.
pub(super) fn is_rejected(ev: &NameEvidence) -> bool {
    let single = ev.forms.keys().all(|f| f.split_whitespace().count() == 1);
    let cjk = ev.forms.keys().any(|f| f.chars().any(is_cjk));
    if !single || ev.defined || cjk || ev.concept && ev.occurrences == 0 {
        return false;
    }
    let n = ev.occurrences.max(1) as f32;
    (ev.mid == 0 && !ev.acronym) || (ev.attributive as f32 >= 0.4 * n && ev.firm < 0.3 * n)
}

pub(super) fn classify(b: &Builder, ev: &NameEvidence) -> Option<Kind> {
    let forms: Vec<&String> = ev.forms.keys().collect();
    if forms.is_empty() {
        return None;
    }
    if forms.iter().any(|f| b.journals.contains(&fold_name(f))) {
        return Some(Kind::Journal);
    }
    let capital = forms
        .iter()
        .any(|f| f.starts_with(char::is_uppercase) || f.chars().any(is_cjk));
    if !capital || (ev.concept && ev.occurrences == 0) {
        return if ev.concept || ev.lower_long {
            Some(Kind::Concept)
        } else {
            None
        };
    }
    if ev.acronym && ev.lower_long {
        return Some(Kind::Concept);
    }
    if forms
        .iter()
        .any(|f| any_word_in(f, GOVERNMENT) && !has_company_suffix(f))
    {
        return Some(Kind::Government);
    }
    if forms.iter().any(|f| has_company_suffix(f)) {
        return Some(Kind::Firm);
    }
    if forms.iter().any(|f| any_word_in(f, ORGANISATION)) {
        return Some(Kind::Organisation);
    }
    if forms.iter().any(|f| last_word_in(f, PLACE_WORDS)) {
        return Some(Kind::Place);
    }
    let family = forms.iter().any(|f| {
        let ws: Vec<String> = fold_name(f)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        ws.len() <= 3 && ws.iter().any(|w| b.families.contains(w)) && !is_acronym(f)
    });
    let person = ev.person + if family { 1.5 } else { 0.0 };
    let n = ev.occurrences.max(1) as f32;
    if is_rejected(ev) {
        return if ev.place >= 2.0 && ev.mid > 0 {
            Some(Kind::Place)
        } else {
            None
        };
    }
    if person >= 1.0 && person >= ev.firm && person >= ev.place {
        return Some(Kind::Person);
    }
    if ev.place >= 1.0 && ev.place >= ev.firm * 1.5 && ev.place / n >= 0.2 {
        return Some(Kind::Place);
    }
    if ev.firm >= 1.0 {
        return Some(Kind::Firm);
    }
    if ev.place >= 1.0 {
        return Some(Kind::Place);
    }
    if ev.concept {
        return Some(Kind::Concept);
    }
    None
}
