//! Projects, not just files: gloss finds the bibliography and corpus the way
//! Quarto, bookdown and Pandoc do, checks every draft under a folder, and
//! never indexes a draft as a corpus paper. Each project is written here.

mod common;
use common::*;

use std::path::Path;

fn bib(keys: &[&str]) -> String {
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            format!(
                "@article{{{k},\n  author = {{Author{i}, Ann}},\n  title = {{Study number {i} of {k}}},\n  year = {{20{:02}}}\n}}\n",
                i % 30
            )
        })
        .collect()
}

/// Every `unknown-citation` key of a JSON report, over all its files.
fn unknown_keys(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for f in v["files"].as_array().into_iter().flatten() {
        for d in f["diagnostics"].as_array().into_iter().flatten() {
            if d["code"] == "unknown-citation" {
                out.extend(
                    d["cited"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| c.as_str().unwrap_or("").to_string()),
                );
            }
        }
    }
    out
}

/// The paths of the files a JSON report covers, in order.
fn files(v: &serde_json::Value) -> Vec<String> {
    v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect()
}

fn check(dir: &Path, args: &[&str]) -> (serde_json::Value, std::process::Output) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all, dir);
    (json(&o), o)
}

/// Keys `gloss citations` resolved, in order (None: unresolved).
fn resolved(dir: &Path, args: &[&str]) -> Vec<Option<String>> {
    let mut all = vec!["citations", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all, dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    v["citations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap().clone())
        .map(|i| i["key"].as_str().map(str::to_string))
        .collect()
}

const QUARTO_BOOK: &str = "project:
  type: book

book:
  title: \"Heat\"
  chapters:
    - index.qmd
    - part: \"Evidence\"
      chapters:
        - chapters/trees.qmd
        - chapters/roofs.qmd
    - chapters/summary.md
  appendices:
    - appendix.qmd

bibliography: refs.bib
";

fn quarto_book() -> tempfile::TempDir {
    tree(&[
        ("_quarto.yml", QUARTO_BOOK.as_bytes()),
        (
            "refs.bib",
            bib(&["okafor2019", "chen2020", "lind2021"]).as_bytes(),
        ),
        (
            "index.qmd",
            b"# Preface\n\nTrees cool streets [@okafor2019].\n",
        ),
        (
            "chapters/trees.qmd",
            b"# Trees\n\nShade lowers night heat [@okafor2019; @chen2020].\n",
        ),
        (
            "chapters/roofs.qmd",
            b"# Roofs\n\nGreen roofs help [@lind2021]. A slip [@lindqvist2099].\n",
        ),
        ("chapters/summary.md", b"# Summary\n\nAs @chen2020 shows.\n"),
        ("appendix.qmd", b"# Appendix\n\nMore [@lind2021].\n"),
        (
            "README.md",
            b"# How to build\n\nRun quarto render [@notabook].\n",
        ),
        ("notes/scratch.qmd", b"Stray [@nothere].\n"),
    ])
}

#[test]
fn quarto_book_chapters_use_the_project_bibliography() {
    let dir = quarto_book();
    let (v, o) = check(dir.path(), &["chapters/trees.qmd"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(unknown_keys(&v), Vec::<String>::new());
    let (v, o) = check(dir.path(), &["chapters/roofs.qmd"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(unknown_keys(&v), vec!["lindqvist2099"]);
    assert_eq!(
        resolved(dir.path(), &["chapters/summary.md"]),
        vec![Some("chen2020".to_string())]
    );
}

#[test]
fn a_folder_check_of_a_quarto_book_covers_its_chapters_in_book_order() {
    let dir = quarto_book();
    let (v, o) = check(dir.path(), &["."]);
    assert_eq!(
        files(&v),
        vec![
            "index.qmd",
            "chapters/trees.qmd",
            "chapters/roofs.qmd",
            "chapters/summary.md",
            "appendix.qmd",
        ],
        "{}",
        stderr(&o)
    );
    assert_eq!(unknown_keys(&v), vec!["lindqvist2099"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn quarto_metadata_files_apply_below_their_folder_nearer_wins() {
    let dir = tree(&[
        (
            "_quarto.yml",
            b"project:\n  type: default\nbibliography: refs.bib\n",
        ),
        ("refs.bib", bib(&["rootkey"]).as_bytes()),
        ("part/_metadata.yml", b"bibliography: part.bib\n"),
        ("part/part.bib", bib(&["partkey"]).as_bytes()),
        ("part/deep/_metadata.yml", b"bibliography: ../../deep.bib\n"),
        ("deep.bib", bib(&["deepkey"]).as_bytes()),
        ("top.qmd", b"[@rootkey] [@partkey]\n"),
        ("part/a.qmd", b"[@rootkey] [@partkey]\n"),
        ("part/deep/b.qmd", b"[@partkey] [@deepkey]\n"),
    ]);
    assert_eq!(
        resolved(dir.path(), &["top.qmd"]),
        vec![Some("rootkey".into()), None]
    );
    assert_eq!(
        resolved(dir.path(), &["part/a.qmd"]),
        vec![None, Some("partkey".into())]
    );
    assert_eq!(
        resolved(dir.path(), &["part/deep/b.qmd"]),
        vec![None, Some("deepkey".into())]
    );
}

#[test]
fn quarto_merges_a_list_in_front_matter_with_the_project_bibliography() {
    let dir = tree(&[
        ("_quarto.yml", b"bibliography: refs.bib\n"),
        ("refs.bib", bib(&["rootkey"]).as_bytes()),
        ("own.bib", bib(&["ownkey"]).as_bytes()),
        (
            "list.qmd",
            b"---\nbibliography: [own.bib]\n---\n\n[@rootkey] [@ownkey]\n",
        ),
        (
            "string.qmd",
            b"---\nbibliography: own.bib\n---\n\n[@rootkey] [@ownkey]\n",
        ),
    ]);
    assert_eq!(
        resolved(dir.path(), &["list.qmd"]),
        vec![Some("rootkey".into()), Some("ownkey".into())]
    );
    assert_eq!(
        resolved(dir.path(), &["string.qmd"]),
        vec![None, Some("ownkey".into())]
    );
}

/// The R Markdown book's layout: 22 chapters whose citations use keys
/// defined only in `book.bib`, named only in `index.Rmd`'s front matter
/// beside `packages.bib` (generated when the book is built, so absent here).
fn bookdown_book(list_files: bool) -> tempfile::TempDir {
    let keys: Vec<String> = (0..44).map(|i| format!("xie2018key{i}")).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut files: Vec<(String, String)> = vec![
        ("book.bib".into(), bib(&key_refs)),
        (
            "index.Rmd".into(),
            "--- \ntitle: \"A Book\"\nbibliography: [book.bib, packages.bib]\nbiblio-style: apalike\nsite: bookdown::bookdown_site\n---\n\n# Preface\n\nSee [@xie2018key0].\n"
                .into(),
        ),
        (
            "_output.yml".into(),
            "bookdown::gitbook:\n  css: style.css\nbookdown::pdf_book:\n  pandoc_args: [--top-level-division=chapter]\n".into(),
        ),
        (
            "examples/demo.Rmd".into(),
            "Not a chapter [@notachapter].\n".into(),
        ),
        ("_render.Rmd".into(), "Not a chapter [@notachapter].\n".into()),
    ];
    let mut chapters = vec!["index.Rmd".to_string()];
    for c in 1..22 {
        let name = format!("{c:02}-chapter.Rmd");
        files.push((
            name.clone(),
            format!(
                "# Chapter {c}\n\nAs @xie2018key{} argues, knitr runs code [@xie2018key{}; see @xie2018key{}, p. 3].\n\n```{{r}}\nx <- 1\n```\n",
                2 * c,
                2 * c + 1,
                c
            ),
        ));
        chapters.push(name);
    }
    let mut yml = String::from("book_filename: book\noutput_dir: _book\n");
    if list_files {
        yml.push_str("rmd_files:\n");
        for c in &chapters {
            yml.push_str(&format!("  - {c}\n"));
        }
    }
    files.push(("_bookdown.yml".into(), yml));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    tree(&refs)
}

#[test]
fn bookdown_chapters_use_index_rmd_front_matter() {
    for list_files in [true, false] {
        let dir = bookdown_book(list_files);
        for c in [1, 7, 21] {
            let chapter = format!("{c:02}-chapter.Rmd");
            let (v, o) = check(dir.path(), &[chapter.as_str()]);
            assert_eq!(
                unknown_keys(&v),
                Vec::<String>::new(),
                "{chapter}: {}",
                stderr(&o)
            );
            assert_eq!(o.status.code(), Some(0), "{chapter}: {}", stdout(&o));
            // packages.bib is named but absent: a warning naming index.Rmd and its line.
            let err = stderr(&o);
            assert!(
                err.contains("index.Rmd:3") && err.contains("packages.bib"),
                "{err}"
            );
        }
        let (v, o) = check(dir.path(), &["."]);
        let got = files(&v);
        assert_eq!(got.len(), 22, "{got:?}");
        assert_eq!(got[0], "index.Rmd");
        assert!(!got
            .iter()
            .any(|f| f.contains("examples") || f.contains("_render")));
        assert_eq!(unknown_keys(&v), Vec::<String>::new(), "{}", stderr(&o));
    }
}

#[test]
fn bookdown_rmd_files_may_be_split_by_output_format() {
    let dir = tree(&[
        (
            "_bookdown.yml",
            b"rmd_files:\n  html: [index.Rmd, web.Rmd]\n  latex: [index.Rmd, print.Rmd]\n",
        ),
        ("index.Rmd", b"---\nbibliography: b.bib\n---\n\n# Hi\n"),
        ("b.bib", bib(&["k1"]).as_bytes()),
        ("web.Rmd", b"[@k1]\n"),
        ("print.Rmd", b"[@k1]\n"),
        ("other.Rmd", b"[@k1]\n"),
    ]);
    let (v, _) = check(dir.path(), &["."]);
    assert_eq!(files(&v), vec!["index.Rmd", "web.Rmd", "print.Rmd"]);
    assert_eq!(unknown_keys(&v), Vec::<String>::new());
}

#[test]
fn pandoc_defaults_flag_names_the_bibliography() {
    let dir = tree(&[
        (
            "build/defaults.yaml",
            b"from: markdown\nciteproc: true\nbibliography:\n  - ${.}/../refs.bib\nmetadata:\n  title: x\nmetadata-files:\n  - build/meta.yaml\n",
        ),
        ("build/meta.yaml", b"bibliography: meta.bib\n"),
        ("refs.bib", bib(&["defkey"]).as_bytes()),
        ("meta.bib", bib(&["metakey"]).as_bytes()),
        ("draft.md", b"[@defkey] [@metakey]\n"),
    ]);
    // A top-level `bibliography:` replaces the one metadata files give, as in Pandoc.
    let got = resolved(
        dir.path(),
        &["--defaults", "build/defaults.yaml", "draft.md"],
    );
    assert_eq!(got, vec![Some("defkey".into()), None]);
    let (v, o) = check(dir.path(), &["-d", "build/defaults.yaml", "draft.md"]);
    assert_eq!(unknown_keys(&v), vec!["metakey"], "{}", stderr(&o));
    // metadata: bibliography, and metadata files alone.
    std::fs::write(
        dir.path().join("m.yaml"),
        "metadata:\n  bibliography: meta.bib\n",
    )
    .unwrap();
    assert_eq!(
        resolved(dir.path(), &["-d", "m.yaml", "draft.md"]),
        vec![None, Some("metakey".into())]
    );
    std::fs::write(
        dir.path().join("f.yaml"),
        "metadata-files: [build/meta.yaml]\n",
    )
    .unwrap();
    assert_eq!(
        resolved(dir.path(), &["-d", "f", "draft.md"]),
        vec![None, Some("metakey".into())],
        "the .yaml extension may be left out, as in Pandoc"
    );
    let o = run(&["check", "-d", "nope.yaml", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.yaml"), "{}", stderr(&o));
}

#[test]
fn a_defaults_file_of_the_project_is_found_and_output_yml_pandoc_args_read() {
    let dir = tree(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("defaults.yaml", b"bibliography: refs.bib\n"),
        ("refs.bib", bib(&["defkey"]).as_bytes()),
        ("text/draft.md", b"[@defkey]\n"),
        (
            "rmd/_output.yml",
            b"bookdown::html_document2:\n  pandoc_args: [\"--bibliography\", \"out.bib\", \"--wrap=none\"]\nhtml_document:\n  pandoc_args: [\"--bibliography=more.bib\"]\n",
        ),
        ("rmd/out.bib", bib(&["outkey"]).as_bytes()),
        ("rmd/more.bib", bib(&["morekey"]).as_bytes()),
        ("rmd/report.Rmd", b"[@outkey] [@morekey]\n"),
    ]);
    assert_eq!(
        resolved(dir.path(), &["text/draft.md"]),
        vec![Some("defkey".into())]
    );
    assert_eq!(
        resolved(dir.path(), &["rmd/report.Rmd"]),
        vec![Some("outkey".into()), Some("morekey".into())]
    );
}

/// project files < gloss.toml < front matter < flags, one key per layer.
#[test]
fn precedence_project_then_gloss_toml_then_front_matter_then_flags() {
    let dir = tree(&[
        ("_quarto.yml", b"bibliography: p.bib\n"),
        ("p.bib", bib(&["pkey"]).as_bytes()),
        ("t.bib", bib(&["tkey"]).as_bytes()),
        ("f.bib", bib(&["fkey"]).as_bytes()),
        ("b.bib", bib(&["bkey"]).as_bytes()),
        ("d.md", b"[@pkey] [@tkey] [@fkey] [@bkey]\n"),
        (
            "e.md",
            b"---\nbibliography: f.bib\n---\n\n[@pkey] [@tkey] [@fkey] [@bkey]\n",
        ),
    ]);
    let one = |which: usize| {
        let mut v = vec![None; 4];
        v[which] = Some(["pkey", "tkey", "fkey", "bkey"][which].to_string());
        v
    };
    assert_eq!(resolved(dir.path(), &["d.md"]), one(0));
    std::fs::write(dir.path().join("gloss.toml"), "bibliography = \"t.bib\"\n").unwrap();
    assert_eq!(resolved(dir.path(), &["d.md"]), one(1));
    assert_eq!(resolved(dir.path(), &["e.md"]), one(2));
    assert_eq!(resolved(dir.path(), &["--bib", "b.bib", "e.md"]), one(3));
}

#[test]
fn broken_project_files_are_warnings_with_a_line_and_the_rest_works() {
    let dir = tree(&[
        (
            "_quarto.yml",
            b"project:\n  type: book\nbook:\n  chapters: [a.qmd\nbibliography: refs.bib\n",
        ),
        ("refs.bib", bib(&["k1"]).as_bytes()),
        ("gloss.toml", b"bibliography = \"refs.bib\"\n"),
        ("a.qmd", b"[@k1]\n"),
        (
            "sub/_metadata.yml",
            b"bibliography: [missing.bib, ../refs.bib]\n",
        ),
        ("sub/b.qmd", b"[@k1]\n"),
    ]);
    let (v, o) = check(dir.path(), &["a.qmd"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(unknown_keys(&v), Vec::<String>::new());
    let err = stderr(&o);
    assert!(err.contains("_quarto.yml:"), "{err}");
    std::fs::remove_file(dir.path().join("gloss.toml")).unwrap();
    let (v, o) = check(dir.path(), &["sub/b.qmd"]);
    assert_eq!(unknown_keys(&v), Vec::<String>::new(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("_metadata.yml:1") && err.contains("missing.bib"),
        "{err}"
    );
}

#[test]
fn a_folder_check_walks_drafts_as_ripgrep_does() {
    let dir = tree(&[
        ("refs.bib", bib(&["k1"]).as_bytes()),
        ("gloss.toml", b"bibliography = \"refs.bib\"\n"),
        (".gitignore", b"build/\n"),
        (".ignore", b"scratch.md\n"),
        ("a.md", b"[@k1]\n"),
        ("b.qmd", b"[@k1]\n"),
        ("sub/c.Rmd", b"[@k1]\n"),
        ("sub/d.rmd", b"[@k1]\n"),
        ("sub/e.markdown", b"[@k1]\n"),
        ("notes.txt", b"[@zz]\n"),
        ("build/out.md", b"[@zz]\n"),
        ("scratch.md", b"[@zz]\n"),
        (".hidden/h.md", b"[@zz]\n"),
        (".dot.md", b"[@zz]\n"),
    ]);
    let (v, o) = check(dir.path(), &["."]);
    assert_eq!(
        files(&v),
        vec!["a.md", "b.qmd", "sub/c.Rmd", "sub/d.rmd", "sub/e.markdown"],
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
    // A folder and a file together; a file named twice is checked once.
    let (v, _) = check(dir.path(), &["sub", "a.md", "sub/c.Rmd"]);
    assert_eq!(
        files(&v),
        vec!["sub/c.Rmd", "sub/d.rmd", "sub/e.markdown", "a.md"]
    );
}

#[test]
fn a_missing_path_or_an_empty_folder_is_an_error_that_names_it() {
    let dir = tree(&[("empty/.keep", b""), ("refs.bib", bib(&["k1"]).as_bytes())]);
    let o = run(&["check", "missing.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(!stdout(&o).contains("no problems"), "{}", stdout(&o));
    assert!(stderr(&o).contains("missing.md"), "{}", stderr(&o));
    let o = run(&["check", "empty"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(!stdout(&o).contains("no problems"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("no drafts found under empty"),
        "{}",
        stderr(&o)
    );
    let o = run(&["citations", "missing.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.md"));
}

#[test]
fn a_missing_bib_flag_is_exit_2_for_check_and_citations() {
    let dir = tree(&[("d.md", b"[@k1]\n")]);
    for cmd in ["check", "citations"] {
        let o = run(&[cmd, "--bib", "nope.bib", "d.md"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("bibliography nope.bib not found"),
            "{cmd}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{cmd}: {}", stdout(&o));
    }
    let o = run(&["citations", "--corpus", "nowhere", "d.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("corpus folder nowhere not found"));
}

#[test]
fn citations_resolves_keys_through_bib_and_corpus_flags() {
    let dir = tree(&[
        ("refs.bib", bib(&["k1"]).as_bytes()),
        ("papers/more.bib", bib(&["k2"]).as_bytes()),
        ("d.md", b"[@k1] [@k2] [@k3]\n"),
    ]);
    assert_eq!(resolved(dir.path(), &["d.md"]), vec![None, None, None]);
    assert_eq!(
        resolved(
            dir.path(),
            &["--bib", "refs.bib", "--corpus", "papers", "d.md"]
        ),
        vec![Some("k1".into()), Some("k2".into()), None]
    );
}

const PAPER: &str = "Street Trees and Night Heat\n\nAnn Okafor\n\nAbstract\n\nStreet trees lowered night-time air temperature by 1.8 degrees across forty blocks in the summer of 2017.\n\nThe cooling was strongest on narrow streets with closed canopies and weakest near open parking lots.\n";

/// A corpus folder that is the project root: the review beside the papers.
fn corpus_at_root() -> tempfile::TempDir {
    tree(&[
        ("gloss.toml", b"corpus = \".\"\n"),
        (
            "refs.bib",
            b"@article{okafor2019, author = {Okafor, Ann}, title = {Street Trees and Night Heat}, year = {2019}}\n",
        ),
        ("okafor2019.md", PAPER.as_bytes()),
        (
            "review.md",
            b"---\ntitle: Review\n---\n\nStreet trees lowered night-time air temperature by 1.8 degrees across forty blocks [@okafor2019].\n\nThe cooling was strongest on narrow streets with closed canopies and weakest near open parking lots.\n",
        ),
    ])
}

#[test]
fn a_draft_in_the_corpus_folder_is_never_indexed_as_a_paper() {
    let dir = corpus_at_root();
    let o = run(&["index", "--corpus", ".", "--format", "json"], dir.path());
    let v = json(&o);
    let paths: Vec<String> = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["path"].as_str().map(str::to_string))
        .collect();
    assert_eq!(paths, vec!["./okafor2019.md"], "{v}");
    let notes: Vec<String> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}: {}",
                w["path"].as_str().unwrap(),
                w["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        notes.contains(
            &"./review.md: left out of the corpus: it is a draft (it has Pandoc citations)"
                .to_string()
        ),
        "{notes:?}"
    );
    // Checking it: its sentences are not "found" in itself.
    let (v, o) = check(dir.path(), &["review.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    for d in v["files"][0]["diagnostics"].as_array().unwrap() {
        assert!(
            !d.to_string().contains("review.md\""),
            "evidence from the draft itself: {d}"
        );
    }
    // A draft without citations, named on the command line, is left out too.
    std::fs::write(
        dir.path().join("plain.qmd"),
        "The cooling was strongest on narrow streets with closed canopies and weakest near open parking lots.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("front.md"),
        "---\nbibliography: refs.bib\n---\n\nThe cooling was strongest on narrow streets with closed canopies and weakest near open parking lots.\n",
    )
    .unwrap();
    let (v, o) = check(dir.path(), &["front.md"]);
    assert!(
        stderr(&o).contains("front.md: left out of the corpus: it is a draft (its front matter names a bibliography)"),
        "{}",
        stderr(&o)
    );
    let uncited: Vec<String> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "uncited-source")
        .map(|d| d["evidence"].to_string())
        .collect();
    assert_eq!(uncited.len(), 1, "{uncited:?}");
    assert!(uncited[0].contains("okafor2019.md"), "{uncited:?}");
}

#[test]
fn a_corpus_text_given_as_a_draft_is_noted_and_stays_in_the_corpus() {
    let dir = corpus_at_root();
    let (v, o) = check(dir.path(), &["okafor2019.md", "review.md"]);
    assert_eq!(files(&v), vec!["review.md"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains("okafor2019.md is a text of the corpus, not a draft"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Only corpus texts: nothing to check is not a failure (a commit of papers).
    let o = run(&["check", "okafor2019.md"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A folder check takes the drafts, not the papers.
    let (v, _) = check(dir.path(), &["."]);
    assert_eq!(files(&v), vec!["review.md"]);
}

#[test]
fn drafts_left_out_of_the_corpus_do_not_upset_the_persisted_index() {
    let dir = corpus_at_root();
    let cache = tempfile::tempdir().unwrap();
    let index = |dir: &Path| {
        let o = gloss()
            .env("GLOSS_CACHE_DIR", cache.path())
            .args(["index", "--corpus", ".", "--format", "json"])
            .current_dir(dir)
            .output()
            .unwrap();
        json(&o)["cache"].clone()
    };
    let first = index(dir.path());
    assert_eq!(first["texts_parsed"], 1, "{first}");
    let second = index(dir.path());
    assert_eq!(second["texts_parsed"], 0, "{second}");
    assert_eq!(second["texts_cached"], 1, "{second}");
    assert_eq!(second["works_indexed"], 0, "{second}");
    // Editing the draft changes nothing the cache holds.
    let review = dir.path().join("review.md");
    let mut text = std::fs::read_to_string(&review).unwrap();
    text.push_str("\nMore shade helps [@okafor2019].\n");
    std::fs::write(&review, text).unwrap();
    let third = index(dir.path());
    assert_eq!(
        (
            third["texts_parsed"].clone(),
            third["works_indexed"].clone()
        ),
        (0.into(), 0.into()),
        "{third}"
    );
    // A paper that gains citations becomes a draft and leaves the index.
    std::fs::write(
        dir.path().join("okafor2019.md"),
        format!("{PAPER}\nSee [@okafor2019].\n"),
    )
    .unwrap();
    let o = gloss()
        .env("GLOSS_CACHE_DIR", cache.path())
        .args(["index", "--corpus", ".", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v = json(&o);
    assert!(v["works"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["path"].is_null()));
}

#[test]
fn the_shared_joss_papers_are_checked_as_one_folder() {
    let Some(shared) = shared() else { return };
    let joss = shared.join("realworld/joss");
    let o = run(
        &["check", "--format", "json", joss.to_str().unwrap()],
        Path::new(env!("CARGO_TARGET_TMPDIR")),
    );
    let v = json(&o);
    let n = std::fs::read_dir(&joss)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("paper.md").is_file())
        .count();
    let checked = files(&v);
    assert!(checked.len() >= n, "{checked:?}");
    assert!(checked.iter().all(|f| !f.ends_with(".bib")));
}

mod server {
    use super::*;
    use common::lsp::*;
    use serde_json::json;

    fn related_paths(diags: &[serde_json::Value]) -> Vec<String> {
        diags
            .iter()
            .flat_map(|d| {
                d["relatedInformation"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|r| r["location"]["uri"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The workspace is the corpus: an open draft is never its own evidence,
    /// even before its citations are saved, and a paper opened to read is
    /// not checked as a draft.
    #[test]
    fn open_drafts_in_a_corpus_folder_are_drafts_not_papers() {
        let dir = corpus_at_root();
        let unique =
            "Night heat fell most where canopies closed over narrow lanes of the old town.\n";
        std::fs::write(dir.path().join("notes.md"), unique).unwrap();
        let mut c = Client::start(dir.path());
        c.initialize(dir.path(), basic_capabilities(), json!(null));
        let paper = dir.path().join("okafor2019.md");
        let uri = c.open(&paper, PAPER);
        let d = c.diagnostics(&uri, Some(1));
        assert!(d.is_empty(), "a paper is not a draft: {d:?}");
        // notes.md is a paper on disk; in the editor it gains a citation.
        let notes = dir.path().join("notes.md");
        let text = format!("Trees help [@okafor2019].\n\n{unique}");
        let uri = c.open(&notes, &text);
        let d = c.diagnostics(&uri, Some(1));
        let related = related_paths(&d);
        assert!(
            related.iter().all(|r| !r.ends_with("notes.md")),
            "evidence from the draft itself: {d:?}"
        );
        // The draft on disk with citations is no paper either.
        let review = dir.path().join("review.md");
        let uri = c.open(&review, &std::fs::read_to_string(&review).unwrap());
        let d = c.diagnostics(&uri, Some(1));
        assert!(
            related_paths(&d).iter().all(|r| !r.ends_with("review.md")),
            "{d:?}"
        );
        assert_eq!(c.shutdown(), Some(0));
    }

    /// An edited `_quarto.yml` changes the bibliography of open chapters.
    #[test]
    fn a_changed_project_file_is_read_again() {
        let dir = tree(&[
            ("_quarto.yml", b"bibliography: a.bib\n"),
            ("a.bib", bib(&["akey"]).as_bytes()),
            ("b.bib", bib(&["bkey"]).as_bytes()),
            ("ch.qmd", b"Shade helps [@bkey].\n"),
        ]);
        let mut c = Client::start(dir.path());
        c.initialize(dir.path(), basic_capabilities(), json!(null));
        let ch = dir.path().join("ch.qmd");
        let uri = c.open(&ch, "Shade helps [@bkey].\n");
        let d = c.diagnostics(&uri, Some(1));
        assert!(d.iter().any(|d| d["code"] == "unknown-citation"), "{d:?}");
        let q = dir.path().join("_quarto.yml");
        std::fs::write(&q, "bibliography: [a.bib, b.bib]\n").unwrap();
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri_of(&q), "type": 2}]}),
        );
        let d = c.diagnostics(&uri, Some(1));
        assert!(d.iter().all(|d| d["code"] != "unknown-citation"), "{d:?}");
        assert_eq!(c.shutdown(), Some(0));
    }

    fn uri_of(p: &Path) -> String {
        uri(p)
    }
}
