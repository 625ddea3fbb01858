//! Text edits that fix citations, as plain byte-offset replacements in the
//! draft (or a bibliography file): replace one citation item keeping its
//! style, add a citation to a sentence, silence a diagnostic with a
//! `gloss-ignore` comment, rename a key in a draft and in its bibliography.
//!
//! Every edit is checked in the tests by applying it and reading the result
//! back with the engine (`syntax::parse`, `resolve`).

use std::ops::Range;

use crate::corpus::Work;
use crate::syntax::{Citation, CiteItem, Draft, Syntax};

/// Replace `range` of the text with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl Edit {
    pub fn new(range: Range<usize>, new_text: impl Into<String>) -> Edit {
        Edit {
            range,
            new_text: new_text.into(),
        }
    }
}

/// Apply edits that do not overlap (in any order) to a text.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in sorted {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

/// Whether `key` can be written as a bare Pandoc key (`@key`) and reads
/// back as exactly that key (the reader's rule, `syntax::keys`).
pub use crate::syntax::keys::is_bare_key as is_valid_key;

/// The byte range of a Pandoc item's key in the text, without `-`, `@` and
/// braces.
pub fn key_range(text: &str, item: &CiteItem) -> Option<Range<usize>> {
    let key = item.key.as_ref()?;
    let written = text.get(item.range.clone())?;
    let at = written.find('@')?;
    let mut start = item.range.start + at + 1;
    if text[start..].starts_with('{') {
        start += 1;
    }
    let end = start + key.len();
    (text.get(start..end) == Some(key.as_str())).then_some(start..end)
}

/// `@key` for a new key, in braces when it cannot be written bare.
fn key_text(key: &str, braced: bool) -> String {
    if braced {
        format!("{{{key}}}")
    } else {
        crate::syntax::keys::written_key(key)
    }
}

/// How the writer separates the two names of a two-author work: `&` in
/// `(Marchetti & Osei, 2020)`, else `and`.
fn author_text(work: &Work, written: &str) -> String {
    let label = work.author_label();
    if written.contains('&') && work.authors.len() == 2 {
        label.replacen(" and ", " & ", 1)
    } else {
        label
    }
}

/// The edits that make one item cite `work` instead, in the item's own
/// style: `@old` → `@new`; `(Zhou, 2008)` → `(Ernst, 2007)`; `Zhou (2008)`
/// → `Ernst (2007)`. Only the names and the year change, so prefixes,
/// locators and the other items stay as written. None when the item cannot
/// be rewritten in place (a bare year in `Chen (2020a, 2020b)` whose new
/// work has other authors).
pub fn replace_item(
    text: &str,
    citation: &Citation,
    item: &CiteItem,
    work: &Work,
) -> Option<Vec<Edit>> {
    if item.key.is_some() {
        let r = key_range(text, item)?;
        let braced = text[..r.start].ends_with('{');
        let new = if braced {
            work.key.clone()
        } else {
            key_text(&work.key, false)
        };
        return Some(vec![Edit::new(r, new)]);
    }
    let ay = item.author_year.as_ref()?;
    if citation.syntax != Syntax::AuthorYear {
        return None;
    }
    let written = text.get(item.range.clone())?;
    let year = match ay.year {
        Some(y) => format!(
            "{y}{}",
            ay.year_suffix.map(String::from).unwrap_or_default()
        ),
        None => "n.d.".to_string(),
    };
    let year_at = written.find(&year)?;
    let year_range = item.range.start + year_at..item.range.start + year_at + year.len();
    let mut edits = Vec::new();
    let names = written[..year_at].trim_end_matches([' ', ',', '(', '\u{a0}']);
    let new_names = author_text(work, names);
    if names.is_empty() {
        // "2020b)" after "Chen (2020a, ": the names are the citation's.
        let first = ay.names.first()?;
        if work.authors.first().is_none_or(|a| a.family != *first) {
            return None;
        }
    } else if names != new_names {
        edits.push(Edit::new(
            item.range.start..item.range.start + names.len(),
            new_names,
        ));
    }
    let new_year = work.year_label();
    if new_year != year {
        edits.push(Edit::new(year_range, new_year));
    }
    Some(edits)
}

