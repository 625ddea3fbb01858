//! Review drafts in Markdown, read through the tree-sitter grammar in
//! `grammar/`: front matter, blocks, quotations, ignore comments, the
//! draft's own reference list, sentences, and every citation in Pandoc or
//! author-year form, read exactly as Pandoc reads Pandoc citations.

use std::ops::Range;

mod author_year;
mod blocks;
pub mod grammar;
pub mod keys;
mod pandoc;

pub use blocks::{citations, parse_tree, parse_with_splitter, parse_with_tree};

/// Pandoc's citation modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `[@a]`, `(Zhou, 2008)`
    Normal,
    /// `@a`, `@a [p. 3]`, `Zhou (2008)`
    AuthorInText,
    /// `[-@a]`
    SuppressAuthor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    Pandoc,
    AuthorYear,
}

/// How surely an author-year form is a citation. It decides what becomes of
/// one that matches no work: the shape of the names and where they stand
/// decide, never a list of words that are not names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// A citation by its form: `(Name, 2008)`, `Name et al. (2008)`,
    /// `Name (2008, p. 3)`.
    Citation,
    /// Names shaped like an author list (surnames with their particles,
    /// `and`, commas): a citation when the bibliography has a name like it,
    /// or when it stands in parentheses.
    Names,
    /// A capitalised phrase with a year (`the Great Recession (2008)`,
    /// `World War II (1945)`): a citation only when it matches a work.
    Phrase,
}

/// An author-year reference as written: `Herrigel et al., 2013a`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuthorYear {
    /// Family names as written, in order (`["Zhang", "Kawabata"]`, `["Herrigel"]`).
    pub names: Vec<String>,
    /// `et al.` was written.
    pub et_al: bool,
    /// None for `n.d.`.
    pub year: Option<i32>,
    /// `a` in `2007a`.
    pub year_suffix: Option<char>,
    /// How surely this is a citation.
    pub cue: Cue,
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CiteItem {
    /// Byte range of the item in the draft (for Pandoc, `@key` or `-@key`; for author-year, the names and year).
    pub range: Range<usize>,
    /// The item as written: the Pandoc key (without `@` and braces) or the author-year text (`Zhou, 2008`).
    pub raw: String,
    /// Pandoc key, for Pandoc syntax.
    pub key: Option<String>,
    /// Names and year, for author-year syntax.
    pub author_year: Option<AuthorYear>,
    /// Text before the key (`see`), as Pandoc's citationPrefix stringified.
    pub prefix: String,
    /// Text after the key, as Pandoc's citationSuffix stringified (locator included, e.g. `, p. 33`).
    pub suffix: String,
    /// The locator part of the suffix (`p. 33`, `ch. 2`), when it starts with one.
    pub locator: Option<String>,
    /// This item's own mode, as Pandoc gives it per citation item: in
    /// `[@a; -@b]` the second item is `SuppressAuthor` while the citation is
    /// `Normal`.
    pub mode: Mode,
}

/// One citation: a bracketed/parenthesised group, or a narrative form.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Citation {
    /// Byte range in the draft.
    pub range: Range<usize>,
    pub mode: Mode,
    pub syntax: Syntax,
    pub items: Vec<CiteItem>,
}

/// A quotation in straight or curly double quotes (content range, without the marks).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    pub range: Range<usize>,
}

/// A sentence of the draft's prose with the citations attached to it: a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DraftSentence {
    pub range: Range<usize>,
    /// Indices into `Draft::citations`.
    pub citations: Vec<usize>,
    /// Indices into `Draft::quotes` for quotations inside the sentence.
    pub quotes: Vec<usize>,
    /// Inside a block quote.
    pub in_block_quote: bool,
}

/// An entry of the draft's own reference list (a `# References` section).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListedReference {
    pub range: Range<usize>,
    pub text: String,
}

