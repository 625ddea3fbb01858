//! Editor features as plain engine functions: what to complete, what a
//! hover says, where a citation leads, which edits fix a diagnostic, the
//! outline of a draft. They work on byte offsets and the engine's types;
//! the language server converts positions and wraps the results in
//! protocol types.

pub mod actions;
pub mod catalog;
pub mod complete;
pub mod decorate;
pub mod document;
pub mod edits;
pub mod hover;
pub mod navigate;
pub mod outline;

use crate::claims::index::Index;
use crate::claims::matching::Passage;
use crate::corpus::Library;
use crate::entities::Entities;
use crate::resolve::{Resolution, Resolver};
use crate::syntax::Draft;

/// What editor features know of a draft's library: the library, and its
/// claims index and entity catalogue once built (a feature never builds
/// them: it answers without until a check has).
#[derive(Clone, Copy)]
pub struct Corpus<'a> {
    pub lib: &'a Library,
    pub index: Option<&'a Index>,
    pub entities: Option<&'a Entities>,
}

impl<'a> Corpus<'a> {
    /// A library alone, without index or entities.
    pub fn of(lib: &'a Library) -> Corpus<'a> {
        Corpus {
            lib,
            index: None,
            entities: None,
        }
    }
}

/// The works the citations of sentence `si` resolve to, sorted and
/// distinct: the works the checker judges its claim against.
pub fn cited_works(lib: &Library, draft: &Draft, si: usize) -> Vec<usize> {
    // Keys resolve by lookup; the resolver (whose set-up reads every
    // entry: milliseconds on a large bibliography, too slow for a hover)
    // is made only for an item that needs it.
    let resolver = std::cell::OnceCell::new();
    let mut works: Vec<usize> = draft.sentences[si]
        .citations
        .iter()
        .flat_map(|&c| &draft.citations[c].items)
        .filter_map(|i| match i.key.as_deref().and_then(|k| lib.index_of(k)) {
            Some(w) => Some(w),
            None => match resolver.get_or_init(|| Resolver::new(lib)).resolve(i) {
                Resolution::Work(w) => Some(w),
                _ => None,
            },
        })
        .collect();
    works.sort_unstable();
    works.dedup();
    works
}

/// The best passages of `work` for the claim of sentence `si`, best
/// first, exactly as the checker scores them (`claims::passages`): the
/// same claim text, the same query (the sentence's cited authors' names
/// left out), the same signals. Empty when the sentence makes no claim
/// the checker would judge.
pub fn claim_passages(
    lib: &Library,
    index: &Index,
    text: &str,
    draft: &Draft,
    si: usize,
    work: usize,
) -> Vec<Passage> {
    // Without any text there is nothing to show.
    if index.works_with_text == 0 {
        return Vec::new();
    }
    let (_, claim) = crate::claims::claim_of_sentence(text, draft, si);
    let cited: Vec<&crate::corpus::Work> = cited_works(lib, draft, si)
        .into_iter()
        .map(|w| &lib.works[w])
        .collect();
    let query = crate::claims::claim_query(index, &claim, &cited);
    if !crate::claims::makes_claim(&claim, &query) {
        return Vec::new();
    }
    crate::claims::passages(index, &query, Some(&[work]))
}

/// The sentence holding citation `ci`.
pub fn sentence_of_citation(draft: &Draft, ci: usize) -> Option<usize> {
    draft
        .sentences
        .iter()
        .position(|s| s.citations.contains(&ci))
}

/// The citation (and the item inside it, if any) at a byte offset; an
/// offset just past the end of a citation still counts as on it.
pub fn citation_at(draft: &Draft, offset: usize) -> Option<(usize, Option<usize>)> {
    let ci = draft
        .citations
        .iter()
        .position(|c| c.range.start <= offset && offset <= c.range.end)?;
    let c = &draft.citations[ci];
    let ii = c
        .items
        .iter()
        .position(|i| i.range.start <= offset && offset <= i.range.end);
    Some((ci, ii))
}

/// The draft sentence holding a byte offset.
pub fn sentence_at(draft: &Draft, offset: usize) -> Option<usize> {
    draft
        .sentences
        .iter()
        .position(|s| s.range.start <= offset && offset <= s.range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_citation_and_item_under_an_offset() {
        let text = "A claim [@a; @b]. Zhou (2008) says so.";
        let d = crate::syntax::parse(text);
        let at_b = text.find("@b").unwrap() + 1;
        assert_eq!(citation_at(&d, at_b), Some((0, Some(1))));
        let at_semi = text.find(';').unwrap() + 1;
        assert_eq!(citation_at(&d, at_semi).map(|c| c.0), Some(0));
        let zhou = text.find("Zhou").unwrap();
        assert_eq!(citation_at(&d, zhou), Some((1, Some(0))));
        assert_eq!(citation_at(&d, 2), None);
        assert_eq!(sentence_at(&d, 2), Some(0));
    }
}
