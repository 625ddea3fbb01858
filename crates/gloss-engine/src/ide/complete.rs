//! Citation completion, engine side: whether the text before the cursor
//! asks for a citation (a Pandoc key after `@`, or an author-year reference
//! being typed), which works match what was typed, best first, and the text
//! that replaces it. Which works match, and in what order, is the
//! [`Catalog`]'s business (`ide::catalog`, re-exported here).

use std::ops::Range;

pub use super::catalog::{label, within_one_edit, AuthorQuery, Catalog};
use crate::corpus::{Library, Work};
use crate::text::fold;

/// At most this many items come back; more means the list is incomplete.
pub const LIMIT: usize = 50;

/// What the text before the cursor asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Context {
    /// A Pandoc key after `@` (or `@{`): `typed` is the key so far.
    Key {
        typed: String,
        /// Where the key goes (after `@` / `@{`), up to the end of the word under the cursor.
        range: Range<usize>,
        /// Written `@{…`: the key is braced.
        braced: bool,
    },
    /// An author-year reference.
    AuthorYear {
        query: AuthorQuery,
        range: Range<usize>,
        /// Narrative (`Zhou (2008)`) rather than parenthetical (`Zhou, 2008`).
        narrative: bool,
    },
}

use crate::syntax::keys::{may_be_in_key as is_key_char, written_key};

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c == '-' || c == '\'' || c == '’'
}

/// Where a word being typed continues after the cursor.
fn word_end(text: &str, offset: usize, ok: impl Fn(char) -> bool) -> usize {
    offset
        + text[offset..]
            .char_indices()
            .find(|&(_, c)| !ok(c))
            .map_or(text.len() - offset, |(i, _)| i)
}

/// What completion the cursor at byte `offset` of `text` asks for, if any.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    key_context(text, before, offset)
        .or_else(|| narrative_year(text, line_start, before, offset))
        .or_else(|| parenthetical(text, line_start, before, offset))
        .or_else(|| prose_name(text, line_start, before, offset))
}

fn key_context(text: &str, before: &str, offset: usize) -> Option<Context> {
    let rest = before.trim_end_matches(is_key_char);
    let (rest, braced) = match rest.strip_suffix('{') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let rest = rest.strip_suffix('@')?;
    // `name@example.org` is an e-mail address, not a citation.
    if rest
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let key_start = offset - (before.len() - before.trim_end_matches(is_key_char).len());
    let typed = text[key_start..offset]
        .trim_end_matches(|c: char| !crate::syntax::keys::is_key_char(c))
        .to_string();
    let end = word_end(text, offset, crate::syntax::keys::is_key_char);
    Some(Context::Key {
        typed,
        range: key_start..end,
        braced,
    })
}

/// The author phrase ending `s`: "Zhou", "Zhang and Kawabata", "Herrigel et al."
/// → (start within `s`, first, second, et al.).
fn trailing_names(s: &str) -> Option<(usize, String, Option<String>, bool)> {
    let (body, et_al) = match s
        .strip_suffix(" et al.")
        .or_else(|| s.strip_suffix(" et al"))
    {
        Some(b) => (b, true),
        None => (s, false),
    };
    let last_start = body.trim_end_matches(is_name_char).len();
    let last = &body[last_start..];
    if !last.chars().next()?.is_uppercase() {
        return None;
    }
    let head = &body[..last_start];
    for sep in [" and ", " & "] {
        if let Some(h) = head.strip_suffix(sep) {
            let fs = h.trim_end_matches(is_name_char).len();
            let first = &h[fs..];
            if first.chars().next().is_some_and(char::is_uppercase) {
                return Some((fs, fold(first), Some(fold(last)), et_al));
            }
        }
    }
    Some((last_start, fold(last), None, et_al))
}

/// `Zhou (20`, `Herrigel et al. (`: the year of a narrative citation.
fn narrative_year(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let open = before.rfind('(')?;
    let year = &before[open + 1..];
    if !year.chars().all(|c| c.is_ascii_digit()) || year.len() > 4 {
        return None;
    }
    let names = before[..open].strip_suffix(' ')?;
    let (start, first, second, et_al) = trailing_names(names)?;
    let mut end = word_end(text, offset, |c| c.is_ascii_alphanumeric());
    if text[end..].starts_with(')') {
        end += 1;
    }
    Some(Context::AuthorYear {
        query: AuthorQuery {
            first,
            first_complete: true,
            second,
            et_al,
            year: Some(year.to_string()),
            first_only: false,
        },
        range: line_start + start..end,
        narrative: true,
    })
}

