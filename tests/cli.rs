//! The real `gloss` binary on small fixtures written here: each diagnostic,
//! exit codes, output formats, configuration, and bad input.

mod common;
use common::*;

const BIB: &str = r#"
@article{okafor2019,
  author = {Okafor, Adaeze and Brandt, Lukas},
  title = {Street Trees and Night-Time Heat in Mid-Sized Cities},
  journal = {Urban Climate},
  year = {2019}
}
@article{lindqvist2021cooling,
  author = {Lindqvist, Maja and Haddad, Omar and P{\'e}rez, Lucía},
  title = {Cooling Effects of Extensive Green Roofs},
  year = {2021}
}
@article{chen2020roofs,
  author = {Chen, Wei},
  title = {Roof Albedo Programmes},
  year = {2020}
}
@article{chen2020trees,
  author = {Chen, Wei},
  title = {Tree Canopy Inequality},
  year = {2020}
}
@techreport{tamsworth,
  author = {{City of Tamsworth}},
  title = {Heat Action Plan}
}
"#;

fn project(draft: &str) -> tempfile::TempDir {
    tree(&[("refs.bib", BIB.as_bytes()), ("draft.md", draft.as_bytes())])
}

fn check_json(dir: &std::path::Path, extra: &[&str]) -> (serde_json::Value, std::process::Output) {
    let mut args = vec!["check", "--format", "json", "--bib", "refs.bib"];
    args.extend_from_slice(extra);
    args.push("draft.md");
    let o = run(&args, dir);
    (json(&o), o)
}

#[test]
fn clean_draft_exits_zero() {
    let dir = project(
        "Trees cool streets at night [@okafor2019, p. 4]. Okafor and Brandt (2019) measured it.\nGreen roofs help (Lindqvist et al., 2021). See also (Chen, 2020a) and Chen (2020b) and (City of Tamsworth, n.d.).\n",
    );
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(codes(&v), vec![]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["files"][0]["path"], "draft.md");
}

#[test]
fn unknown_key_suggests_close_key() {
    let dir = project("Line one.\nTrees cool streets [@okafr2019].\n");
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let d = &diagnostics(&v)[0];
    assert_eq!(d["code"], "unknown-citation");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 2, "column": 21})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 2, "column": 31})
    );
    assert_eq!(d["suggestions"][0]["key"], "okafor2019");
    assert_eq!(d["suggestions"][0]["evidence"]["line"], 2);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean @okafor2019"),
        "{}",
        d["message"]
    );
    assert_eq!(d["cited"][0], "okafr2019");
}

#[test]
fn unknown_author_suggests_close_surname() {
    let dir = project("Trees cool streets (Okafur, 2019). Nobody said so (Zed, 1999).\n");
    let (v, _) = check_json(dir.path(), &[]);
    let ds = diagnostics(&v);
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0]["code"], "unknown-citation");
    assert_eq!(ds[0]["suggestions"][0]["key"], "okafor2019");
    assert_eq!(ds[1]["code"], "unknown-citation");
    assert_eq!(ds[1]["suggestions"].as_array().unwrap().len(), 0);
}

#[test]
fn year_mismatch_names_the_real_years() {
    let dir = project("As Okafor and Brandt (2018) showed, trees cool streets.\n");
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let d = &diagnostics(&v)[0];
    assert_eq!(d["code"], "citation-year-mismatch");
    assert_eq!(d["suggestions"][0]["key"], "okafor2019");
    assert!(d["message"].as_str().unwrap().contains("2019"));
}

