//! Entities (firms, organisations, places, people, journals, concepts)
//! through the real binary: `gloss entities` and `gloss explain`.

mod common;

use std::path::Path;

use common::{json, run, shared, stderr, stdout};

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
}

#[test]
fn json_shape_on_the_example_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = example();
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let list = v["entities"].as_array().expect("entities array");
    assert!(!list.is_empty(), "no entities in the example corpus");
    for e in list {
        assert!(e["name"].is_string());
        let kind = e["kind"].as_str().unwrap();
        assert!(
            [
                "firm",
                "organisation",
                "government",
                "place",
                "person",
                "journal",
                "concept"
            ]
            .contains(&kind),
            "{kind}"
        );
        assert!(e["aliases"].is_array());
        for w in e["works"].as_array().unwrap() {
            assert!(w["key"].is_string());
            assert!(w["mentions"].as_u64().unwrap() >= 1);
            for s in w["sentences"].as_array().unwrap() {
                assert!(s["line"].as_u64().unwrap() >= 1);
                assert!(s["text"].is_string());
            }
        }
    }
    // --kind filters.
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--kind",
            "concept",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let v = json(&o);
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] == "concept"));
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--kind",
            "bogus",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_unknown_name_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = example();
    let o = run(
        &[
            "explain",
            "Zzyzx Nonexistent",
            "--corpus",
            corpus.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no entity named Zzyzx Nonexistent in the corpus"));
}

#[test]
fn glossary_file_beside_gloss_toml_hides_and_adds() {
    let corpus = example();
    let dir = common::tree(&[
        ("gloss.toml", b"[glossary]\nhide = []\n"),
        (
            "glossary.toml",
            b"hide = []\n[entities.\"Cool Roof Programme\"]\naliases = [\"CRP\"]\nkind = \"concept\"\n",
        ),
    ]);
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let first = v["entities"][0]["name"].as_str().unwrap().to_string();
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Cool Roof Programme" && e["aliases"][0] == "CRP"));
    // Hiding the most mentioned entity removes it.
    std::fs::write(
        dir.path().join("gloss.toml"),
        format!("[glossary]\nhide = [{first:?}]\n"),
    )
    .unwrap();
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    let v = json(&o);
    assert!(!v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == first.as_str()));
}

fn names_of(e: &serde_json::Value) -> Vec<String> {
    let mut v = vec![e["name"].as_str().unwrap().to_lowercase()];
    v.extend(
        e["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_lowercase()),
    );
    v
}

#[test]
fn shared_corpus_firms_precision_and_recall() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "entities",
            "--corpus",
            corpus.to_str().unwrap(),
            "--kind",
            "firm",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let firms = v["entities"].as_array().unwrap().clone();
    let extracted: Vec<Vec<String>> = firms.iter().map(names_of).collect();
    // Precision: every extracted firm that is not in the independently
    // compiled gold list counts as false (some may be firms the list
    // missed: the figure is a lower bound), and the hand-checked errors
    // are named when they come back.
    let gold_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared-firms.json");
    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
    let gold: Vec<Vec<String>> = g["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(names_of)
        .collect();
    let false_firms: Vec<&String> = extracted
        .iter()
        .filter(|n| !gold.iter().any(|g| g.iter().any(|x| n.contains(x))))
        .map(|n| &n[0])
        .collect();
    let precision = 1.0 - false_firms.len() as f64 / extracted.len() as f64;
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared-entities-errors.txt");
    let errors: Vec<String> = std::fs::read_to_string(fixture)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').next().unwrap().trim().to_lowercase())
        .collect();
    let known = false_firms.iter().filter(|n| errors.contains(n)).count();
    eprintln!(
        "firms extracted: {}, not in the gold list: {} ({known} of them known errors), precision {precision:.3}: {false_firms:?}",
        extracted.len(),
        false_firms.len()
    );
    assert!(
        precision >= 0.85,
        "precision {precision:.3}: {false_firms:?}"
    );
    for must in [
        "lenovo", "huawei", "zte", "vimicro", "smtcl", "neusoft", "ufida",
    ] {
        assert!(
            extracted.iter().any(|n| n.iter().any(|x| x == must)),
            "{must} not extracted as a firm"
        );
    }
    // SMTCL is an alias of its long form (or the reverse).
    let smtcl = firms
        .iter()
        .find(|e| names_of(e).iter().any(|n| n == "smtcl"))
        .unwrap();
    assert!(names_of(smtcl)
        .iter()
        .any(|n| n.contains("shenyang machine tool")));
    // Recall against the same gold list.
    let gold = g["firms"].as_array().unwrap();
    let mut missed = Vec::new();
    for f in gold {
        let names = names_of(f);
        if !extracted
            .iter()
            .any(|e| e.iter().any(|x| names.contains(x)))
        {
            missed.push(f["name"].as_str().unwrap().to_string());
        }
    }
    let recall = 1.0 - missed.len() as f64 / gold.len() as f64;
    eprintln!(
        "recall {recall:.3} ({} of {}); missed: {missed:?}",
        gold.len() - missed.len(),
        gold.len()
    );
    assert!(recall >= 0.72, "recall {recall:.3}; missed {missed:?}");
}

#[test]
fn shared_corpus_explain_lenovo() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &["explain", "Lenovo's", "--corpus", corpus.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("**Lenovo** — firm"), "{out}");
    assert!(out.contains("Zhou (2008), line "), "{out}");
    assert!(out.contains(" of 5 works"), "{out}");
}