/// `(Zh`, `(Herrigel et`, `(Zhang and Ka`, `(Zhou, 20`, `(Zhou, 2008; Er`.
fn parenthetical(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let open = before.rfind('(')?;
    let inside = &before[open + 1..];
    if inside.contains(')') || inside.chars().count() > 80 {
        return None;
    }
    let mut seg_start = open + 1 + inside.rfind(';').map_or(0, |i| i + 1);
    // Skip spaces and lowercase lead-ins (`see`, `e.g.,`, `cf.`).
    loop {
        let seg = &before[seg_start..];
        let trimmed = seg.trim_start();
        seg_start += seg.len() - trimmed.len();
        match trimmed.chars().next() {
            Some(c) if c.is_lowercase() => {
                let w = trimmed.find(' ')?;
                seg_start += w;
            }
            _ => break,
        }
    }
    let seg = &before[seg_start..];
    let name_len = seg.len() - seg.trim_start_matches(is_name_char).len();
    let name = &seg[..name_len];
    if !name.chars().next()?.is_uppercase() {
        return None;
    }
    let mut rest = &seg[name_len..];
    let mut q = AuthorQuery {
        first: fold(name),
        first_complete: !rest.is_empty(),
        ..Default::default()
    };
    if let Some(r) = rest.strip_prefix(" et") {
        q.et_al = true;
        rest = r;
        if let Some(r) = rest.strip_prefix(" al") {
            rest = r.strip_prefix('.').unwrap_or(r);
        }
    } else if let Some(r) = rest
        .strip_prefix(" and ")
        .or_else(|| rest.strip_prefix(" & "))
    {
        let n = r.len() - r.trim_start_matches(is_name_char).len();
        q.second = Some(fold(&r[..n]));
        rest = &r[n..];
    }
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let rest = rest.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &rest[digits..];
    let after = after
        .strip_prefix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(after);
    if !after.is_empty() {
        return None;
    }
    if digits > 0 {
        q.year = Some(rest.to_string());
    }
    let end = word_end(text, offset, |c| c.is_alphanumeric());
    Some(Context::AuthorYear {
        query: q,
        range: line_start + seg_start..end,
        narrative: false,
    })
}

/// A capitalised word being typed in prose that starts an author's name.
fn prose_name(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let start = before.trim_end_matches(is_name_char).len();
    let word = &before[start..];
    if word.chars().count() < 2 || !word.chars().next()?.is_uppercase() {
        return None;
    }
    if before[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_')
    {
        return None;
    }
    let end = word_end(text, offset, is_name_char);
    Some(Context::AuthorYear {
        query: AuthorQuery {
            first: fold(word),
            first_only: true,
            ..Default::default()
        },
        range: line_start + start..end,
        narrative: true,
    })
}

/// One completion: a work and the text that replaces what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub work: usize,
    /// "Zhou (2008) — Synchronizing Export…"
    pub label: String,
    pub new_text: String,
    /// Text clients filter on: the new text, key, authors, year and title.
    pub filter: String,
}

/// Completions at a cursor: what they replace, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub range: Range<usize>,
    pub items: Vec<Item>,
    /// More works matched than are listed.
    pub incomplete: bool,
}

/// A key as it must be written after `@` (`braced`: after `@{`, which is
/// closed), by the reader's own rule.
fn key_text(key: &str, braced: bool) -> String {
    if braced {
        format!("{key}}}")
    } else {
        written_key(key)
    }
}

/// "Zhou, 2008" or "Zhou (2008)".
pub fn author_year_text(work: &Work, narrative: bool) -> String {
    if narrative {
        work.short_cite()
    } else {
        format!("{}, {}", work.author_label(), work.year_label())
    }
}

