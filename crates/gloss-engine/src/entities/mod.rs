//! Firms, organisations, places, people, journals and concepts drawn from
//! the corpus itself: no lists of firms or concepts, only generic cues
//! (company suffixes, defining phrases, titles, prepositions, the
//! bibliography's authors and journals).
//!
//! `Entities::build` extracts candidates from every text (`extract`),
//! groups them by name, alias and acronym (`group`), gives each a kind,
//! applies the user's glossary, then counts mentions of every name and alias
//! in every sentence with one Aho–Corasick scan (`scan`), which also serves
//! drafts (`mentions_in`, `at`).

mod extract;
pub mod glossary;
mod scan;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::corpus::Library;
pub use glossary::{Glossary, GlossaryEntity};

/// What an entity is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Firm,
    Organisation,
    Government,
    Place,
    Person,
    Journal,
    Concept,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Firm,
        Kind::Organisation,
        Kind::Government,
        Kind::Place,
        Kind::Person,
        Kind::Journal,
        Kind::Concept,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Firm => "firm",
            Kind::Organisation => "organisation",
            Kind::Government => "government",
            Kind::Place => "place",
            Kind::Person => "person",
            Kind::Journal => "journal",
            Kind::Concept => "concept",
        }
    }

    /// "firm", "organisation" (or "organization", "org"), "government"
    /// ("gov"), "place", "person", "journal", "concept"; case-insensitive.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "firm" | "company" => Some(Kind::Firm),
            "organisation" | "organization" | "org" => Some(Kind::Organisation),
            "government" | "gov" => Some(Kind::Government),
            "place" => Some(Kind::Place),
            "person" => Some(Kind::Person),
            "journal" => Some(Kind::Journal),
            "concept" => Some(Kind::Concept),
            _ => None,
        }
    }
}

/// A sentence of a work that says what an entity is or did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntitySentence {
    pub path: PathBuf,
    /// 1-based line in `path`.
    pub line: u32,
    pub text: String,
}

/// How one work mentions an entity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkMentions {
    /// Index into `Library::works`.
    pub work: usize,
    pub key: String,
    pub mentions: u32,
    /// The best one or two sentences, best first.
    pub sentences: Vec<EntitySentence>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub name: String,
    pub kind: Kind,
    /// Other names: acronyms, long forms, alternative and Chinese names, suffixed forms.
    pub aliases: Vec<String>,
    /// Works that mention it, most mentions first.
    pub works: Vec<WorkMentions>,
    /// Entities most often named in the same sentences, most first.
    pub related: Vec<usize>,
}

impl Entity {
    pub fn mentions(&self) -> u32 {
        self.works.iter().map(|w| w.mentions).sum()
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The entity catalogue of a library.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Entities {
    /// Most mentioned first.
    pub list: Vec<Entity>,
    /// Folded name or alias → entity.
    by_name: HashMap<String, usize>,
    /// Built on first use: a catalogue read from the cache may never need it.
    #[serde(skip)]
    scanner: std::sync::OnceLock<scan::Scanner>,
}

/// Fold a name for lookup: lowercase, accents off, possessive and
/// surrounding punctuation dropped, spaces collapsed.
pub(crate) fn fold_name(s: &str) -> String {
    let f = crate::text::fold(s.trim());
    let f = f
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')' && c != '(')
        .to_string();
    let f = f
        .strip_suffix("'s")
        .or_else(|| f.strip_suffix('\''))
        .unwrap_or(&f)
        .to_string();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Entities {
    /// Whether every index the catalogue holds points where it may, for a
    /// library of `works` works (a catalogue read from the cache).
    pub(crate) fn is_consistent(&self, works: usize) -> bool {
        let n = self.list.len();
        self.by_name.values().all(|&i| i < n)
            && self
                .list
                .iter()
                .all(|e| e.related.iter().all(|&r| r < n) && e.works.iter().all(|w| w.work < works))
    }

    /// Extract the catalogue of a library, then apply the glossary.
    pub fn build(lib: &Library, glossary: &Glossary) -> Entities {
        let drafts = crate::timing::phase("entities: extract", || extract::extract(lib));
        let drafts = extract::apply_glossary(drafts, glossary);
        let mut ents = Entities::default();
        let names: Vec<(usize, String)> = drafts
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.names.iter().map(move |n| (i, n.clone())))
            .collect();
        let scanner = crate::timing::phase("entities: scanner", || scan::Scanner::new(&names));
        let counted =
            crate::timing::phase("entities: count", || extract::count(lib, &drafts, &scanner));
        // Keep entities that the texts mention (or the user named), most mentioned first.
        let mut order: Vec<usize> = (0..drafts.len())
            .filter(|&i| counted.works[i].iter().any(|w| w.mentions > 0) || drafts[i].from_glossary)
            .collect();
        let total = |i: usize| counted.works[i].iter().map(|w| w.mentions).sum::<u32>();
        order.sort_by(|&a, &b| {
            total(b)
                .cmp(&total(a))
                .then_with(|| drafts[a].names[0].cmp(&drafts[b].names[0]))
        });
        let new_index: HashMap<usize, usize> =
            order.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        for &o in &order {
            let d = &drafts[o];
            let related = counted.related[o]
                .iter()
                .filter_map(|r| new_index.get(r).copied())
                .take(5)
                .collect();
            ents.list.push(Entity {
                name: d.names[0].clone(),
                kind: d.kind,
                aliases: d.names[1..].to_vec(),
                works: counted.works[o].clone(),
                related,
            });
        }
        crate::timing::phase("entities: index", || ents.index());
        ents
    }

    /// Index a catalogue built by hand (tests).
    #[cfg(test)]
    pub(crate) fn reindex(&mut self) {
        self.index();
    }

    fn index(&mut self) {
        self.by_name.clear();
        for (i, e) in self.list.iter().enumerate() {
            for n in e.names() {
                self.by_name.entry(fold_name(n)).or_insert(i);
            }
        }
        self.scanner = std::sync::OnceLock::new();
    }

    /// Build the mention scanner now rather than on first use (a server
    /// does this while loading, so no request waits for it).
    pub fn prepare(&self) {
        self.scanner();
    }

    fn scanner(&self) -> &scan::Scanner {
        self.scanner.get_or_init(|| {
            let names: Vec<(usize, String)> = self
                .list
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.names().map(move |n| (i, n.to_string())))
                .collect();
            scan::Scanner::new(&names)
        })
    }

