//! Tests of the public readers on inline fixtures, plus the shared real-world files.

use std::path::{Path, PathBuf};

use super::*;

fn bib(text: &str) -> (Vec<Entry>, Vec<Warning>) {
    parse_bibtex(Path::new("t.bib"), text)
}

fn get<'a>(entries: &'a [Entry], key: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.key == key)
        .unwrap_or_else(|| panic!("no entry {key} in {:?}", keys(entries)))
}

fn keys(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.key.as_str()).collect()
}

fn lines(warnings: &[Warning]) -> Vec<Option<u32>> {
    warnings.iter().map(|w| w.line).collect()
}

fn name(family: &str, given: Option<&str>) -> Name {
    Name {
        family: family.into(),
        given: given.map(Into::into),
    }
}

// ---------------------------------------------------------------- BibTeX

#[test]
fn basic_entry_and_model() {
    let (e, w) = bib(r#"% a comment line
@Article{zhou2008,
  Author  = {Zhou, Yu and Ludwig van Beethoven},
  TITLE   = {Synchronizing {Export} Orientation},
  journal = "World Development",
  year    = 2008,
  keywords = {ICT industry; China, exports},
  file = {:papers/zhou.pdf:PDF},
}
"#);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(e.len(), 1);
    let z = &e[0];
    assert_eq!(z.key, "zhou2008");
    assert_eq!(z.kind, "article");
    assert_eq!(z.line, 2);
    assert_eq!(z.path, PathBuf::from("t.bib"));
    assert_eq!(z.title.as_deref(), Some("Synchronizing Export Orientation"));
    assert_eq!(
        z.authors,
        vec![
            name("Zhou", Some("Yu")),
            name("van Beethoven", Some("Ludwig"))
        ]
    );
    assert_eq!(z.year, Some(2008));
    assert_eq!(z.container.as_deref(), Some("World Development"));
    assert_eq!(z.keywords, vec!["ICT industry", "China", "exports"]);
    assert_eq!(z.files, vec!["papers/zhou.pdf"]);
    assert_eq!(&z.fields["journal"], "World Development");
    assert_eq!(&z.fields["year"], "2008");
    assert_eq!(&z.fields["file"], ":papers/zhou.pdf:PDF");
}

#[test]
fn strings_concatenation_months_and_parens() {
    let (e, w) = bib(r#"@STRING{wd = "World Development"}
@string(pre = {Journal of })
@misc(a,
  journal = pre # "Things",
  howpublished = wd # { -- } # 12,
  month = apr,
  note = "He said ``hi'' {and} left",
)
"#);
    assert!(w.is_empty(), "{w:?}");
    let a = get(&e, "a");
    assert_eq!(&a.fields["journal"], "Journal of Things");
    assert_eq!(&a.fields["howpublished"], "World Development \u{2013} 12");
    assert_eq!(&a.fields["month"], "April");
    assert_eq!(&a.fields["note"], "He said \"hi\" and left");
    assert_eq!(a.line, 3);
}

#[test]
fn comments_preamble_and_free_text() {
    let (e, w) = bib(
        r#"This text is a comment, even with an e-mail: me@example.org.
@comment{ @article{fake, title={no}} }
@preamble{ "\newcommand{\noopsort}[1]{}" # {x} }
@COMMENT this whole line is a comment too
@book{real, title = {Real}}
jabref meta junk }}}
@misc{last,}
"#,
    );
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(keys(&e), vec!["real", "last"]);
    assert_eq!(get(&e, "real").kind, "book");
    assert_eq!(get(&e, "last").fields.len(), 0);
}

#[test]
fn crlf_and_case_insensitive_names() {
    let text = "@ARTICLE{k1,\r\n  TiTle = {A\r\n  title},\r\n  YEAR = {1999}\r\n}\r\n@Book{k2, title={B}}\r\n";
    let (e, w) = bib(text);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(get(&e, "k1").title.as_deref(), Some("A title"));
    assert_eq!(get(&e, "k1").year, Some(1999));
    assert_eq!(get(&e, "k1").kind, "article");
    assert_eq!(get(&e, "k2").line, 6);
}