/// Whether the draft cites in author-year form: it has author-year
/// citations and no Pandoc ones.
pub fn uses_author_year(draft: &Draft) -> bool {
    let has = |s: Syntax| draft.citations.iter().any(|c| c.syntax == s);
    has(Syntax::AuthorYear) && !has(Syntax::Pandoc)
}

/// A citation of `work` added to the sentence at `sentence`: ` [@key]` (or
/// ` (Author, Year)`, for an author-year draft) before its final punctuation.
pub fn insert_citation(
    text: &str,
    sentence: &Range<usize>,
    work: &Work,
    author_year: bool,
) -> Edit {
    let body = text[sentence.clone()].trim_end();
    let end = sentence.start + body.len();
    let stops = body.len() - body.trim_end_matches(['.', '!', '?', '…']).len();
    let at = end - stops;
    let cite = if author_year {
        format!(" ({}, {})", work.author_label(), work.year_label())
    } else {
        format!(" [@{}]", key_text(&work.key, false))
    };
    // No space before the citation when the sentence already ends in one.
    let cite = if text[..at].ends_with(char::is_whitespace) {
        cite.trim_start().to_string()
    } else {
        cite
    };
    Edit::new(at..at, cite)
}

/// The byte range of the line holding `offset` (without its line break).
fn line_of(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

/// The edit that silences `code` on the line holding `offset`: a
/// `<!-- gloss-ignore: code -->` line before it, with the line's
/// indentation (and block-quote marks), or the code added to the ignore
/// comment already there. None when that comment silences the code already.
pub fn ignore(text: &str, draft: &Draft, offset: usize, code: &str) -> Option<Edit> {
    let line = line_of(text, offset);
    let line_no = text[..line.start].matches('\n').count();
    // An ignore comment on the line before: add the code to it.
    if let Some(prev) = line_no.checked_sub(1) {
        if let Some(ig) = draft
            .ignores
            .iter()
            .find(|ig| ig.line == prev && !ig.whole_file)
        {
            if ig.codes.is_empty() || ig.codes.iter().any(|c| c == code) {
                return None;
            }
            let prev_line = line_of(text, line.start.saturating_sub(1));
            let written = &text[prev_line.clone()];
            if let (Some(open), Some(close)) = (written.find("<!--"), written.rfind("-->")) {
                let mut codes = ig.codes.clone();
                codes.push(code.to_string());
                let indent = &written[..open];
                return Some(Edit::new(
                    prev_line.start..prev_line.start + close + 3,
                    format!("{indent}<!-- gloss-ignore: {} -->", codes.join(", ")),
                ));
            }
        }
    }
    let written = &text[line.clone()];
    let indent_len = written.len() - written.trim_start_matches([' ', '\t', '>']).len();
    let indent = &written[..indent_len];
    let eol = if text[line.end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Edit::new(
        line.start..line.start,
        format!("{indent}<!-- gloss-ignore: {code} -->{eol}"),
    ))
}

/// The edits renaming every Pandoc citation of `old` in a draft.
pub fn rename_in_draft(text: &str, draft: &Draft, old: &str, new: &str) -> Vec<Edit> {
    draft
        .citations
        .iter()
        .flat_map(|c| c.items.iter())
        .filter(|i| i.key.as_deref() == Some(old))
        .filter_map(|i| {
            let r = key_range(text, i)?;
            let braced = text[..r.start].ends_with('{');
            Some(Edit::new(
                r,
                if braced {
                    new.to_string()
                } else {
                    key_text(new, false)
                },
            ))
        })
        .collect()
}

/// Bibliography formats, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibFormat {
    BibTeX,
    Json,
    Yaml,
}

impl BibFormat {
    pub fn of(path: &std::path::Path) -> Option<BibFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "bib" | "bibtex" => Some(BibFormat::BibTeX),
            "json" => Some(BibFormat::Json),
            "yaml" | "yml" | "md" | "markdown" => Some(BibFormat::Yaml),
            _ => None,
        }
    }
}