/// Completions for the cursor at byte `offset`, or None when the text
/// there asks for no citation or nothing matches.
pub fn complete(cat: &Catalog, lib: &Library, text: &str, offset: usize) -> Option<Completion> {
    // Not in the front matter. Found from the text alone: completion
    // right after an edit must not wait for the draft to be parsed.
    if cat.is_empty() || offset < crate::project::front_matter_block(text).len() {
        return None;
    }
    match context(text, offset)? {
        Context::Key {
            typed,
            range,
            braced,
        } => {
            // A closing brace already there is kept.
            let braced_closed = braced && text[range.end..].starts_with('}');
            let (hits, incomplete) = cat.search(&typed, LIMIT);
            if hits.is_empty() {
                return None;
            }
            let items = hits
                .into_iter()
                .map(|i| {
                    let w = &lib.works[i];
                    let mut new_text = key_text(&w.key, braced);
                    if braced_closed {
                        new_text.pop();
                    }
                    Item {
                        work: i,
                        label: cat.label(i).to_string(),
                        filter: cat.filter_text(i).to_string(),
                        new_text,
                    }
                })
                .collect();
            Some(Completion {
                range,
                items,
                incomplete,
            })
        }
        Context::AuthorYear {
            query,
            range,
            narrative,
        } => {
            let (hits, incomplete) = cat.search_authors(&query, LIMIT);
            if hits.is_empty() {
                return None;
            }
            let items = hits
                .into_iter()
                .map(|i| {
                    let w = &lib.works[i];
                    let new_text = author_year_text(w, narrative);
                    Item {
                        work: i,
                        label: cat.label(i).to_string(),
                        filter: format!("{new_text} {}", cat.filter_text(i)),
                        new_text,
                    }
                })
                .collect();
            Some(Completion {
                range,
                items,
                incomplete,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::catalog::tests::{lib, work};

    #[test]
    fn detects_pandoc_keys() {
        let t = "See [@zh";
        assert_eq!(
            context(t, t.len()),
            Some(Context::Key {
                typed: "zh".into(),
                range: 6..8,
                braced: false
            })
        );
        let t = "A [@a; -@her] b";
        let at = t.find("her").unwrap() + 3;
        match context(t, at) {
            Some(Context::Key { typed, range, .. }) => {
                assert_eq!(typed, "her");
                assert_eq!(&t[range], "her");
            }
            c => panic!("{c:?}"),
        }
        // Mid-word: the range runs to the end of the key.
        let t = "[@zhou2008]";
        let at = t.find("ou").unwrap();
        match context(t, at) {
            Some(Context::Key { typed, range, .. }) => {
                assert_eq!(typed, "zh");
                assert_eq!(&t[range], "zhou2008");
            }
            c => panic!("{c:?}"),
        }
        // Bare `@` at a line start, and braced keys.
        assert!(matches!(context("@", 1), Some(Context::Key { .. })));
        assert!(matches!(
            context("[@{zh", 5),
            Some(Context::Key { braced: true, .. })
        ));
        // E-mail addresses are not citations.
        assert_eq!(context("mail me@ex", 10), None);
    }

    fn ay(t: &str) -> (AuthorQuery, String, bool) {
        match context(t, t.len()) {
            Some(Context::AuthorYear {
                query,
                range,
                narrative,
            }) => (query, t[range].to_string(), narrative),
            c => panic!("{t:?}: {c:?}"),
        }
    }

    #[test]
    fn detects_author_year_being_typed() {
        let (q, typed, narrative) = ay("as shown (Zh");
        assert_eq!(
            (q.first.as_str(), q.first_complete, narrative),
            ("zh", false, false)
        );
        assert_eq!(typed, "Zh");
        let (q, typed, _) = ay("as shown (Herrigel et");
        assert!(q.et_al && q.first_complete);
        assert_eq!(typed, "Herrigel et");
        let (q, _, _) = ay("(Zhang and Ka");
        assert_eq!(q.second.as_deref(), Some("ka"));
        let (q, typed, _) = ay("(Zhou, 2008; see Er");
        assert_eq!((q.first.as_str(), typed.as_str()), ("er", "Er"));
        let (q, _, _) = ay("(Zhou, 20");
        assert_eq!(q.year.as_deref(), Some("20"));
        let (q, typed, narrative) = ay("As Zhou (20");
        assert_eq!((q.year.as_deref(), narrative), (Some("20"), true));
        assert_eq!(typed, "Zhou (20");
        let (q, typed, _) = ay("As Herrigel et al. (");
        assert!(q.et_al);
        assert_eq!(typed, "Herrigel et al. (");
        let (q, typed, _) = ay("As Zhang and Kawabata (2");
        assert_eq!(
            (q.first.as_str(), q.second.as_deref()),
            ("zhang", Some("kawabata"))
        );
        assert_eq!(typed, "Zhang and Kawabata (2");
        let (q, typed, narrative) = ay("as argued by Zho");
        assert!(q.first_only && narrative);
        assert_eq!(typed, "Zho");
        // Ordinary prose: lowercase words and closed parentheses ask for nothing.
        assert_eq!(context("the cat sat", 11), None);
        assert_eq!(context("(founded in 19", 14), None);
        assert_eq!(context("(Zhou, 2008) and", 16), None);
    }

    #[test]
    fn completes_with_what_the_syntax_needs() {
        let lib = lib();
        let cat = Catalog::new(&lib);
        let t = "Shown [@zh";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(&t[c.range.clone()], "zh");
        assert!(c
            .items
            .iter()
            .any(|i| i.new_text == "zhou2008synchronizing"));
        let z = c
            .items
            .iter()
            .find(|i| i.new_text == "zhou2008synchronizing")
            .unwrap();
        assert!(
            z.label.starts_with("Zhou (2008) — Synchronizing Export"),
            "{}",
            z.label
        );
        assert!(z.label.ends_with('…'));
        assert!(z.filter.contains("Zhou") && z.filter.contains("2008"));

        let t = "Shown (Herrigel et";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Herrigel et al., 2013");
        assert_eq!(&t[c.range.clone()], "Herrigel et");
        let t = "Shown (Zhang";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Zhang and Kawabata, 2013");
        let t = "As Chen (2020";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        let texts: Vec<&str> = c.items.iter().map(|i| i.new_text.as_str()).collect();
        assert_eq!(texts, ["Chen (2020a)", "Chen (2020b)"]);
        // A closing parenthesis already there is replaced, not doubled.
        let t = "As Zhou (20) said";
        let at = t.find("20").unwrap() + 2;
        let c = complete(&cat, &lib, t, at).unwrap();
        assert_eq!(&t[c.range.clone()], "Zhou (20)");
        assert_eq!(c.items[0].new_text, "Zhou (2008)");
        // Prose: only when a first author starts so.
        let t = "as argued by Zho";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Zhou (2008)");
        assert!(complete(&cat, &lib, "The Theory", 10).is_none());
        assert!(complete(&cat, &lib, "by Wittke", 9).is_none());
        assert!(complete(&cat, &lib, "(Wittke", 7).is_some());
    }

    #[test]
    fn nothing_is_completed_inside_the_front_matter() {
        let mut lib = Library::default();
        lib.works = vec![work("zhou2008", &["Zhou"], 2008, "Synchronizing")];
        let cat = Catalog::new(&lib);
        let t = "---\nnocite: [@zh\n---\nSee [@zh";
        assert!(complete(&cat, &lib, t, t.find("[@zh").unwrap() + 4).is_none());
        assert!(complete(&cat, &lib, t, t.len()).is_some());
    }

    #[test]
    fn a_key_the_reader_cannot_read_bare_is_inserted_in_braces() {
        let mut lib = Library::default();
        lib.works = vec![work("a::b", &["Ng"], 2001, "Colons")];
        let cat = Catalog::new(&lib);
        let t = "See [@a";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "{a::b}");
    }

    proptest::proptest! {
        /// Every key completion inserts is read back as the same key, bare
        /// or braced, in brackets or in the text.
        #[test]
        fn inserted_keys_read_back_whole(
            key in "[a-zA-Z0-9_][a-zA-Z0-9_:.#$%&+?<>~/ü-]{0,11}",
            form in 0usize..3,
        ) {
            let mut lib = Library::default();
            lib.works = vec![work(&key, &["Ng"], 2001, "A Title")];
            let cat = Catalog::new(&lib);
            let (before, after) = match form {
                0 => ("See [@", "]."),
                1 => ("See [@{", "]."),
                _ => ("As @", " says."),
            };
            let typed = &key[..key.chars().next().unwrap().len_utf8()];
            let t = format!("{before}{typed}");
            let c = complete(&cat, &lib, &t, t.len());
            proptest::prop_assert!(c.is_some(), "no completion for {:?}", t);
            let c = c.unwrap();
            let mut out = t.clone();
            out.replace_range(c.range.clone(), &c.items[0].new_text);
            out.push_str(after);
            let draft = crate::syntax::parse(&out);
            let keys: Vec<&str> = draft
                .citations
                .iter()
                .flat_map(|c| &c.items)
                .filter_map(|i| i.key.as_deref())
                .collect();
            proptest::prop_assert_eq!(keys, vec![key.as_str()], "from {:?}", out);
        }
    }
}

#[cfg(test)]
mod bench {
    use super::*;

    /// `GLOSS_BENCH_BIB=/tmp/gloss-lsp-bench/md/refs.bib cargo test --release --lib
    /// ide::complete::bench -- --ignored --nocapture`: per-request search time.
    #[test]
    #[ignore]
    fn search_time_on_a_large_bibliography() {
        let Ok(bib) = std::env::var("GLOSS_BENCH_BIB") else {
            return;
        };
        let lib = Library::load(None, &[std::path::PathBuf::from(bib)]);
        let t = std::time::Instant::now();
        let cat = Catalog::new(&lib);
        eprintln!("{} works, catalog {:?}", cat.len(), t.elapsed());
        for q in ["smi", "zh", "zhou2008", "qzx", "smiht", "machine tools", ""] {
            let mut times: Vec<f64> = (0..50)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let r = cat.search(q, LIMIT);
                    std::hint::black_box(r);
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let (hits, capped) = cat.search(q, LIMIT);
            eprintln!(
                "{q:>14}: p50 {:.3} ms p95 {:.3} ms, {} hits{}, first {:?}",
                times[25],
                times[47],
                hits.len(),
                if capped { " (capped)" } else { "" },
                hits.first().map(|&i| &lib.works[i].key)
            );
        }
        let text = "As shown (Smi";
        let t = std::time::Instant::now();
        let c = complete(&cat, &lib, text, text.len());
        eprintln!(
            "author-year: {:?}, {} items",
            t.elapsed(),
            c.map_or(0, |c| c.items.len())
        );
    }
}