#[test]
fn ambiguous_author_year_lists_both_works() {
    let dir = project("Roofs and trees differ (Chen, 2020).\n");
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings do not fail without --deny"
    );
    let d = &diagnostics(&v)[0];
    assert_eq!(d["code"], "ambiguous-citation");
    assert_eq!(d["severity"], "warning");
    let keys: Vec<_> = d["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].clone())
        .collect();
    assert_eq!(keys, vec!["chen2020roofs", "chen2020trees"]);
    let (_, o) = check_json(dir.path(), &["--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn reference_list_missing_and_uncited() {
    let dir = project(
        "Trees cool streets [@okafor2019]. Roofs too [@lindqvist2021cooling].\n\n## References\n\nOkafor, A., & Brandt, L. (2019). Street trees and night-time heat in mid-sized cities. Urban Climate.\n\nChen, W. (2020). Roof albedo programmes.\n",
    );
    let (v, _) = check_json(dir.path(), &[]);
    let c = codes(&v);
    assert!(c.contains(&("missing-reference".to_string(), 1)), "{c:?}");
    assert!(c.contains(&("uncited-reference".to_string(), 7)), "{c:?}");
    assert_eq!(c.len(), 2, "{c:?}");
}

#[test]
fn ignore_comments_silence_diagnostics() {
    let dir = project(
        "<!-- gloss-ignore: unknown-citation -->\nA [@nobody1999].\n\nB [@nobody2000].\n<!-- gloss-ignore: citation-year-mismatch -->\nC [@nobody2001].\n",
    );
    let (v, _) = check_json(dir.path(), &[]);
    assert_eq!(
        codes(&v),
        vec![
            ("unknown-citation".into(), 4),
            ("unknown-citation".into(), 6)
        ]
    );
    let dir = project("<!-- gloss-ignore-file -->\nA [@nobody1999].\n");
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(codes(&v), vec![]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn severity_configuration_from_file_and_flags() {
    let dir = project("A [@nobody1999].\n");
    std::fs::write(
        dir.path().join("gloss.toml"),
        "[severity]\nunknown-citation = \"warning\"\n",
    )
    .unwrap();
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(diagnostics(&v)[0]["severity"], "warning");
    let (v, _) = check_json(dir.path(), &["--severity", "unknown-citation=off"]);
    assert_eq!(codes(&v), vec![]);
}

#[test]
fn front_matter_names_the_bibliography() {
    let dir = tree(&[
        ("refs/main.bib", BIB.as_bytes()),
        (
            "drafts/d.md",
            b"---\ntitle: T\nbibliography: ../refs/main.bib\n---\nTrees [@okafor2019].\n",
        ),
    ]);
    let o = run(&["check", "--format", "json", "drafts/d.md"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = run(
        &["citations", "--format", "json", "drafts/d.md"],
        dir.path(),
    );
    let v = json(&o);
    assert_eq!(v["citations"][0]["items"][0]["key"], "okafor2019");
    assert_eq!(v["citations"][0]["mode"], "normal");
    assert_eq!(v["citations"][0]["syntax"], "pandoc");
}

#[test]
fn missing_bibliography_is_a_bibliography_error() {
    let dir = tree(&[(
        "d.md",
        b"---\nbibliography: nowhere.bib\n---\nTrees [@okafor2019].\n",
    )]);
    let o = run(&["check", "--format", "json", "d.md"], dir.path());
    let v = json(&o);
    // The missing file is the one error: without it every citation would be
    // unknown, which says nothing more.
    assert_eq!(codes(&v), [("bibliography-error".to_string(), 2)]);
}

#[test]
fn a_draft_without_any_bibliography_is_told_so_once() {
    let dir = tree(&[(
        "review.md",
        b"# Review\n\nTrees [@okafor2019] and roofs @lindqvist2021.\n\nMore [@a; @b] and (Zhou, 2008).\n",
    )]);
    let o = run(&["check", "--format", "json", "review.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let ds = diagnostics(&json(&o));
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(ds[0]["code"], "no-bibliography");
    assert_eq!(ds[0]["range"]["start"]["line"], 3);
    let message = ds[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("no bibliography found for review.md: add `bibliography:`"),
        "{message}"
    );
}

#[test]
fn malformed_and_duplicate_entries_are_reported_and_the_rest_loads() {
    let bib = format!("{BIB}\n@article{{broken,\n  title = {{Unclosed\n\n@article{{okafor2019,\n  title = {{Another}},\n  year = {{2001}}\n}}\n");
    let dir = tree(&[
        ("refs.bib", bib.as_bytes()),
        (
            "draft.md",
            b"Trees [@okafor2019]. Roofs [@lindqvist2021cooling].\n",
        ),
    ]);
    let (v, o) = check_json(dir.path(), &[]);
    let err = stderr(&o);
    assert!(err.contains("refs.bib:"), "{err}");
    let c = codes(&v);
    assert!(
        c.iter().any(|(code, _)| code == "bibliography-error"),
        "{c:?}"
    );
    assert!(
        !c.iter().any(|(code, _)| code == "unknown-citation"),
        "{c:?}"
    );
}

#[test]
fn human_output_has_location_caret_and_summary() {
    let dir = project("Trees cool streets [@okafr2019].\n");
    let o = run(&["check", "--bib", "refs.bib", "draft.md"], dir.path());
    let out = stdout(&o);
    assert!(
        out.contains("draft.md:1:21: error[unknown-citation]:"),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^^"), "{out}");
    assert!(out.contains("suggestion: okafor2019"), "{out}");
    assert!(
        out.contains("1 error, 0 warnings, 0 infos in 1 file"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn sarif_output_is_2_1_0_with_rules() {
    let dir = project("Trees cool streets [@okafr2019].\n");
    let o = run(
        &[
            "check", "--format", "sarif", "--bib", "refs.bib", "draft.md",
        ],
        dir.path(),
    );
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert!(run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "unknown-citation"));
    let r = &run0["results"][0];
    assert_eq!(r["ruleId"], "unknown-citation");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        21
    );
}

/// Copy a folder's files into `to`.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// SARIF that code scanning can place: run from a subfolder of a repository
/// whose path has a space and a non-ASCII letter, on a draft named likewise,
/// every URI is encoded and relative to the repository (SRCROOT); evidence
/// from a corpus outside the repository is a message, never a local path;
/// evidence from a corpus inside it is a location under SRCROOT.
#[test]
fn sarif_uris_are_relative_to_the_repository_and_encoded() {
    let example = example_copy();
    let outside = example.path().join("corpus");
    let top = tempfile::tempdir().unwrap();
    let repo = top.path().join("my repo ü");
    let drafts = repo.join("drafts");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(&drafts).unwrap();
    let review = std::fs::read_to_string(example.path().join("review.md")).unwrap();
    let review = review.replace("bibliography: corpus/references.bib\n", "");
    std::fs::write(drafts.join("Zürich review #1.md"), &review).unwrap();
    let sarif = |corpus: &std::path::Path| {
        let (c, b) = (corpus.to_str().unwrap(), corpus.join("references.bib"));
        let o = run(
            &[
                "check",
                "--format",
                "sarif",
                "--corpus",
                c,
                "--bib",
                b.to_str().unwrap(),
                "Zürich review #1.md",
            ],
            &drafts,
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        (json(&o), stdout(&o))
    };
    let root = repo.canonicalize().unwrap();
    let root_uri = format!(
        "file://{}/",
        root.to_str()
            .unwrap()
            .replace(' ', "%20")
            .replace('ü', "%C3%BC")
    );

    let (v, text) = sarif(&outside);
    let run0 = &v["runs"][0];
    assert_eq!(
        run0["originalUriBaseIds"]["SRCROOT"]["uri"], root_uri,
        "the root is the folder with .git, not the current folder"
    );
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 5, "{text}");
    let mut messages = Vec::new();
    for r in results {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            serde_json::json!({"uri": "drafts/Z%C3%BCrich%20review%20%231.md", "uriBaseId": "SRCROOT"})
        );
        for l in r["relatedLocations"].as_array().unwrap() {
            assert!(l.get("physicalLocation").is_none(), "{l}");
            messages.push(l["message"]["text"].as_str().unwrap().to_string());
        }
    }
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("okafor2019 (okafor2019.txt, line ")),
        "{messages:#?}"
    );
    for p in [outside.clone(), outside.canonicalize().unwrap()] {
        let p = p.to_str().unwrap().to_string();
        assert!(!text.contains(&p), "{p} in the SARIF log:\n{text}");
    }

    // The same corpus inside the repository: related locations under SRCROOT.
    let inside = repo.join("papers");
    copy_dir(&outside, &inside);
    let (v, text) = sarif(std::path::Path::new("../papers"));
    let related: Vec<&serde_json::Value> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["relatedLocations"].as_array().unwrap())
        .collect();
    assert!(!related.is_empty(), "{text}");
    for l in &related {
        let a = &l["physicalLocation"]["artifactLocation"];
        assert_eq!(a["uriBaseId"], "SRCROOT", "{l}");
        assert!(a["uri"].as_str().unwrap().starts_with("papers/"), "{l}");
        assert!(
            l["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    assert!(related
        .iter()
        .any(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "papers/okafor2019.txt"));
}

#[test]
fn usage_and_io_errors_exit_two() {
    let dir = project("x\n");
    let o = run(&["check", "--format", "yaml", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["check", "missing.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.md"));
    let o = run(&["check", "--corpus", "nope", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(dir.path().join("bin.md"), b"\x00\x01\x02binary").unwrap();
    let o = run(&["check", "bin.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary"));
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = project("中文文本 🙂 [@nobody1999].\n");
    let (v, _) = check_json(dir.path(), &[]);
    assert_eq!(diagnostics(&v)[0]["range"]["start"]["column"], 9);
}

const TEXT_A: &str = "STREET TREES AND NIGHT-TIME HEAT IN MID-\nSIZED CITIES\n\nAdaeze Okafor and Lukas Brandt\n\nAbstract. Street trees lower night-time air temperature by 1.2 degrees.\n\n1. Introduction\n\nTrees matter for heat. They shade asphalt and walls.\n\nReferences\n\nMoreau, P. (1998). Urban heat. Paris.\n";

#[test]
fn index_pairs_texts_and_reports_bad_files() {
    let dir = tree(&[
        ("corpus/refs.bib", BIB.as_bytes()),
        ("corpus/scan_01.txt", TEXT_A.as_bytes()),
        ("corpus/binary.txt", b"\x00\x00\x00\x01 not text"),
        (
            "corpus/latin1.txt",
            b"Caf\xe9 culture in the city\n\nJane Doe\n\n2015\n\nSome text here about caf\xe9s.\n",
        ),
        ("corpus/empty/.keep", b""),
    ]);
    let o = run(
        &["index", "--corpus", "corpus", "--format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let works = v["works"].as_array().unwrap();
    let okafor = works.iter().find(|w| w["key"] == "okafor2019").unwrap();
    assert_eq!(okafor["paired_by"], "content");
    assert!(okafor["path"].as_str().unwrap().ends_with("scan_01.txt"));
    assert!(okafor["sentences"].as_u64().unwrap() >= 2);
    assert_eq!(okafor["authors"][0], "Okafor, Adaeze");
    let tams = works.iter().find(|w| w["key"] == "tamsworth").unwrap();
    assert_eq!(tams["paired_by"], "none");
    assert_eq!(tams["year"], serde_json::Value::Null);
    let inferred = works
        .iter()
        .find(|w| w["paired_by"] == "inferred")
        .expect("latin-1 text gets an inferred entry");
    assert!(inferred["path"].as_str().unwrap().ends_with("latin1.txt"));
    let warnings = v["warnings"].as_array().unwrap();
    let says = |file: &str, what: &str| {
        warnings.iter().any(|w| {
            w["path"].as_str().unwrap().ends_with(file)
                && w["message"].as_str().unwrap().contains(what)
        })
    };
    assert!(says("binary.txt", "binary"), "{warnings:?}");
    assert!(says("latin1.txt", "UTF-8"), "{warnings:?}");
    assert!(says("latin1.txt", "no bibliography entry"), "{warnings:?}");
}

#[test]
fn index_of_an_empty_folder_warns() {
    let dir = tree(&[("corpus/.keep", b"")]);
    let o = run(
        &["index", "--corpus", "corpus", "--format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["works"].as_array().unwrap().len(), 0);
    assert!(v["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no texts"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_corpus_are_skipped() {
    let dir = tree(&[("corpus/refs.bib", BIB.as_bytes())]);
    std::os::unix::fs::symlink(dir.path().join("corpus"), dir.path().join("corpus/loop")).unwrap();
    let o = run(
        &["index", "--corpus", "corpus", "--format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["works"].as_array().unwrap().len(), 5);
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("loop")));
}

#[cfg(unix)]
#[test]
fn unreadable_corpus_files_are_reported_and_the_rest_loads() {
    let dir = tree(&[
        ("corpus/refs.bib", BIB.as_bytes()),
        ("corpus/okafor2019.txt", TEXT_A.as_bytes()),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.txt"),
        dir.path().join("corpus/dangling.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corpus/notes.bib"),
        b"@article{x, title = {T}\n\x00\x00binary",
    )
    .unwrap();
    let o = run(
        &["index", "--corpus", "corpus", "--format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["path"].as_str().unwrap().ends_with("dangling.txt")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w["path"].as_str().unwrap().ends_with("notes.bib")),
        "{warnings:?}"
    );
    let okafor = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["key"] == "okafor2019")
        .unwrap()
        .clone();
    assert_eq!(okafor["paired_by"], "filename");
}

#[test]
fn huge_single_line_draft_is_checked() {
    let mut draft = String::new();
    for i in 0..40_000 {
        draft.push_str(&format!("Claim {i} holds [@okafor2019]. "));
    }
    draft.push_str("Last one [@nobody1999].\n");
    let dir = project(&draft);
    let (v, o) = check_json(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let ds = diagnostics(&v);
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["range"]["start"]["line"], 1);
}

#[test]
fn latin1_draft_and_bibliography_are_read_with_a_warning() {
    let mut bib = BIB.as_bytes().to_vec();
    // Re-encode the one non-ASCII letter as Latin-1.
    let pos = bib.windows(2).position(|w| w == "í".as_bytes()).unwrap();
    bib.splice(pos..pos + 2, [0xED]);
    let dir = tree(&[
        ("refs.bib", &bib),
        ("draft.md", b"Caf\xe9s are cool (Lindqvist et al., 2021).\n"),
    ]);
    let (v, o) = check_json(dir.path(), &[]);
    // The decoding problem could mangle names: the draft hears of it.
    assert_eq!(codes(&v), vec![("bibliography-error".to_string(), 1)]);
    let err = stderr(&o);
    assert!(err.contains("refs.bib") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("draft.md:1") && err.contains("UTF-8"), "{err}");
}

#[test]
fn review_findings_stay_fixed() {
    // A gloss-ignore comment over two lines silences the line after it.
    let dir = project("<!-- gloss-ignore:\n     unknown-citation -->\nA [@nobody1999].\n");
    let (v, _) = check_json(dir.path(), &[]);
    assert_eq!(codes(&v), vec![]);
    // Narrative author-year ranges include the closing parenthesis.
    let dir = project("As Okafor and Brandt (2018) showed.\n");
    let (v, _) = check_json(dir.path(), &[]);
    assert_eq!(diagnostics(&v)[0]["range"]["end"]["column"], 28);
    // --color takes auto, always or never.
    let o = run(&["check", "--color", "bogus", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn listed_references_match_hyphenated_apostrophe_and_initial_forms() {
    let bib = "@article{ob, author={O'Brien, Pat}, title={A Title}, year={2001}}\n\
               @article{ls, author={Lee-Smith, Jo}, title={Another Title}, year={2002}}\n\
               @article{z, author={Zhou, Yu}, title={Something}, year={2008}}\n";
    let dir = tree(&[
        ("refs.bib", bib.as_bytes()),
        (
            "draft.md",
            b"See O'Brien (2001), Lee-Smith (2002) and Zhou (2008).\n\n## References\n\nO'Brien, P. (2001). A title.\n\nLee-Smith, J. (2002). Another title.\n\nZhou Y (2008). Something.\n",
        ),
    ]);
    let (v, _) = check_json(dir.path(), &[]);
    assert_eq!(codes(&v), vec![]);
}

#[test]
fn et_al_collisions_get_year_suffixes() {
    let bib = "@article{c1, author={Chen, Wei and Li, A and Wu, B}, title={Alpha}, year={2020}}\n\
               @article{c2, author={Chen, Wei and Ma, C and Xu, D}, title={Beta}, year={2020}}\n";
    let dir = tree(&[
        ("refs.bib", bib.as_bytes()),
        (
            "draft.md",
            b"One (Chen et al., 2020). Two (Chen et al., 2020b).\n",
        ),
    ]);
    let (v, _) = check_json(dir.path(), &[]);
    let ds = diagnostics(&v);
    assert_eq!(
        codes(&v),
        vec![("ambiguous-citation".to_string(), 1)],
        "{ds:#?}"
    );
    assert!(ds[0]["message"]
        .as_str()
        .unwrap()
        .contains("Chen et al. (2020a), Alpha"));
}

#[test]
fn cross_references_are_checked_against_the_drafts_labels() {
    let dir = tree(&[
        ("refs.bib", BIB.as_bytes()),
        (
            "d.md",
            b"---\nbibliography: refs.bib\n---\n\n# Data {#sec:data}\n\nTrees cool streets [@okafor2019], as @fig:map and [@tbl:sites; @fig:gone] show (see @sec:data, @fig-hist and @Fig:map).\n\n![A map](map.png){#fig:map}\n\n: Sites {#tbl:sites}\n\n```{r}\n#| label: fig-hist\nhist(x)\n```\n",
        ),
    ]);
    let o = run(&["check", "--format", "json", "d.md"], dir.path());
    let v = json(&o);
    // Only the label no figure defines is an error; no key is taken for an
    // unknown citation.
    assert_eq!(codes(&v), [("unknown-crossref".to_string(), 7)]);
    let d = &diagnostics(&v)[0];
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("@fig:gone refers to no label"));
    assert_eq!(d["range"]["start"]["column"], 64);
}

#[test]
fn a_stray_backtick_loses_no_citation() {
    // The issue's reproduction: a lone backtick used to open a code span up
    // to the next backtick two paragraphs later, and gloss said "no problems".
    let dir = tree(&[
        ("refs.bib", BIB.as_bytes()),
        (
            "d.md",
            b"---\nbibliography: refs.bib\n---\n\nSome text with a ` run.\n\nA citation [@k1] and [@k2].\n\nLater ` code.\n",
        ),
    ]);
    let o = run(&["citations", "--format", "json", "d.md"], dir.path());
    let keys: Vec<_> = json(&o)["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["items"][0]["raw"].clone())
        .collect();
    assert_eq!(keys, ["k1", "k2"]);
    let o = run(&["check", "--format", "json", "d.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let c = codes(&json(&o));
    assert_eq!(
        c,
        [
            ("unknown-citation".to_string(), 7),
            ("unknown-citation".to_string(), 7)
        ]
    );
}

#[test]
fn a_references_heading_over_prose_is_read_as_prose() {
    let dir = tree(&[
        ("refs.bib", BIB.as_bytes()),
        (
            "d.md",
            b"---\nbibliography: refs.bib\n---\n\n# Trees\n\nShade cools streets [@okafor2019].\n\n## References\n\nReferences can be shown in the margin, as [@okafr2019] explains.\n\n## Roofs\n\nGreen roofs cool [@lindqvist2021cooling].\n",
        ),
    ]);
    let o = run(&["check", "--format", "json", "d.md"], dir.path());
    // The citation under the heading is read (and its typo found); nothing
    // is reported as missing from a reference list.
    assert_eq!(codes(&json(&o)), [("unknown-citation".to_string(), 11)]);
}