    /// The entity named (name or alias, case-insensitive, possessive/plural folded).
    pub fn find(&self, name: &str) -> Option<usize> {
        let f = fold_name(name);
        if f.is_empty() {
            return None;
        }
        if let Some(&i) = self.by_name.get(&f) {
            return Some(i);
        }
        for cut in ["es", "s"] {
            if let Some(s) = f.strip_suffix(cut) {
                if let Some(&i) = self.by_name.get(s) {
                    return Some(i);
                }
            }
        }
        let core = extract::strip_company_suffix(&f);
        if core != f {
            if let Some(&i) = self.by_name.get(&core) {
                return Some(i);
            }
        }
        None
    }

    /// Names close to `name` (for "did you mean"): up to five, closest first.
    pub fn close_names(&self, name: &str) -> Vec<String> {
        let f = fold_name(name);
        let mut scored: Vec<(f64, &str)> = self
            .list
            .iter()
            .flat_map(|e| e.names())
            .map(|n| (strsim::jaro_winkler(&f, &fold_name(n)), n))
            .filter(|(s, _)| *s > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, n) in scored {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }

    /// Entity mentions in a draft's text (for hover and for claims): (entity index, byte range), in order.
    pub fn mentions_in(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        self.scanner().scan(text)
    }

    /// The mention under a byte offset of a draft text.
    pub fn at(&self, text: &str, offset: usize) -> Option<(usize, Range<usize>)> {
        // Scan only the line around the offset: a mention never spans lines
        // in a way that matters for hover, and drafts can be long.
        let offset = offset.min(text.len());
        let start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
        self.scanner()
            .scan(&text[start..end])
            .into_iter()
            .map(|(i, r)| (i, r.start + start..r.end + start))
            .find(|(_, r)| r.start <= offset && offset <= r.end)
    }

    /// Markdown summary for hover and `gloss explain`: what it is in one
    /// line, then per work the best one or two sentences with the citation
    /// ("Zhou (2008), line 41"), and in how many works it is mentioned.
    pub fn summary_markdown(&self, i: usize, lib: &Library) -> String {
        let Some(e) = self.list.get(i) else {
            return String::new();
        };
        let mut s = format!("**{}** — {}", e.name, e.kind.as_str());
        if !e.aliases.is_empty() {
            s.push_str(&format!(" (also {})", e.aliases.join(", ")));
        }
        s.push_str("\n\n");
        let with_text = lib.works.iter().filter(|w| w.doc.is_some()).count();
        let n = e.works.len();
        s.push_str(&format!(
            "Mentioned {} time{} in {} of {} work{}.\n",
            e.mentions(),
            if e.mentions() == 1 { "" } else { "s" },
            n,
            with_text,
            if with_text == 1 { "" } else { "s" }
        ));
        for wm in &e.works {
            let cite = lib
                .works
                .get(wm.work)
                .map_or_else(|| wm.key.clone(), |w| w.short_cite());
            for (k, st) in wm.sentences.iter().enumerate() {
                if k == 0 {
                    s.push_str(&format!(
                        "\n- {cite}, line {} ({} mention{}): {}\n",
                        st.line,
                        wm.mentions,
                        if wm.mentions == 1 { "" } else { "s" },
                        st.text
                    ));
                } else {
                    s.push_str(&format!("  - line {}: {}\n", st.line, st.text));
                }
            }
            if wm.sentences.is_empty() {
                s.push_str(&format!("\n- {cite} ({} mentions)\n", wm.mentions));
            }
        }
        if !e.related.is_empty() {
            let rel: Vec<&str> = e
                .related
                .iter()
                .filter_map(|&r| self.list.get(r).map(|x| x.name.as_str()))
                .collect();
            s.push_str(&format!("\nRelated: {}\n", rel.join(", ")));
        }
        s
    }
}
