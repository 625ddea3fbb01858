//! Sentences that make no claim of their own: a pointer to the literature
//! ("See also Zhou (2008).", "For a review of the literature, see …", "This
//! is discussed at length elsewhere (…)") or a quotation standing alone
//! with its citation. Their words say where to read, not what is so: a
//! claim check on them can only go wrong.

use super::matching::Query;
use super::tokens;

/// Stems of the words that point to the literature.
fn pointer_stems() -> Vec<String> {
    tokens::words(&crate::stopwords::POINTERS.join(" "))
        .into_iter()
        .map(|w| w.stem)
        .collect()
}

/// How many of the terms of `query` (built from `claim`) are content, not
/// words pointing to the literature.
pub fn content_terms(claim: &str, query: &Query) -> usize {
    let pointers = pointer_stems();
    let mut seen: Vec<String> = tokens::words(claim)
        .into_iter()
        .map(|w| w.stem)
        .filter(|s| pointers.contains(s))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    query.terms.len().saturating_sub(seen.len())
}

/// The claim is a quotation and nothing else: its words outside quotation
/// marks are no content (list markers, punctuation, a pointer word).
pub fn only_quoted(claim: &str) -> bool {
    let mut outside = String::new();
    let mut inside = String::new();
    let mut quoted = false;
    for c in claim.chars() {
        match c {
            '"' => quoted = !quoted,
            '“' | '«' => quoted = true,
            '”' | '»' => quoted = false,
            _ if quoted => inside.push(c),
            _ => outside.push(c),
        }
    }
    let pointers = pointer_stems();
    let content = |s: &str| {
        tokens::words(s)
            .into_iter()
            .filter(|w| !pointers.contains(&w.stem))
            .count()
    };
    !quoted && content(&inside) > 0 && content(&outside) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_alone_is_no_claim() {
        assert!(only_quoted("- \"technology in exchange for the market\"  "));
        assert!(only_quoted("“Lenovo who?” "));
        assert!(!only_quoted(
            "Firms traded \"technology in exchange for the market\" "
        ));
        assert!(!only_quoted("Firms traded technology for market access "));
    }
}