/// A `<!-- gloss-ignore: code, code -->` comment. An empty `codes` silences every code.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ignore {
    /// 0-based line the comment stands on; it silences diagnostics on the next non-blank line
    /// (or, for `file`, the whole file).
    pub line: usize,
    pub codes: Vec<String>,
    pub whole_file: bool,
}

/// YAML front matter fields gloss reads.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FrontMatter {
    pub range: Range<usize>,
    /// `bibliography:` (a string or a list), as written.
    pub bibliography: Vec<String>,
    /// `corpus:` as written.
    pub corpus: Option<String>,
    /// Inline CSL-YAML `references:` entries are not parsed here; the raw YAML is kept for that.
    pub yaml: String,
    /// Why the YAML could not be read (then only `bibliography:` and
    /// `corpus:` lines were taken), with its line in the YAML (1-based)
    /// when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<(Option<usize>, String)>,
}

/// A parsed draft.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Draft {
    pub front_matter: Option<FrontMatter>,
    pub citations: Vec<Citation>,
    pub quotes: Vec<Quote>,
    pub sentences: Vec<DraftSentence>,
    /// The References/Bibliography section, when the draft has one with entries.
    pub reference_list: Option<Vec<ListedReference>>,
    pub ignores: Vec<Ignore>,
    /// Headings, in order (the outline; not part of any output).
    #[serde(skip)]
    pub headings: Vec<Heading>,
}

/// A heading: ATX (`## Text`, the reference list's included) or setext
/// (a paragraph over `===` or `---`).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1–6.
    pub level: usize,
    /// Its text, whitespace runs as one space.
    pub text: String,
    /// The heading's lines, without the final line break.
    pub range: Range<usize>,
    /// Its text as written (empty for an empty heading).
    pub text_range: Range<usize>,
}

/// Parse a draft. Never fails: malformed Markdown still yields what can be read.
pub fn parse(text: &str) -> Draft {
    match parse_tree(text, None) {
        Some(tree) => parse_with_tree(text, &tree),
        None => Draft::default(),
    }
}

/// Locator terms, as citeproc knows them (abbreviated and in full).
const LOCATOR_TERMS: &[&str] = &[
    "pp.",
    "p.",
    "pages",
    "page",
    "chaps.",
    "chap.",
    "chapters",
    "chapter",
    "chs.",
    "ch.",
    "secs.",
    "sec.",
    "sections",
    "section",
    "§§",
    "§",
    "figs.",
    "fig.",
    "figures",
    "figure",
    "vols.",
    "vol.",
    "volumes",
    "volume",
    "paras.",
    "para.",
    "paragraphs",
    "paragraph",
    "nn.",
    "n.",
    "notes",
    "note",
    "ll.",
    "l.",
    "lines",
    "line",
    "cols.",
    "col.",
    "columns",
    "column",
    "bks.",
    "bk.",
    "books",
    "book",
    "pts.",
    "pt.",
    "parts",
    "part",
    "vv.",
    "v.",
    "verses",
    "verse",
    "nos.",
    "no.",
    "numbers",
    "number",
    "arts.",
    "art.",
    "articles",
    "article",
    "fols.",
    "fol.",
    "folios",
    "folio",
    "ops.",
    "op.",
    "opus",
    "s.v.",
    "sub verbo",
    "tbl.",
    "table",
    "tables",
    "eq.",
    "eqs.",
    "equation",
    "appx.",
    "appendix",
    "app.",
];

