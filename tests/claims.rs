//! Claim checking through the real binary on a small corpus written here:
//! each diagnostic, and the quiet cases (a found quotation, a correct
//! figure, a claim two works support cited together).

mod common;
use common::*;

const BIB: &str = r#"
@article{smith2010,
  author = {Smith, Hannah},
  title = {Coffee Cooperatives and Farm Incomes in Northern Peru},
  year = {2010}
}
@article{jones2015,
  author = {Jones, Peter and Mwangi, Grace},
  title = {Tea Estates, Smallholders and Export Markets in Kenya},
  year = {2015}
}
@article{lee2018,
  author = {Lee, Min-jun},
  title = {Solar Microgrids in Rural Bangladesh},
  year = {2018}
}
"#;

const SMITH: &str = "Coffee Cooperatives and Farm Incomes in Northern Peru

Hannah Smith

1. Introduction

Coffee cooperatives in the Cajamarca region grew quickly after the market reforms of the early 1990s.
Members of the cooperatives raised their farm incomes by 23 percent between 2001 and 2008, while non-members saw no gain.
The cooperatives bought washing stations and drying patios that no single grower could afford.
As one manager put it, trust is the real currency of the cooperative, and prices follow it.
By 2008 the cooperative model had spread to 14 provinces of northern Peru.
Fair-trade certification added a premium of about ten cents per pound of green coffee.
Women held a third of the seats on the cooperative boards by the end of the decade.

References

Ochieng, P. (1999). Leaf and land. Nairobi.
";

const JONES: &str = "Tea Estates, Smallholders and Export Markets in Kenya

Peter Jones and Grace Mwangi

1. Introduction

Kenyan tea estates doubled their exports to Pakistan and Egypt in the decade after 2005.
Smallholders sell most of their green leaf through factories owned by the growers themselves (Ochieng, 1999).
The factories pay a second payment each October, once the auction prices of the year are known.
Estate workers in Kericho earn a daily wage fixed by collective bargaining with the plantation companies.
Mechanical harvesters have replaced a quarter of the pluckers on the largest estates since 2011.
Tea auctions in Mombasa set the reference price for the whole of East Africa.

References

Ochieng, P. (1999). Leaf and land: smallholder tea in Kenya. Nairobi: East African Publishers.
";

const LEE: &str = "Solar Microgrids in Rural Bangladesh

Min-jun Lee

1. Introduction

Solar home systems reached more than four million households in rural Bangladesh by 2016.
Village microgrids sell electricity at prices several times higher than the national grid.
Operators recover their investment within seven years when a rice mill anchors the demand.
Battery replacement is the largest running cost of a solar microgrid.
Subsidised loans from a state development company financed most of the early systems.
Village operators keep their tariffs high (Rahman, 2012), but nearly all customers now pay their bills by mobile money.
We surveyed forty microgrid operators with the household panel of the national statistics bureau (Karim, 2014).
";

fn project(draft: &str) -> tempfile::TempDir {
    tree(&[
        ("corpus/refs.bib", BIB.as_bytes()),
        ("corpus/smith.txt", SMITH.as_bytes()),
        ("corpus/jones.txt", JONES.as_bytes()),
        ("corpus/lee.txt", LEE.as_bytes()),
        ("draft.md", draft.as_bytes()),
    ])
}

fn check(draft: &str) -> Vec<serde_json::Value> {
    let dir = project(draft);
    let o = run(
        &[
            "check", "--format", "json", "--corpus", "corpus", "draft.md",
        ],
        dir.path(),
    );
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    diagnostics(&json(&o))
}