/// The byte range of `key` where the entry starting on 1-based `line`
/// defines it: BibTeX `@type{key,`, CSL-JSON `"id": "key"`, CSL-YAML
/// `id: key`. Searched from the entry's line on (the first definition
/// after it), then in the whole file.
pub fn bib_key_range(text: &str, format: BibFormat, line: u32, key: &str) -> Option<Range<usize>> {
    let from = text
        .match_indices('\n')
        .nth((line as usize).saturating_sub(2))
        .map_or(0, |(i, _)| if line <= 1 { 0 } else { i + 1 });
    find_key(text, format, from, key).or_else(|| find_key(text, format, 0, key))
}

fn find_key(text: &str, format: BibFormat, from: usize, key: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && (bytes[i] as char).is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    match format {
        BibFormat::BibTeX => {
            for (at, _) in text[from..].match_indices('@') {
                let at = from + at;
                let kind_end = text[at + 1..]
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(text.len(), |i| at + 1 + i);
                let open = skip_ws(kind_end);
                if !matches!(bytes.get(open), Some(b'{' | b'(')) {
                    continue;
                }
                let k = skip_ws(open + 1);
                if text[k..].starts_with(key) {
                    let after = skip_ws(k + key.len());
                    if matches!(bytes.get(after), Some(b',' | b'}' | b')')) {
                        return Some(k..k + key.len());
                    }
                }
            }
            None
        }
        BibFormat::Json => {
            for (at, _) in text[from..].match_indices("\"id\"") {
                let at = from + at;
                let colon = skip_ws(at + 4);
                if bytes.get(colon) != Some(&b':') {
                    continue;
                }
                let v = skip_ws(colon + 1);
                if bytes.get(v) == Some(&b'"') && text[v + 1..].starts_with(key) {
                    let end = v + 1 + key.len();
                    if bytes.get(end) == Some(&b'"') {
                        return Some(v + 1..end);
                    }
                }
            }
            None
        }
        BibFormat::Yaml => {
            let mut search = from;
            while let Some(i) = text[search..].find("id") {
                let at = search + i;
                search = at + 2;
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| !(c.is_whitespace() || c == '-' || c == '{' || c == ','))
                {
                    continue;
                }
                let colon = at + 2;
                if bytes.get(colon) != Some(&b':') {
                    continue;
                }
                let mut v = colon + 1;
                while matches!(bytes.get(v), Some(b' ' | b'\t')) {
                    v += 1;
                }
                let quote = match bytes.get(v) {
                    Some(b'"') => Some('"'),
                    Some(b'\'') => Some('\''),
                    _ => None,
                };
                let k = v + usize::from(quote.is_some());
                if !text[k..].starts_with(key) {
                    continue;
                }
                let end = k + key.len();
                let ok = match quote {
                    Some(q) => text[end..].starts_with(q),
                    None => text[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || c == ',' || c == '}' || c == '#'),
                };
                if ok {
                    return Some(k..end);
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Library;
    use crate::resolve::{Resolution, Resolver};
    use crate::syntax::parse;

    const BIB: &str = r#"@article{zhou2008synchronizing,
  author = {Zhou, Yu},
  title = {Synchronizing Export Orientation with Import Substitution},
  year = {2008},
}

@article{ernst2007beyond,
  author = {Ernst, Dieter and Naughton, Barry and Kim, Linsu},
  title = {Beyond Global Production Networks},
  year = {2007},
}

@ARTICLE( zhang2013formation ,
  author = {Zhang, Hong and Kawabata, Nobuyuki},
  title = {Formation of Industrial Clusters},
  year = {2013},
)

@book{marchetti2020,
  author = {Marchetti, Héloïse and Osei, Daniel},
  title = {When the Water Runs Out},
  year = {2020},
}

@book{chen2020a, author = {Chen, Wei}, title = {Stormwater}, year = {2020}}
@book{chen2020b, author = {Chen, Wei}, title = {Mapping Heat}, year = {2020}}
"#;

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let bib = dir.path().join("refs.bib");
        std::fs::write(&bib, BIB).unwrap();
        let lib = Library::load(None, &[bib]);
        assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
        (dir, lib)
    }

    /// The keys every item of the text resolves to, in order (`?` when unresolved).
    fn resolved(lib: &Library, text: &str) -> Vec<String> {
        let r = Resolver::new(lib);
        parse(text)
            .citations
            .iter()
            .flat_map(|c| c.items.iter())
            .map(|i| match r.resolve(i) {
                Resolution::Work(w) => lib.works[w].key.clone(),
                _ => "?".to_string(),
            })
            .collect()
    }

    /// Replace item `ii` of citation `ci` with the work `key`, returning the new text.
    fn replaced(lib: &Library, text: &str, ci: usize, ii: usize, key: &str) -> Option<String> {
        let d = parse(text);
        let c = &d.citations[ci];
        let edits = replace_item(text, c, &c.items[ii], lib.get(key).unwrap())?;
        Some(apply(text, &edits))
    }

    #[test]
    fn replaces_a_pandoc_key_keeping_prefix_locator_and_other_items() {
        let (_d, lib) = library();
        let t = "A claim [see @zhou2008synchronizing, p. 3; -@zhang2013formation].";
        let out = replaced(&lib, t, 0, 0, "ernst2007beyond").unwrap();
        assert_eq!(
            out,
            "A claim [see @ernst2007beyond, p. 3; -@zhang2013formation]."
        );
        assert_eq!(
            resolved(&lib, &out),
            ["ernst2007beyond", "zhang2013formation"]
        );
        let d = parse(&out);
        assert_eq!(d.citations[0].items[0].locator.as_deref(), Some("p. 3"));
        assert_eq!(d.citations[0].items[0].prefix, "see");
        // Narrative and braced keys keep their form.
        let t = "@zhou2008synchronizing says so, and so does [@{zhang2013formation}].";
        let out = replaced(&lib, t, 0, 0, "ernst2007beyond").unwrap();
        let out = replaced(&lib, &out, 1, 0, "marchetti2020").unwrap();
        assert_eq!(
            out,
            "@ernst2007beyond says so, and so does [@{marchetti2020}]."
        );
        assert_eq!(resolved(&lib, &out), ["ernst2007beyond", "marchetti2020"]);
    }

    #[test]
    fn replaces_author_year_items_parenthetical_and_narrative() {
        let (_d, lib) = library();
        let t = "Exports grew (Zhou, 2008; see Zhang and Kawabata, 2013, p. 4).";
        let out = replaced(&lib, t, 0, 0, "ernst2007beyond").unwrap();
        assert_eq!(
            out,
            "Exports grew (Ernst et al., 2007; see Zhang and Kawabata, 2013, p. 4)."
        );
        assert_eq!(
            resolved(&lib, &out),
            ["ernst2007beyond", "zhang2013formation"]
        );
        let out = replaced(&lib, &out, 0, 1, "zhou2008synchronizing").unwrap();
        assert_eq!(
            out,
            "Exports grew (Ernst et al., 2007; see Zhou, 2008, p. 4)."
        );
        assert_eq!(
            resolved(&lib, &out),
            ["ernst2007beyond", "zhou2008synchronizing"]
        );

        let t = "Zhou (2008) argues it, as Zhang and Kawabata (2013, p. 4) do.";
        let out = replaced(&lib, t, 0, 0, "ernst2007beyond").unwrap();
        let out = replaced(&lib, &out, 1, 0, "marchetti2020").unwrap();
        assert_eq!(
            out,
            "Ernst et al. (2007) argues it, as Marchetti and Osei (2020, p. 4) do."
        );
        assert_eq!(resolved(&lib, &out), ["ernst2007beyond", "marchetti2020"]);

        // `&` stays `&`; a year alone changes alone (a wrong year fixed).
        let t = "Trees cool (Zhang & Kawabata, 2013). Zhou (2007) found it.";
        let out = replaced(&lib, t, 0, 0, "marchetti2020").unwrap();
        assert!(
            out.starts_with("Trees cool (Marchetti & Osei, 2020)."),
            "{out}"
        );
        let d = parse(t);
        let e = replace_item(
            t,
            &d.citations[1],
            &d.citations[1].items[0],
            lib.get("zhou2008synchronizing").unwrap(),
        )
        .unwrap();
        assert_eq!(e.len(), 1, "only the year: {e:?}");
        let out = apply(t, &e);
        assert!(out.ends_with("Zhou (2008) found it."), "{out}");
        assert_eq!(
            resolved(&lib, &out),
            ["zhang2013formation", "zhou2008synchronizing"]
        );
    }

    #[test]
    fn year_suffixes_and_shared_author_citations() {
        let (_d, lib) = library();
        // An ambiguous (Chen, 2020) made definite.
        let t = "Roofs hold water (Chen, 2020).";
        assert_eq!(resolved(&lib, t), ["?"]);
        let out = replaced(&lib, t, 0, 0, "chen2020b").unwrap();
        assert_eq!(out, "Roofs hold water (Chen, 2020b).");
        assert_eq!(resolved(&lib, &out), ["chen2020b"]);
        // "Chen (2020a, 2020b)": the bare year can change year, not author.
        let t = "Chen (2020a, 2020b) mapped it.";
        let out = replaced(&lib, t, 0, 1, "chen2020a").unwrap();
        assert_eq!(out, "Chen (2020a, 2020a) mapped it.");
        assert_eq!(replaced(&lib, t, 0, 1, "zhou2008synchronizing"), None);
    }

    #[test]
    fn inserts_a_citation_before_the_final_punctuation() {
        let (_d, lib) = library();
        let t = "First sentence here. Exports grew fast in the nineties!  Next one [@zhou2008synchronizing].";
        let d = parse(t);
        let s = &d.sentences[1].range;
        assert_eq!(&t[s.clone()], "Exports grew fast in the nineties!");
        let w = lib.get("ernst2007beyond").unwrap();
        let out = apply(t, &[insert_citation(t, s, w, false)]);
        assert!(out.contains("nineties [@ernst2007beyond]!  Next"), "{out}");
        let d2 = parse(&out);
        assert_eq!(d2.sentences.len(), 3);
        assert_eq!(d2.sentences[1].citations.len(), 1);
        assert_eq!(
            resolved(&lib, &out),
            ["ernst2007beyond", "zhou2008synchronizing"]
        );

        let t = "Zhou (2008) says so. Exports grew fast";
        let d = parse(t);
        assert!(uses_author_year(&d));
        let s = d.sentences[1].range.clone();
        let out = apply(t, &[insert_citation(t, &s, w, true)]);
        assert_eq!(
            out,
            "Zhou (2008) says so. Exports grew fast (Ernst et al., 2007)"
        );
        assert_eq!(
            resolved(&lib, &out),
            ["zhou2008synchronizing", "ernst2007beyond"]
        );
        assert!(!uses_author_year(&parse("A [@a] and Zhou (2008).")));
    }

    #[test]
    fn ignore_comments_silence_the_next_line_and_merge() {
        let t = "# Title\n\nA claim [@x].\n  > Quoted claim [@y].\r\nLast.\n";
        let d = parse(t);
        let at = t.find("[@x]").unwrap();
        let e = ignore(t, &d, at, "unknown-citation").unwrap();
        let out = apply(t, &[e]);
        assert!(
            out.contains("\n<!-- gloss-ignore: unknown-citation -->\nA claim"),
            "{out}"
        );
        let d2 = parse(&out);
        assert_eq!(d2.ignores.len(), 1);
        assert_eq!(d2.ignores[0].codes, ["unknown-citation"]);
        // The comment stands right before the line it silences.
        let line = out[..out.find("A claim").unwrap()].matches('\n').count();
        assert_eq!(d2.ignores[0].line + 1, line);
        // A second code joins the same comment.
        let at2 = out.find("[@x]").unwrap();
        let out2 = apply(
            &out,
            &[ignore(&out, &d2, at2, "misattributed-claim").unwrap()],
        );
        let d3 = parse(&out2);
        assert_eq!(d3.ignores.len(), 1, "{out2}");
        assert_eq!(
            d3.ignores[0].codes,
            ["unknown-citation", "misattributed-claim"]
        );
        // The same code again: nothing to add.
        let at3 = out2.find("[@x]").unwrap();
        assert_eq!(ignore(&out2, &d3, at3, "unknown-citation"), None);
        // Indentation, block-quote marks and CRLF are kept.
        let at = t.find("[@y]").unwrap();
        let e = ignore(t, &d, at, "quote-not-found").unwrap();
        assert_eq!(e.new_text, "  > <!-- gloss-ignore: quote-not-found -->\r\n");
    }

    #[test]
    fn renames_keys_in_drafts() {
        let t = "A [@old; @{old}, p. 2] and @old's view, not @older or @old2.";
        let d = parse(t);
        let out = apply(t, &rename_in_draft(t, &d, "old", "new:key"));
        assert_eq!(
            out,
            "A [@new:key; @{new:key}, p. 2] and @new:key's view, not @older or @old2."
        );
        let keys: Vec<String> = parse(&out)
            .citations
            .iter()
            .flat_map(|c| c.items.iter().filter_map(|i| i.key.clone()))
            .collect();
        assert_eq!(keys, ["new:key", "new:key", "new:key", "older", "old2"]);
    }

    #[test]
    fn valid_keys_are_those_pandoc_reads_whole() {
        for k in ["a", "zhou2008", "a:b.c", "_x", "Müller2020", "a-b/c"] {
            assert!(is_valid_key(k), "{k}");
            let t = format!("[@{k}]");
            assert_eq!(parse(&t).citations[0].items[0].key.as_deref(), Some(k));
        }
        for k in ["", "a b", "a.", ".a", "a..b", "a}b", "a,b", "a;b", "@a"] {
            assert!(!is_valid_key(k), "{k}");
        }
    }

    #[test]
    fn finds_keys_in_bibtex_json_and_yaml() {
        let (dir, lib) = library();
        let w = lib.get("zhang2013formation").unwrap();
        let e = w.entry.as_ref().unwrap();
        let r = bib_key_range(BIB, BibFormat::BibTeX, e.line, "zhang2013formation").unwrap();
        let renamed = apply(BIB, &[Edit::new(r, "zhang2013")]);
        assert!(renamed.contains("@ARTICLE( zhang2013 ,"));
        // The renamed bibliography loads with the new key and the same work.
        let p = dir.path().join("renamed.bib");
        std::fs::write(&p, &renamed).unwrap();
        let lib2 = Library::load(None, &[p]);
        assert!(lib2.get("zhang2013formation").is_none());
        assert_eq!(lib2.get("zhang2013").unwrap().title, w.title);
        // A prefix of another key is not that key.
        let t = "@book{ab12, title={x}}\n@book{ab1, title={y}}\n";
        let r = bib_key_range(t, BibFormat::BibTeX, 1, "ab1").unwrap();
        assert_eq!(&t[r.start - 6..r.end + 1], "@book{ab1,");

        let json = "[\n  {\"id\": \"a1\", \"title\": \"A\"},\n  {\n    \"type\": \"book\",\n    \"id\" : \"a\",\n    \"title\": \"B\"\n  }\n]\n";
        let r = bib_key_range(json, BibFormat::Json, 3, "a").unwrap();
        let out = apply(json, &[Edit::new(r, "b2")]);
        assert!(out.contains("\"id\" : \"b2\""), "{out}");
        let p = dir.path().join("r.json");
        std::fs::write(&p, &out).unwrap();
        let l = Library::load(None, &[p]);
        assert_eq!(l.get("b2").unwrap().title.as_deref(), Some("B"));
        assert!(l.get("a1").is_some());

        let yaml = "---\nreferences:\n- id: a1\n  title: A\n- title: B\n  id: 'a'\n- {id: c, title: C}\n---\n";
        let r = bib_key_range(yaml, BibFormat::Yaml, 5, "a").unwrap();
        let out = apply(yaml, &[Edit::new(r, "b2")]);
        assert!(out.contains("id: 'b2'"), "{out}");
        let r = bib_key_range(&out, BibFormat::Yaml, 1, "c").unwrap();
        let out = apply(&out, &[Edit::new(r, "c2")]);
        let p = dir.path().join("r.yaml");
        std::fs::write(&p, &out).unwrap();
        let l = Library::load(None, &[p]);
        assert_eq!(l.get("b2").unwrap().title.as_deref(), Some("B"));
        assert_eq!(l.get("c2").unwrap().title.as_deref(), Some("C"));
        assert!(l.get("a1").is_some());
        assert!(bib_key_range(yaml, BibFormat::Yaml, 1, "zz").is_none());
    }
}