/// The locator at the start of a citation suffix (`, p. 33` → `p. 33`,
/// `, pp. 33--35` → `pp. 33--35`), like citeproc's locator labels.
pub fn locator(suffix: &str) -> Option<String> {
    let s = suffix.trim_start();
    let s = s.strip_prefix(',').unwrap_or(s).trim_start();
    let lower = s.to_lowercase();
    let term = LOCATOR_TERMS.iter().find(|t| {
        lower.starts_with(*t)
            && lower[t.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || c == '\u{a0}' || c.is_ascii_digit())
    })?;
    let rest = &s[term.len()..];
    let value_start =
        term.len() + (rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len());
    let v = &s[value_start..];
    let is_val = |c: char| c.is_ascii_alphanumeric();
    let first: usize = v
        .chars()
        .take_while(|&c| is_val(c))
        .map(char::len_utf8)
        .sum();
    if first == 0
        || !v[..first]
            .chars()
            .any(|c| c.is_ascii_digit() || "ivxlcdmIVXLCDM".contains(c))
    {
        return None;
    }
    if !v[..first].chars().any(|c| c.is_ascii_digit())
        && !v[..first].chars().all(|c| "ivxlcdmIVXLCDM".contains(c))
    {
        return None;
    }
    let mut end = first;
    let tail = &v[first..];
    for dash in ["--", "-", "\u{2013}", "\u{2014}"] {
        if let Some(t) = tail.strip_prefix(dash) {
            let n: usize = t
                .chars()
                .take_while(|&c| is_val(c))
                .map(char::len_utf8)
                .sum();
            if n > 0 {
                end = first + dash.len() + n;
            }
            break;
        }
    }
    Some(s[..value_start + end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A simple stand-in for `crate::sentence::split` (written elsewhere):
    /// splits after `.`, `!` or `?` followed by whitespace and a capital,
    /// `[` or `@`, keeping a following citation with the sentence.
    fn split(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if matches!(b[i], b'.' | b'!' | b'?') {
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j > i + 1 && (j == b.len() || b[j].is_ascii_uppercase()) {
                    out.push(start..i + 1);
                    start = j;
                }
            }
            i += 1;
        }
        out.push(start..text.len());
        out.into_iter()
            .map(|r| {
                let s = &text[r.clone()];
                let a = r.start + (s.len() - s.trim_start().len());
                a..r.start + s.trim_end().len()
            })
            .filter(|r| !r.is_empty())
            .collect()
    }

    fn draft(text: &str) -> Draft {
        let tree = parse_tree(text, None).unwrap();
        parse_with_splitter(text, &tree, &split)
    }

    fn keys(text: &str) -> Vec<(String, Mode)> {
        citations(text)
            .iter()
            .flat_map(|c| c.items.iter())
            .map(|i| (i.key.clone().unwrap_or_else(|| i.raw.clone()), i.mode))
            .collect()
    }

    fn k(v: &[(&str, Mode)]) -> Vec<(String, Mode)> {
        v.iter().map(|(a, m)| (a.to_string(), *m)).collect()
    }

    use Mode::*;

    #[test]
    fn pandoc_bracketed_forms() {
        assert_eq!(keys("A [@a]."), k(&[("a", Normal)]));
        assert_eq!(keys("A [@a; @b]."), k(&[("a", Normal), ("b", Normal)]));
        let c = citations("A [see @a, p. 33; also @b, ch. 2].");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].items[0].prefix, "see");
        assert_eq!(c[0].items[0].suffix, ", p. 33");
        assert_eq!(c[0].items[0].locator.as_deref(), Some("p. 33"));
        assert_eq!(c[0].items[1].prefix, "also");
        assert_eq!(c[0].items[1].locator.as_deref(), Some("ch. 2"));
        assert_eq!(c[0].range, 2..33);
        assert_eq!(c[0].items[0].range, 7..9);
        assert_eq!(keys("A [-@a]."), k(&[("a", SuppressAuthor)]));
        assert_eq!(
            keys("A [@a; -@b]."),
            k(&[("a", Normal), ("b", SuppressAuthor)])
        );
        assert_eq!(keys("[@a;\n@b]"), k(&[("a", Normal), ("b", Normal)]));
    }

    #[test]
    fn pandoc_narrative_forms() {
        assert_eq!(keys("As @a says."), k(&[("a", AuthorInText)]));
        let c = citations("As @a [p. 33] says.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].mode, AuthorInText);
        assert_eq!(c[0].items[0].suffix, "p. 33");
        assert_eq!(c[0].items[0].locator.as_deref(), Some("p. 33"));
        assert_eq!(
            keys("As @a [@b; @c] says."),
            k(&[("a", AuthorInText), ("b", Normal), ("c", Normal)])
        );
        assert_eq!(
            keys("See @{https://doi.org/10.1/x} here."),
            k(&[("https://doi.org/10.1/x", AuthorInText)])
        );
        assert_eq!(
            keys("As @doe:2008.a. says"),
            k(&[("doe:2008.a", AuthorInText)])
        );
        assert_eq!(
            keys("@a, @b; and @c."),
            k(&[
                ("a", AuthorInText),
                ("b", AuthorInText),
                ("c", AuthorInText)
            ])
        );
        assert_eq!(keys("@a at a line start"), k(&[("a", AuthorInText)]));
    }

    #[test]
    fn pandoc_quirks() {
        // A bracket with a part lacking a key: its keys are narrative.
        assert_eq!(
            keys("[such as the ROPE, @k; the MAP, @m; or the PD - *pd*]"),
            k(&[("k", AuthorInText), ("m", AuthorInText)])
        );
        assert_eq!(keys("[@y; foo]"), k(&[("y", AuthorInText)]));
        // Links win over citations; citations in link text and images count.
        assert_eq!(keys("[see @v](http://x.org)"), k(&[("v", AuthorInText)]));
        assert_eq!(keys("[@z](http://x.org)"), k(&[("z", AuthorInText)]));
        assert_eq!(keys("![a figure [@w]](fig.png)"), k(&[("w", Normal)]));
        assert_eq!(keys("@a [p. 5](x)"), k(&[("a", AuthorInText)]));
        assert_eq!(keys("[@a] (url)"), k(&[("a", Normal)]));
        assert_eq!(keys("foo-@b"), k(&[("b", AuthorInText)]));
        // Outside brackets, `-@` is a dash and a narrative citation.
        assert_eq!(
            keys("Text -@b and --@c"),
            k(&[("b", AuthorInText), ("c", AuthorInText)])
        );
        // A bare URL is text to Pandoc: its `@` starts a citation.
        assert_eq!(keys("See https://x.org/@b."), k(&[("b", AuthorInText)]));
    }

    #[test]
    fn no_citations_where_pandoc_reads_none() {
        for t in [
            "Mail foo@bar.com now.",
            "word@key",
            "x.@key",
            "Code `@a` and ``[@b]``.",
            "Escaped \\@a.",
            "<!-- [@a] -->",
            "Math $@a$ and $$[@b]$$.",
            "<https://x.org/@a>",
            "A note[^1].",
            "```\n[@a]\n```\n",
            "    ",
            "",
        ] {
            assert_eq!(keys(t), vec![], "{t:?}");
        }
    }

    #[test]
    fn headings_are_read_outside_fences_and_front_matter() {
        let text = "---\ntitle: x\n# not\n---\n\n# One #\n\ntext\n\nTwo\n---\n\n```\n# code\n```\n\n### Three\n\npara\nline\n===\n\n#hashtag\n\n## References\n\nA. (2001). B.\n";
        let d = parse(text);
        let got: Vec<(usize, &str)> = d
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "One"),
                (2, "Two"),
                (3, "Three"),
                (1, "para line"),
                (2, "References")
            ]
        );
        let h = &d.headings;
        assert_eq!(&text[h[0].text_range.clone()], "One");
        assert_eq!(&text[h[0].range.clone()], "# One #");
        assert_eq!(&text[h[1].text_range.clone()], "Two");
        assert_eq!(&text[h[1].range.clone()], "Two\n---");
        assert_eq!(&text[h[3].text_range.clone()], "para\nline");
    }

    #[test]
    fn citations_in_headings_and_lists() {
        assert_eq!(
            keys("# Intro [@h]\n\n- item @i\n"),
            k(&[("h", Normal), ("i", AuthorInText)])
        );
    }

    #[test]
    fn author_year_in_drafts() {
        let c = citations("Markets grew (Zhou, 2008). Zhang and Kawabata (2013) agree.");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].syntax, Syntax::AuthorYear);
        assert_eq!(c[0].mode, Normal);
        assert_eq!(c[0].items[0].raw, "Zhou, 2008");
        assert_eq!(c[1].mode, AuthorInText);
        let c = citations("According to Ernst (2007), markets grow.");
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].items[0].author_year.as_ref().unwrap().names,
            vec!["Ernst"]
        );
        for t in [
            "In the (1990s) markets grew.",
            "See (see Table 2) here.",
            "It was (2008) then.",
            "In (2008) it grew.",
            "By May (2008) it grew.",
        ] {
            assert_eq!(citations(t), vec![], "{t}");
        }
    }

    #[test]
    fn reference_list_is_not_cited() {
        let d = draft("# Intro\n\nText (Zhou, 2008).\n\n# References\n\nZhou, Y. (2008). A title. @x\n\nErnst, D. (2007a). Another.\n");
        assert_eq!(d.citations.len(), 1);
        let refs = d.reference_list.unwrap();
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].text, "Zhou, Y. (2008). A title. @x");
        let d = draft("## Bibliography\n\n- Zhou, Y. (2008). A.\n- Ernst, D. (2007). B.\n\n# Appendix\n\nMore [@a].\n");
        assert_eq!(d.reference_list.unwrap().len(), 2);
        assert_eq!(d.citations.len(), 1);
        let d = draft("# Works Cited\n\nZhou, Y. (2008). A.\nErnst, D. (2007). B.\n");
        assert_eq!(d.reference_list.unwrap().len(), 2);
    }

    #[test]
    fn a_references_heading_over_prose_is_no_reference_list() {
        let d = draft("# Intro\n\nText [@a].\n\n## References\n\nReferences can be shown in the margin, as @b explains.\n\nMore prose about citations [@c].\n\n## Tables\n\nLast [@d].\n");
        assert!(d.reference_list.is_none(), "{:?}", d.reference_list);
        let keys: Vec<_> = d
            .citations
            .iter()
            .flat_map(|c| &c.items)
            .filter_map(|i| i.key.clone())
            .collect();
        assert_eq!(keys, ["a", "b", "c", "d"]);
        assert!(d
            .sentences
            .iter()
            .any(|s| d.citations[s.citations[0]].items[0].key.as_deref() == Some("b")));
    }

    #[test]
    fn ignores() {
        let d = draft("<!-- gloss-ignore: cite-missing, quote -->\nText.\n\n<!-- gloss-ignore -->\nMore.\n\n<!-- gloss-ignore-file: weak -->\n<!-- other -->\n");
        assert_eq!(
            d.ignores,
            vec![
                Ignore {
                    line: 0,
                    codes: vec!["cite-missing".into(), "quote".into()],
                    whole_file: false
                },
                Ignore {
                    line: 3,
                    codes: vec![],
                    whole_file: false
                },
                Ignore {
                    line: 6,
                    codes: vec!["weak".into()],
                    whole_file: true
                },
            ]
        );
        let d = draft("```\n<!-- gloss-ignore-file -->\n```\n");
        assert!(d.ignores.is_empty());
    }

    #[test]
    fn front_matter_with_lone_cr_line_ends() {
        let d = parse(
            "---\rtitle: Old Mac\rbibliography: refs.bib\r---\r\rShade matters [@okafor2019].\r",
        );
        let fm = d.front_matter.expect("front matter");
        assert_eq!(fm.bibliography, ["refs.bib"]);
        assert!(fm.error.is_none(), "{:?}", fm.error);
        let keys: Vec<_> = d
            .citations
            .iter()
            .map(|c| c.items[0].key.as_deref())
            .collect();
        assert_eq!(keys, [Some("okafor2019")]);
        // A CR LF file is the grammar's, and an unclosed block is no front matter.
        assert!(parse("---\r\nbibliography: a.bib\r\n---\r\n\rText.\r\n")
            .front_matter
            .is_some());
        assert!(parse("---\rbibliography: a.bib\rText.\r")
            .front_matter
            .is_none());
    }

    #[test]
    fn front_matter() {
        let d = draft("---\ntitle: x\nbibliography: refs.bib\ncorpus: ../corpus\n---\n\nText.\n");
        let fm = d.front_matter.unwrap();
        assert_eq!(fm.bibliography, vec!["refs.bib"]);
        assert_eq!(fm.corpus.as_deref(), Some("../corpus"));
        assert_eq!(fm.range, 0..58);
        let d = draft("---\nbibliography:\n  - a.bib\n  - b.bib\n...\n");
        assert_eq!(d.front_matter.unwrap().bibliography, vec!["a.bib", "b.bib"]);
        let d = draft("---\nbibliography: [a.bib, b.bib\ntitle: : : [\n---\n");
        assert_eq!(d.front_matter.unwrap().bibliography, vec!["a.bib", "b.bib"]);
    }

    #[test]
    fn sentences_and_quotes() {
        let text = "Markets grew fast [@a]. Prices \"rose\" too. [@b]\n\n> Quoted claim @c.\n\n# Heading\n\n```\ncode.\n```\n";
        let d = draft(text);
        let s: Vec<&str> = d.sentences.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            s,
            vec![
                "Markets grew fast [@a].",
                "Prices \"rose\" too. [@b]",
                "Quoted claim @c."
            ]
        );
        assert_eq!(d.sentences[0].citations, vec![0]);
        assert_eq!(d.sentences[1].citations, vec![1]);
        assert_eq!(d.sentences[1].quotes, vec![0]);
        assert!(d.sentences[2].in_block_quote);
        assert_eq!(&text[d.quotes[0].range.clone()], "rose");
        let d = draft("He said “markets grow” here.");
        assert_eq!(d.quotes.len(), 1);
    }

    #[test]
    fn never_panics() {
        let nasty = [
            "[".repeat(5000),
            "]".repeat(100) + &"(".repeat(100),
            "@".repeat(1000),
            "[@a; [@b; [@c".to_string(),
            "text\r\n[@a]\r\n\r\n> q @b\r\n".to_string(),
            "\t- [@a]\t\n\u{0}\u{1}\u{ff}".to_string(),
            "中文 [@鍵] “引用” (張, 2008) 😀 @😀 [-@".to_string(),
            "---\n".to_string(),
            "---\n: [\n".to_string(),
            "(".to_string() + &"Zhou ".repeat(2000) + "2008)",
            "x".repeat(200_000) + " [@a]",
            "<!--".to_string(),
            "$$".to_string(),
            "``".to_string(),
            "# References\n".to_string(),
        ];
        for t in &nasty {
            let d = draft(t);
            for c in &d.citations {
                assert!(t.is_char_boundary(c.range.start) && t.is_char_boundary(c.range.end));
                for i in &c.items {
                    assert!(t.is_char_boundary(i.range.start) && t.is_char_boundary(i.range.end));
                }
            }
            for s in &d.sentences {
                assert!(t.get(s.range.clone()).is_some());
            }
        }
        assert_eq!(keys("中文 [@鍵]"), k(&[("鍵", Normal)]));
    }

    #[test]
    fn locators() {
        assert_eq!(locator(", p. 33").as_deref(), Some("p. 33"));
        assert_eq!(locator(", pp. 33-35").as_deref(), Some("pp. 33-35"));
        assert_eq!(locator(" chapter 4, passim").as_deref(), Some("chapter 4"));
        assert_eq!(locator(", § 2").as_deref(), Some("§ 2"));
        assert_eq!(locator(", vol. iv").as_deref(), Some("vol. iv"));
        assert_eq!(locator(", emphasis added"), None);
        assert_eq!(locator(""), None);
    }

    #[test]
    fn parse_end_to_end() {
        let d = parse("Markets grew [@a]. Prices rose.\n");
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.sentences[0].citations, vec![0]);
    }
}