#[test]
fn cleaning_of_values() {
    let (e, w) = bib(r#"@article{c,
  title = {Beyond the ``Global Factory'' Model: {\"U}ber {\'\i}ndices, \c{c}a, \v{s}, \~n, \^o, \=a, \.z, \u{g}, \H{o}, {\o}, {\ss}, {\aa}, \ae, \l, \&, \%, \$, \_, \#, a~b, 1--2, x---y, \textit{it} \emph{em} \textbf{bf}},
  author = {M{\"u}ller, J{\"o}rg and Fran\c{c}ois, Ren\'e and {\O}sterberg, {\AA}sa},
  url = {https://example.org/a_b~c%20d--e},
  doi = {10.1000/x\_y}
}"#);
    assert!(w.is_empty(), "{w:?}");
    let c = get(&e, "c");
    assert_eq!(
        c.title.as_deref(),
        Some("Beyond the \"Global Factory\" Model: Über índices, ça, š, ñ, ô, ā, ż, ğ, ő, ø, ß, å, æ, ł, &, %, $, _, #, a b, 1\u{2013}2, x\u{2014}y, it em bf")
    );
    assert_eq!(
        c.authors,
        vec![
            name("Müller", Some("Jörg")),
            name("François", Some("René")),
            name("Østerberg", Some("Åsa")),
        ]
    );
    // Verbatim fields keep `~`, `--` and `%`.
    assert_eq!(&c.fields["url"], "https://example.org/a_b~c%20d--e");
    assert_eq!(&c.fields["doi"], "10.1000/x_y");
    assert_eq!(
        &c.fields["author"],
        "Müller, Jörg and François, René and Østerberg, Åsa"
    );
}

#[test]
fn name_forms_and_others() {
    let (e, w) = bib(r#"@book{n,
  author = {{World Health Organization} and Ford, Jr., Henry and Jean de La Fontaine and AND others},
  editor = {Smith, A. and others},
}
@book{m, author = {Doe, Jane and Others}}"#);
    assert!(w.is_empty(), "{w:?}");
    let n = get(&e, "n");
    assert_eq!(
        n.authors,
        vec![
            name("World Health Organization", None),
            name("Ford", Some("Henry, Jr.")),
            name("de La Fontaine", Some("Jean")),
        ]
    );
    assert_eq!(&n.fields["author-others"], "true");
    assert_eq!(n.editors, vec![name("Smith", Some("A."))]);
    assert_eq!(&n.fields["editor-others"], "true");
    let m = get(&e, "m");
    assert_eq!(m.authors, vec![name("Doe", Some("Jane"))]);
    assert_eq!(&m.fields["author-others"], "true");
    assert_eq!(m.authors[0].display(), "Doe, Jane");
}

#[test]
fn years_and_dates() {
    let (e, w) = bib(r#"@misc{a, year = {2007a}}
@misc{b, date = {2013-04-01}}
@misc{c, date = {2013/2014}}
@misc{d, date = {2013}}
@misc{e, title = {No year}}
@misc{f, year = {n.d.}}
@misc{g, year = {forthcoming}, date = {2021-02}}"#);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(get(&e, "a").year, Some(2007));
    assert_eq!(&get(&e, "a").fields["year"], "2007a");
    assert_eq!(get(&e, "b").year, Some(2013));
    assert_eq!(get(&e, "c").year, Some(2013));
    assert_eq!(get(&e, "d").year, Some(2013));
    assert_eq!(get(&e, "e").year, None);
    assert_eq!(get(&e, "f").year, None);
    assert_eq!(get(&e, "g").year, Some(2021));
}

#[test]
fn container_preference_and_files() {
    let (e, w) = bib(r#"@incollection{a, booktitle = {Book}, publisher = {Pub}}
@techreport{b, institution = {Tohoku University}}
@article{c, journaltitle = {JT}, publisher = {P}}
@book{d, publisher = {P}}
@misc{e}
@misc{f, file = {Full Text:files/12/zhou.pdf:application/pdf}}
@misc{g, file = {C:\x\y.pdf}}
@misc{h, file = {a.pdf;b.pdf}}"#);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(get(&e, "a").container.as_deref(), Some("Book"));
    assert_eq!(get(&e, "b").container.as_deref(), Some("Tohoku University"));
    assert_eq!(get(&e, "c").container.as_deref(), Some("JT"));
    assert_eq!(get(&e, "d").container.as_deref(), Some("P"));
    assert_eq!(get(&e, "e").container, None);
    assert_eq!(get(&e, "e").title, None);
    assert_eq!(get(&e, "f").files, vec!["files/12/zhou.pdf"]);
    assert_eq!(get(&e, "g").files, vec![r"C:\x\y.pdf"]);
    assert_eq!(get(&e, "h").files, vec!["a.pdf", "b.pdf"]);
}

// Malformed input: each case warns at the right line and the entries after it load.

fn assert_recovers(text: &str, line: u32, needle: &str) {
    let (e, w) = bib(text);
    assert_eq!(lines(&w), vec![Some(line)], "{w:#?}");
    assert!(
        w[0].message.contains(needle),
        "message {:?} lacks {needle:?}",
        w[0].message
    );
    assert_eq!(w[0].path, PathBuf::from("t.bib"));
    assert!(
        e.iter().any(|e| e.key == "good"),
        "entry after the bad one was lost: {:?}",
        keys(&e)
    );
    assert!(e.iter().any(|e| e.key == "before"), "{:?}", keys(&e));
    assert!(!e.iter().any(|e| e.key == "bad"), "{:?}", keys(&e));
    let good = get(&e, "good");
    assert_eq!(good.title.as_deref(), Some("Good"));
}

#[test]
fn missing_key() {
    assert_recovers(
        "@misc{before}\n@article{\n  title = {Bad},\n  year = 2000\n}\n@book{good, title = {Good}}\n",
        3,
        "no citation key",
    );
    assert_recovers(
        "@misc{before}\n@article{, title = {Bad}}\n  @book{good, title = {Good}}\n",
        2,
        "no citation key",
    );
}

#[test]
fn unbalanced_braces() {
    assert_recovers(
        "@misc{before}\n@article{bad,\n  title = {Bad {title},\n  year = 2000\n}\n\n@book{good,\n  title = {Good}\n}\n",
        3,
        "unbalanced braces",
    );
    // At the end of the file too.
    let (e, w) = bib("@misc{before}\n@article{bad,\n  title = {Bad {title},\n}\n");
    assert_eq!(lines(&w), vec![Some(3)]);
    assert_eq!(keys(&e), vec!["before"]);
}

#[test]
fn missing_equals() {
    assert_recovers(
        "@misc{before}\n@article{bad,\n  title = {Bad},\n  year 2000,\n}\n@book{good, title = {Good}}\n",
        4,
        "missing `=` after field `year`",
    );
}

#[test]
fn missing_comma() {
    assert_recovers(
        "@misc{before}\n@article{bad,\n  title = {Bad}\n  year = 2000\n}\n@book{good, title = {Good}}\n",
        3,
        "missing `,` after field `title`",
    );
    assert_recovers(
        "@misc{before}\n@article{bad\n  title = {Bad}\n}\n@book{good, title = {Good}}\n",
        2,
        "missing `,` after the key",
    );
}

#[test]
fn unterminated_entry() {
    // Not closed before the next entry.
    assert_recovers(
        "@misc{before}\n@article{bad,\n  title = {Bad},\n\n@book{good, title = {Good}}\n",
        2,
        "not closed before the next entry (line 5)",
    );
    // Not closed at the end of the file.
    let (e, w) = bib("@misc{before}\n\n@article{bad,\n  title = {Bad},\n  year = 2000\n");
    assert_eq!(lines(&w), vec![Some(3)]);
    assert!(w[0].message.contains("end of the file"), "{}", w[0].message);
    assert_eq!(keys(&e), vec!["before"]);
    // Unterminated quoted value.
    assert_recovers(
        "@misc{before}\n@article{bad,\n  title = \"Bad,\n}\n@book{good, title = {Good}}\n",
        3,
        "unterminated quoted value",
    );
}

#[test]
fn several_errors_in_one_file() {
    let text = "@misc{before}\n@article{bad1 title={x}}\n@article{bad2, title={x} year=1}\n@article{ok1, title={x}}\n@article{bad3, title x}\n@article{good, title={Good}}\n";
    let (e, w) = bib(text);
    assert_eq!(lines(&w), vec![Some(2), Some(3), Some(5)], "{w:#?}");
    assert_eq!(keys(&e), vec!["before", "ok1", "good"]);
}

#[test]
fn bad_type_line_and_stray_at() {
    let (e, w) = bib("@misc{before}\n@article bad, title={x}\n@book{good, title={Good}}\n");
    assert_eq!(lines(&w), vec![Some(2)], "{w:#?}");
    assert_eq!(keys(&e), vec!["before", "good"]);
}

#[test]
fn duplicate_keys_keep_the_first() {
    let (e, w) = bib("@misc{k, title={First}}\n\n@misc{k, title={Second}}\n@misc{other}\n");
    assert_eq!(lines(&w), vec![Some(3)]);
    assert!(w[0].message.contains("lines 1 and 3"), "{}", w[0].message);
    assert_eq!(keys(&e), vec!["k", "other"]);
    assert_eq!(e[0].title.as_deref(), Some("First"));
}

#[test]
fn undefined_macro_and_repeated_field() {
    let (e, w) = bib("@misc{k,\n  journal = nosuchjournal,\n  title = {A},\n  title = {B}\n}\n");
    assert_eq!(lines(&w), vec![Some(2), Some(4)], "{w:#?}");
    assert!(w[0]
        .message
        .contains("undefined @string macro `nosuchjournal`"));
    assert!(w[1].message.contains("repeated"));
    assert_eq!(&e[0].fields["journal"], "nosuchjournal");
    assert_eq!(e[0].title.as_deref(), Some("A"));
}

#[test]
fn never_panics_on_fragments() {
    for s in [
        "@",
        "@a",
        "@a{",
        "@a{k",
        "@a{k,",
        "@a{k,t",
        "@a{k,t=",
        "@a{k,t={",
        "@a{k,t=\"",
        "@a{k,t=x#",
        "@string{",
        "@string{x",
        "@string{x=",
        "@preamble{",
        "@comment{",
        "@a(k,t=1",
        "}}}@",
        "@a{k,t={\\}}",
        "@a{k,t=\"\\\"}",
        "@a{é,é={é}}",
        "\u{feff}@a{k}",
    ] {
        let _ = bib(s);
    }
}

// ---------------------------------------------------------------- files and encodings

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn load_latin1_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "refs.bib",
        b"@misc{a, title={Plain}}\n@misc{b,\n  author = {M\xfcller, J\xf6rg},\n  title = {Caf\xe9 \x93quoted\x94}\n}\n",
    );
    let (e, w) = load_file(&p);
    assert_eq!(lines(&w), vec![Some(3)], "{w:#?}");
    assert_eq!(w[0].path, p);
    assert!(w[0].message.contains("UTF-8"));
    assert_eq!(get(&e, "b").authors, vec![name("Müller", Some("Jörg"))]);
    assert_eq!(
        get(&e, "b").title.as_deref(),
        Some("Café \u{201c}quoted\u{201d}")
    );
    assert_eq!(e.len(), 2);
}

#[test]
fn load_binary_missing_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "refs.bib", b"@misc{a}\n\0\0\x01binary");
    let (e, w) = load_file(&p);
    assert!(e.is_empty());
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("binary"), "{}", w[0].message);

    let (e, w) = load_file(&dir.path().join("missing.bib"));
    assert!(e.is_empty());
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("cannot read"), "{}", w[0].message);

    let p = write(dir.path(), "refs.txt", b"@misc{a}");
    let (e, w) = load_file(&p);
    assert!(e.is_empty());
    assert!(w[0].message.contains("is not a bibliography extension"));
}

#[test]
fn load_by_extension_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.BIB", b"\xEF\xBB\xBF@misc{a, title={T}}");
    let (e, w) = load_file(&p);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(e[0].key, "a");
    let p = write(dir.path(), "a.json", br#"[{"id": "j", "title": "T"}]"#);
    assert_eq!(load_file(&p).0[0].key, "j");
    let p = write(dir.path(), "a.yml", b"- id: y\n  title: T\n");
    assert_eq!(load_file(&p).0[0].key, "y");
    let p = write(dir.path(), "a.yaml", b"references:\n- id: z\n");
    assert_eq!(load_file(&p).0[0].key, "z");
}

// ---------------------------------------------------------------- CSL-JSON

fn json(text: &str) -> (Vec<Entry>, Vec<Warning>) {
    parse_csl_json(Path::new("t.json"), text)
}

fn yaml(text: &str) -> (Vec<Entry>, Vec<Warning>) {
    parse_csl_yaml(Path::new("t.yaml"), text)
}

#[test]
fn csl_json_items() {
    let (e, w) = json(
        r#"[
  {
    "id": "zhou2008",
    "type": "article-journal",
    "title": "Synchronizing  Export",
    "author": [
      {"family": "Zhou", "given": "Yu"},
      {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
      {"family": "La Fontaine", "given": "Jean", "dropping-particle": "de"},
      {"family": "Ford", "given": "Henry", "suffix": "Jr."},
      {"literal": "World Health Organization"}
    ],
    "editor": [{"family": "Ed"}],
    "issued": {"date-parts": [[2008, 5]]},
    "container-title": "World Development",
    "keyword": "ICT, China",
    "volume": 36,
    "page": "2353-2370"
  },
  {"id": 42, "type": "book", "issued": {"raw": "2001"}, "publisher": "P"},
  {"id": "lit", "issued": {"literal": "circa 1850"}},
  {"id": "edtf", "issued": "2013-04-01"},
  {"id": "none"}
]"#,
    );
    assert!(w.is_empty(), "{w:?}");
    let z = get(&e, "zhou2008");
    assert_eq!(z.kind, "article-journal");
    assert_eq!(z.line, 3);
    assert_eq!(z.title.as_deref(), Some("Synchronizing Export"));
    assert_eq!(
        z.authors,
        vec![
            name("Zhou", Some("Yu")),
            name("van Beethoven", Some("Ludwig")),
            name("La Fontaine", Some("Jean de")),
            name("Ford", Some("Henry, Jr.")),
            name("World Health Organization", None),
        ]
    );
    assert_eq!(z.editors, vec![name("Ed", None)]);
    assert_eq!(z.year, Some(2008));
    assert_eq!(z.container.as_deref(), Some("World Development"));
    assert_eq!(z.keywords, vec!["ICT", "China"]);
    assert_eq!(&z.fields["volume"], "36");
    assert_eq!(&z.fields["page"], "2353-2370");
    assert_eq!(&z.fields["issued"], "2008-05");
    let n = get(&e, "42");
    assert_eq!(n.year, Some(2001));
    assert_eq!(n.container.as_deref(), Some("P"));
    assert_eq!(n.line, 20);
    assert_eq!(get(&e, "lit").year, Some(1850));
    assert_eq!(get(&e, "edtf").year, Some(2013));
    assert_eq!(get(&e, "none").year, None);
    assert_eq!(get(&e, "none").line, 23);
}

#[test]
fn csl_json_wrapped_and_errors() {
    let (e, w) = json("{\"items\": [\n {\"title\": \"no id\"},\n {\"id\": \"b\", \"note\": {\"id\": \"nested\"}}\n]}");
    assert_eq!(keys(&e), vec!["b"]);
    assert_eq!(lines(&w), vec![Some(2)], "{w:?}");
    assert!(w[0].message.contains("no `id`"));
    assert_eq!(e[0].line, 3);

    let (e, w) = json("{\"references\": [{\"id\": \"r\"}], \"other\": [{\"id\": \"x\"}]}");
    assert_eq!(keys(&e), vec!["r"]);
    assert!(w.is_empty());

    let (e, w) = json("[\n  {\"id\": \"a\",}\n]");
    assert!(e.is_empty());
    assert_eq!(lines(&w), vec![Some(2)]);
    assert!(w[0].message.contains("column"), "{}", w[0].message);

    let (e, w) = json("{\"nothing\": 1}");
    assert!(e.is_empty());
    assert_eq!(w.len(), 1);

    let (e, w) = json("[{\"id\": \"d\"}, {\"id\": \"d\"}, 3]");
    assert_eq!(keys(&e), vec!["d"]);
    assert_eq!(w.len(), 2, "{w:?}");
}

// ---------------------------------------------------------------- CSL-YAML

#[test]
fn csl_yaml_sequence_and_pandoc_dates() {
    let (e, w) = yaml(
        r#"# Pandoc-style CSL YAML
- id: zhou2008
  type: article-journal
  title: Synchronizing Export
  author:
    - family: Zhou
      given: Yu
    - literal: World Bank
  issued: 2008
  container-title: World Development
- id: "b"
  issued:
    - year: 2011
      month: 3
  keyword: a, b
- {id: c, issued: {date-parts: [[1999]]}, publisher: P}
- id: 7
  issued: 2013-04-01
"#,
    );
    assert!(w.is_empty(), "{w:?}");
    let z = get(&e, "zhou2008");
    assert_eq!(z.line, 2);
    assert_eq!(z.year, Some(2008));
    assert_eq!(
        z.authors,
        vec![name("Zhou", Some("Yu")), name("World Bank", None)]
    );
    assert_eq!(z.container.as_deref(), Some("World Development"));
    let b = get(&e, "b");
    assert_eq!(b.line, 11);
    assert_eq!(b.year, Some(2011));
    assert_eq!(&b.fields["issued"], "2011-03");
    assert_eq!(b.keywords, vec!["a", "b"]);
    assert_eq!(get(&e, "c").line, 16);
    assert_eq!(get(&e, "c").year, Some(1999));
    assert_eq!(get(&e, "7").line, 17);
    assert_eq!(get(&e, "7").year, Some(2013));
}

#[test]
fn csl_yaml_references_and_front_matter() {
    let (e, w) = yaml("references:\n  - id: a\n    title: A\n  - id: b\n");
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(keys(&e), vec!["a", "b"]);
    assert_eq!(get(&e, "b").line, 4);

    let md = "---\ntitle: My review\nreferences:\n- id: fm1\n  title: T\n  issued:\n  - year: 2005\n- id: fm2\n---\n\nBody text [@fm1].\n";
    let (e, w) = yaml(md);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(keys(&e), vec!["fm1", "fm2"]);
    assert_eq!(get(&e, "fm1").line, 4);
    assert_eq!(get(&e, "fm1").year, Some(2005));
    assert_eq!(get(&e, "fm2").line, 8);
}

#[test]
fn csl_yaml_errors() {
    let (e, w) = yaml("- id: a\n  title: [unclosed\n- id: b\n");
    assert!(e.is_empty());
    assert_eq!(w.len(), 1);
    assert!(w[0].line.is_some(), "{w:?}");

    // Errors inside front matter are reported with file lines.
    let (_, w) = yaml("---\nreferences:\n- id: a\n  title: \"x\n---\n");
    assert_eq!(w.len(), 1);
    assert!(w[0].line.unwrap() >= 4, "{w:?}");

    let (e, w) = yaml("- id: a\n- title: no id\n- id: c\n");
    assert_eq!(keys(&e), vec!["a", "c"]);
    assert_eq!(lines(&w), vec![Some(2)], "{w:?}");
    assert_eq!(get(&e, "c").line, 3);

    // The item without an id is found at its own marker, past nested lists.
    let (e, w) = yaml(
        "references:\n  - id: a\n    author:\n      - family: X\n  - title: no id\n    author:\n      - family: Y\n  - id: c\n",
    );
    assert_eq!(keys(&e), vec!["a", "c"]);
    assert_eq!(lines(&w), vec![Some(5)], "{w:?}");
    assert_eq!(get(&e, "c").line, 8);

    let (e, w) = yaml("just: a mapping\n");
    assert!(e.is_empty());
    assert_eq!(w.len(), 1);

    let (e, w) = yaml("");
    assert!(e.is_empty() && w.is_empty());
}

// ---------------------------------------------------------------- shared real-world files

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The shared bibliographies, or `None` (with a note) when the shared folder is absent.
/// With `GLOSS_REQUIRE_SHARED=1`, absence fails the test.
fn shared_bibs() -> Option<Vec<PathBuf>> {
    let root = shared_dir();
    let require = crate::test_skip::required();
    let corpus = root.join("corpus/references.bib");
    if !corpus.exists() {
        assert!(
            !require,
            "GLOSS_REQUIRE_SHARED=1 but {} is missing",
            corpus.display()
        );
        crate::test_skip::skip(
            &crate::test_skip::this_test(),
            "../shared/corpus/references.bib not found",
        );
        return None;
    }
    let mut files = vec![corpus];
    let corpus2 = root.join("realworld/corpus2/references.bib");
    if corpus2.exists() {
        files.push(corpus2);
    } else {
        assert!(
            !require,
            "GLOSS_REQUIRE_SHARED=1 but {} is missing",
            corpus2.display()
        );
    }
    let joss = root.join("realworld/joss");
    match std::fs::read_dir(&joss) {
        Ok(dirs) => {
            let mut papers: Vec<PathBuf> = dirs
                .filter_map(Result::ok)
                .map(|d| d.path().join("paper.bib"))
                .filter(|p| p.exists())
                .collect();
            papers.sort();
            assert!(!require || !papers.is_empty(), "no JOSS paper.bib files");
            files.extend(papers);
        }
        Err(_) => assert!(
            !require,
            "GLOSS_REQUIRE_SHARED=1 but {} is missing",
            joss.display()
        ),
    }
    Some(files)
}

/// Warnings on the shared files that are real problems in them, checked by hand:
/// (file path suffix, line, message fragment). castro's paper.bib repeats fields
/// in three entries (an arXiv record merged with its journal version).
const KNOWN_SHARED_WARNINGS: &[(&str, u32, &str)] = &[
    (
        "castro/paper.bib",
        6,
        "field `journal` repeated in `maestroex`",
    ),
    (
        "castro/paper.bib",
        7,
        "field `year` repeated in `maestroex`",
    ),
    (
        "castro/paper.bib",
        166,
        "field `pages` repeated in `castro_2019`",
    ),
    (
        "castro/paper.bib",
        167,
        "field `journal` repeated in `castro_2019`",
    ),
    (
        "castro/paper.bib",
        220,
        "field `journal` repeated in `kathena`",
    ),
    (
        "castro/paper.bib",
        221,
        "field `year` repeated in `kathena`",
    ),
    (
        "castro/paper.bib",
        224,
        "field `pages` repeated in `kathena`",
    ),
];

fn is_known(w: &Warning) -> bool {
    KNOWN_SHARED_WARNINGS.iter().any(|(suffix, line, msg)| {
        w.path.ends_with(suffix) && w.line == Some(*line) && w.message.contains(msg)
    })
}

#[test]
fn shared_bibliographies_load_cleanly() {
    let Some(files) = shared_bibs() else { return };
    for f in &files {
        let (entries, warnings) = load_file(f);
        let unexpected: Vec<&Warning> = warnings.iter().filter(|w| !is_known(w)).collect();
        assert!(unexpected.is_empty(), "{}: {unexpected:#?}", f.display());
        assert!(!entries.is_empty(), "{}: no entries", f.display());
        let text = std::fs::read_to_string(f).unwrap();
        // Every `@type{` at a line start is an entry (or a @string/@comment/@preamble).
        let starts = text
            .lines()
            .filter(|l| {
                let t = l.trim_start().to_ascii_lowercase();
                t.starts_with('@')
                    && !t.starts_with("@string")
                    && !t.starts_with("@comment")
                    && !t.starts_with("@preamble")
            })
            .count();
        assert_eq!(entries.len(), starts, "{}", f.display());
        for e in &entries {
            assert!(!e.key.is_empty());
            // No TeX left in titles and names.
            for t in e.title.iter().chain(e.authors.iter().map(|n| &n.family)) {
                assert!(
                    !t.contains(['\\', '{', '}']),
                    "{}:{}: TeX left in {t:?}",
                    f.display(),
                    e.line
                );
            }
        }
    }
}

#[test]
fn shared_corpus_entries() {
    let Some(files) = shared_bibs() else { return };
    let (e, w) = load_file(&files[0]);
    assert!(w.is_empty(), "{w:?}");
    for k in [
        "zhou2008synchronizing",
        "ernst2007beyond",
        "he_wang_machine_tools",
        "herrigel2013process",
        "zhang2013formation",
    ] {
        get(&e, k);
    }
    let hw = get(&e, "he_wang_machine_tools");
    assert_eq!(hw.year, None);
    let families: Vec<&str> = hw.authors.iter().map(|n| n.family.as_str()).collect();
    assert_eq!(families, vec!["He", "Wang"]);
    assert_eq!(
        get(&e, "ernst2007beyond").title.as_deref(),
        Some("Beyond the \"Global Factory\" Model: Innovative Capabilities for Upgrading China's IT Industry")
    );
    assert_eq!(get(&e, "zhou2008synchronizing").year, Some(2008));
    assert_eq!(&get(&e, "zhang2013formation").fields["month"], "April");
}