fn codes_of(ds: &[serde_json::Value]) -> Vec<&str> {
    ds.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn correct_citations_are_quiet() {
    let ds = check(
        "Cooperative members in Cajamarca raised their farm incomes by 23 percent between 2001 and 2008 [@smith2010].\n\
         Kenyan tea estates doubled their exports to Pakistan and Egypt after 2005 [@jones2015].\n\
         Rural Bangladesh had solar home systems in over four million households by 2016 [@lee2018].\n",
    );
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn misattributed_claim_names_the_real_source_and_its_line() {
    let ds = check(
        "Kenyan tea estates doubled their exports to Pakistan and Egypt after 2005 [@smith2010].\n",
    );
    assert_eq!(codes_of(&ds), vec!["misattributed-claim"], "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["suggestions"][0]["key"], "jones2015");
    assert_eq!(d["suggestions"][0]["evidence"]["line"], 7);
    assert!(d["suggestions"][0]["evidence"]["path"]
        .as_str()
        .unwrap()
        .ends_with("jones.txt"));
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.starts_with("cites Smith (2010), but this appears in Jones and Mwangi (2015), line 7"),
        "{msg}"
    );
}

#[test]
fn a_claim_supported_by_one_of_two_cited_works_is_fine() {
    let ds = check("Kenyan tea estates doubled their exports to Pakistan and Egypt after 2005 [@smith2010; @jones2015].\n");
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn quotations_found_are_quiet_and_missing_ones_are_errors() {
    let ds = check("As Smith (2010) heard, \"trust is the real currency of the cooperative\".\n");
    assert!(ds.is_empty(), "{ds:#?}");
    let ds =
        check("Smith (2010) quotes a manager: “trust is the only … currency of the market”.\n");
    assert_eq!(codes_of(&ds), vec!["quote-not-found"], "{ds:#?}");
    assert_eq!(ds[0]["severity"], "error");
    let ds = check(
        "Jones and Mwangi (2015) heard that \"trust is the real currency of the cooperative\".\n",
    );
    let q: Vec<_> = ds
        .iter()
        .filter(|d| d["code"] == "quote-not-found")
        .collect();
    assert_eq!(q.len(), 1, "{ds:#?}");
    assert_eq!(q[0]["suggestions"][0]["key"], "smith2010");
    assert!(
        q[0]["message"]
            .as_str()
            .unwrap()
            .contains("it is in Smith (2010), line 10"),
        "{}",
        q[0]["message"]
    );
}

#[test]
fn second_hand_claims_credit_the_original() {
    let ds = check("Smallholders sell most of their green leaf through factories owned by the growers [@jones2015].\n");
    assert_eq!(codes_of(&ds), vec!["secondary-citation"], "{ds:#?}");
    assert!(
        ds[0]["message"]
            .as_str()
            .unwrap()
            .contains("credits this to Ochieng (1999)"),
        "{}",
        ds[0]["message"]
    );
    // Citing the original the corpus lacks is an unknown citation, never
    // also a secondary-citation note: the error itself says which corpus
    // work carries the claim, and suggests it first.
    let ds = check("Smallholders sell most of their green leaf through factories owned by the growers (Ochieng, 1999).\n");
    assert_eq!(codes_of(&ds), vec!["unknown-citation"], "{ds:#?}");
    let message = ds[0]["message"].as_str().unwrap();
    assert!(
        message.contains("the claim is in the corpus through Jones and Mwangi (2015), line 8"),
        "{message}"
    );
    assert_eq!(ds[0]["suggestions"][0]["key"], "jones2015");
    assert_eq!(ds[0]["suggestions"][0]["evidence"]["line"], 8);
    // A Pandoc key that resolves to nothing: the same.
    let ds = check("Smallholders sell most of their green leaf through factories owned by the growers [@ochieng1999].\n");
    assert_eq!(codes_of(&ds), vec!["unknown-citation"], "{ds:#?}");
    assert_eq!(ds[0]["suggestions"][0]["key"], "jones2015");
}

#[test]
fn a_credit_elsewhere_in_the_source_sentence_is_not_the_claims() {
    // The credit closes a clause the claim does not come from.
    let ds =
        check("Nearly all microgrid customers now pay their bills by mobile money [@lee2018].\n");
    assert!(ds.is_empty(), "{ds:#?}");
    // ... and is the claim's when the claim comes from that clause.
    let ds = check("Village microgrid operators keep their tariffs high [@lee2018].\n");
    assert_eq!(codes_of(&ds), vec!["secondary-citation"], "{ds:#?}");
    assert!(ds[0]["message"]
        .as_str()
        .unwrap()
        .contains("credits this to Rahman (2012)"));
    // The authors' own work: its citation credits a data source.
    let ds = check(
        "Forty microgrid operators were surveyed with the household panel of the national statistics bureau [@lee2018].\n",
    );
    assert!(ds.is_empty(), "{ds:#?}");
    // A source sentence that credits no one.
    let ds =
        check("Battery replacement is the largest running cost of a solar microgrid [@lee2018].\n");
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn a_typo_in_a_key_is_not_a_second_hand_citation() {
    let ds = check(
        "Kenyan tea estates doubled their exports to Pakistan and Egypt after 2005 [@jnes2015].\n",
    );
    assert_eq!(codes_of(&ds), vec!["unknown-citation"], "{ds:#?}");
}

#[test]
fn unsupported_claims_get_a_hint() {
    let ds = check(
        "Most Norwegian salmon farms moved offshore after the 1986 licensing reform [@lee2018].\n",
    );
    assert_eq!(codes_of(&ds), vec!["unsupported-claim"], "{ds:#?}");
    assert_eq!(ds[0]["severity"], "info");
}

#[test]
fn uncited_copies_of_a_source_are_hinted() {
    let ds = check(
        "Operators recover their investment within seven years when a rice mill anchors the demand.\n\nThis review has three parts.\n",
    );
    assert_eq!(codes_of(&ds), vec!["uncited-source"], "{ds:#?}");
    assert_eq!(ds[0]["severity"], "hint");
    assert_eq!(ds[0]["suggestions"][0]["key"], "lee2018");
}

#[test]
fn works_without_text_are_not_checked() {
    let dir =
        project("Anything at all is claimed here about nothing in particular [@extra2001].\n");
    std::fs::write(
        dir.path().join("corpus/extra.bib"),
        "@book{extra2001, author = {Extra, Ann}, title = {A Book Nobody Scanned}, year = {2001}}\n",
    )
    .unwrap();
    let o = run(
        &[
            "check", "--format", "json", "--corpus", "corpus", "draft.md",
        ],
        dir.path(),
    );
    let ds = diagnostics(&json(&o));
    assert_eq!(codes_of(&ds), vec!["unchecked-claim"], "{ds:#?}");
    assert!(ds[0]["message"]
        .as_str()
        .unwrap()
        .contains("not in the corpus"));
}

#[test]
fn figures_and_names_must_agree_with_the_source() {
    let ok = "Members of the Cajamarca cooperatives raised their farm incomes by 23 percent between 2001 and 2008 [@smith2010].\n";
    assert!(check(ok).is_empty(), "{:#?}", check(ok));
    let ds = check("Members of the Cajamarca cooperatives raised their farm incomes by 32 percent between 2001 and 2008 [@smith2010].\n");
    assert_eq!(codes_of(&ds), vec!["figure-mismatch"], "{ds:#?}");
    let msg = ds[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("says 23 percent where the draft says 32 percent"),
        "{msg}"
    );
    assert_eq!(ds[0]["evidence"][0]["line"], 8);
    let ds = check("Kenyan tea estates doubled their exports to Pakistan and Egypt in the decade after 2005 [@jones2015].\n");
    assert!(ds.is_empty(), "{ds:#?}");
    let ds = check("Kenyan tea estates doubled their exports to India and Egypt in the decade after 2005 [@jones2015].\n");
    assert_eq!(codes_of(&ds), vec!["figure-mismatch"], "{ds:#?}");
    assert!(
        ds[0]["message"]
            .as_str()
            .unwrap()
            .contains("says Pakistan where the draft says India"),
        "{}",
        ds[0]["message"]
    );
}

#[test]
fn with_every_claim_code_off_only_citations_are_checked() {
    let dir = project("Kenyan tea estates doubled their exports to Pakistan and Egypt after 2005 [@smith2010]. Bad [@nokey].\n");
    let mut args = vec!["check", "--format", "json", "--corpus", "corpus"];
    let codes = [
        "misattributed-claim",
        "unsupported-claim",
        "figure-mismatch",
        "quote-not-found",
        "secondary-citation",
        "uncited-source",
        "unchecked-claim",
    ];
    let flags: Vec<String> = codes.iter().map(|c| format!("{c}=off")).collect();
    for f in &flags {
        args.extend(["--severity", f.as_str()]);
    }
    args.push("draft.md");
    let o = run(&args, dir.path());
    let ds = diagnostics(&json(&o));
    assert_eq!(codes_of(&ds), vec!["unknown-citation"], "{ds:#?}");
}

/// A claim naming a place or firm that the cited work never mentions, while
/// another work does, is taken from that work even when few of its other
/// words match.
#[test]
fn a_claim_naming_what_only_another_work_mentions_is_misattributed() {
    let ds = check(
        "---\nbibliography: corpus/refs.bib\n---\n\nKericho growers earned 40 percent more from solar power [@lee2018].\n",
    );
    let mis: Vec<&serde_json::Value> = ds
        .iter()
        .filter(|d| d["code"] == "misattributed-claim")
        .collect();
    assert_eq!(mis.len(), 1, "{ds:#?}");
    assert_eq!(mis[0]["suggestions"][0]["key"], "jones2015");
}

#[test]
fn a_sentence_without_content_of_its_own_makes_no_claim() {
    for draft in [
        "As Jones and Mwangi (2015) show.\n",
        "As [@jones2015] show.\n",
        "- [@lee2018]\n- @smith2010\n",
        "> [@jones2015; @lee2018]\n",
        "See also Jones and Mwangi (2015).\n",
        "See also [@jones2015; @lee2018].\n",
        "For a review, see Jones and Mwangi (2015).\n",
        "For a review of tea estates, see [@jones2015].\n",
        "Jones and Mwangi (2015).\n",
        "As shown by Lee (2018) and Smith (2010).\n",
        "As Lee (2018) argues, and as Smith (2010) also reports.\n",
        "- \"Tea estates\" [@jones2015]\n",
        "- See, e.g., [@jones2015], [@lee2018] and [@smith2010].\n",
        "Compare Lee (2018, p. 3) with Smith (2010, ch. 2).\n",
        "For a review of the literature, see [@lee2018].\n",
        "See, for example, the discussion in Lee (2018) and the sources cited there.\n",
        "On this point see the overview by Lee (2018) and the references therein.\n",
        "This is discussed at length elsewhere (Lee, 2018).\n",
        "- \"trust is the real currency of the cooperative\" [@smith2010]\n",
    ] {
        let ds = check(draft);
        let claims: Vec<_> = ds
            .iter()
            .filter(|d| {
                !["unknown-citation", "possible-citation"].contains(&d["code"].as_str().unwrap())
            })
            .collect();
        assert!(claims.is_empty(), "{draft:?}: {claims:#?}");
    }
    // A quotation alone is still checked as a quotation.
    let ds = check("- \"trust is the only currency of the estate\" [@jones2015]\n");
    assert_eq!(codes_of(&ds), vec!["quote-not-found"], "{ds:#?}");
}
