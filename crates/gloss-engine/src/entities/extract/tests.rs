//! Tests of candidate extraction, the glossary and Schwartz–Hearst.

use crate::corpus::Library;
use crate::entities::{Entities, Glossary, Kind};

fn lib_of(texts: &[(&str, &str)]) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let lib = Library::load(Some(dir.path()), &[]);
    (dir, lib)
}

const PAPER: &str = "Firms and markets in the north\n\nA. Writer\n\n\
Introduction\n\n\
This paper studies Northwind Machine Tool Co., Ltd (NMTC), a maker of lathes. \
Northwind's sales grew in Harbin after 1990. \
Firms such as Kestrel, Orbix and Northwind competed in Harbin. \
Kestrel, a Harbin-based chip designer, was founded in 1999. \
Kestrel's engineers came from the Ministry of Industry and from Harbin University. \
We define recursive mutual learning as the joint learning of suppliers and buyers. \
The Ministry of Industry subsidised Kestrel. \
In Harbin, Orbix's factory employed 300 people. \
Mr. Zhao Ming, the founder of Orbix, said the market was small. \
Recursive mutual learning took years. \
Later, recursive mutual learning spread to Orbix and Kestrel.\n\n\
Keywords: supplier upgrading; recursive mutual learning\n";

#[test]
fn firms_acronyms_possessives_kinds_and_concepts() {
    let (_d, lib) = lib_of(&[("paper.txt", PAPER)]);
    let e = Entities::build(&lib, &Glossary::default());
    let kind = |n: &str| e.find(n).map(|i| e.list[i].kind);
    // Acronym long form: one entity, found by either name, and by the possessive.
    let nw = e
        .find("Northwind Machine Tool Co., Ltd")
        .expect("long form");
    assert_eq!(e.find("NMTC"), Some(nw));
    assert!(e.find("northwind's").is_some());
    assert_eq!(kind("NMTC"), Some(Kind::Firm));
    assert_eq!(kind("Kestrel"), Some(Kind::Firm));
    assert_eq!(e.find("Kestrel's"), e.find("Kestrel"));
    assert_eq!(kind("Orbix"), Some(Kind::Firm));
    assert_eq!(kind("Harbin"), Some(Kind::Place));
    assert_eq!(kind("Ministry of Industry"), Some(Kind::Government));
    assert_eq!(kind("Harbin University"), Some(Kind::Organisation));
    assert_eq!(kind("Zhao Ming"), Some(Kind::Person));
    assert_eq!(kind("recursive mutual learning"), Some(Kind::Concept));
    // Sentences with lines; the appositive is preferred for Kestrel.
    let k = &e.list[e.find("Kestrel").unwrap()];
    assert!(k.works[0].sentences[0]
        .text
        .starts_with("Kestrel, a Harbin-based"));
    assert!(k.works[0].sentences[0].line >= 1);
    // Draft scanning.
    let text = "Kestrel and NMTC; the founder of Orbix.";
    let m: Vec<&str> = e
        .mentions_in(text)
        .into_iter()
        .map(|(_, r)| &text[r])
        .collect();
    assert_eq!(m, vec!["Kestrel", "NMTC", "Orbix"]);
    assert_eq!(e.at(text, 14).map(|(i, _)| i), Some(nw));
    let md = e.summary_markdown(e.find("Kestrel").unwrap(), &lib);
    assert!(md.starts_with("**Kestrel** — firm"), "{md}");
    assert!(md.contains("line "), "{md}");
}

#[test]
fn glossary_adds_merges_renames_hides() {
    let (_d, lib) = lib_of(&[("paper.txt", PAPER)]);
    let v: toml::Value = toml::from_str(
        r#"
hide = ["Harbin"]
rename = { "Orbix" = "Orbix Holdings" }
merge = { "Kestrel" = "NMTC" }
[entities."Zhao Ming"]
aliases = ["Mr Zhao"]
kind = "person"
[entities."Supplier parks"]
kind = "concept"
"#,
    )
    .unwrap();
    let mut w = Vec::new();
    let g = Glossary::from_toml(&v, std::path::Path::new("glossary.toml"), &mut w);
    assert!(w.is_empty(), "{w:?}");
    let e = Entities::build(&lib, &g);
    assert_eq!(e.find("Harbin"), None);
    let o = e.find("Orbix").unwrap();
    assert_eq!(e.list[o].name, "Orbix Holdings");
    assert_eq!(e.find("Kestrel"), e.find("NMTC"));
    assert_eq!(e.find("Mr Zhao"), e.find("Zhao Ming"));
    assert!(e.find("supplier parks").is_some());
    // Bad values are warnings.
    let bad: toml::Value = toml::from_str("colour = 1\n[entities.X]\nkind = \"bird\"\n").unwrap();
    let mut w = Vec::new();
    Glossary::from_toml(&bad, std::path::Path::new("g.toml"), &mut w);
    assert_eq!(w.len(), 2);
}

#[test]
fn schwartz_hearst() {
    let sf: Vec<char> = "smtcl".chars().collect();
    assert!(super::acronyms::sh_match(
        &sf,
        "Shenyang Machine Tool Co. Ltd."
    ));
    assert!(!super::acronyms::sh_match(&sf, "Dalian Machine Tool"));
}
