//! `gloss lsp` editor features over stdio: completion and resolve, hover,
//! inlay hints, semantic tokens, document and workspace symbols, on the
//! example corpus (always) and on `../shared` (when present), in UTF-16 and
//! UTF-8 position encodings.

mod common;

use std::path::{Path, PathBuf};

use common::lsp::*;
use serde_json::{json, Value};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

/// The position just after the first `needle` (UTF-16).
fn after(text: &str, needle: &str) -> Value {
    let (l, c) = find_pos(text, needle);
    let w: usize = needle.chars().map(char::len_utf16).sum();
    pos(l, c + w as u32)
}

fn at(text: &str, needle: &str, inside: u32) -> Value {
    let (l, c) = find_pos(text, needle);
    pos(l, c + inside)
}

fn complete(c: &mut Client, uri: &str, p: Value) -> Value {
    c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": p}),
    )
}

fn items(r: &Value) -> Vec<Value> {
    r["items"].as_array().cloned().unwrap_or_default()
}

fn hover(c: &mut Client, uri: &str, p: Value) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": p}),
    )
}

/// The example review with extra lines, opened and checked.
fn open_example(extra: &str) -> (Client, String, String) {
    let ex = examples();
    let text = std::fs::read_to_string(ex.join("review.md")).unwrap() + extra;
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let uri = c.open(&ex.join("review.md"), &text);
    c.diagnostics(&uri, Some(1));
    (c, uri, text)
}

#[test]
fn completion_offers_keys_and_author_year_forms_on_the_example() {
    let extra = "\nPandoc [@oka\nParenthetical (Lindq\nNarrative Marchetti and Osei (20\nSuffixes (Chen, 2020\nJust prose here\n";
    let (mut c, uri, text) = open_example(extra);

    // `[@oka`: the key replaces exactly what was typed.
    let r = complete(&mut c, &uri, after(&text, "Pandoc [@oka"));
    let its = items(&r);
    assert!(!its.is_empty(), "{r}");
    let first = &its[0];
    assert!(
        first["label"]
            .as_str()
            .unwrap()
            .starts_with("Okafor (2019) — Where the Shade Falls"),
        "{first}"
    );
    assert_eq!(first["textEdit"]["newText"], "okafor2019");
    let (l, col) = find_pos(&text, "Pandoc [@oka");
    assert_eq!(
        first["textEdit"]["range"],
        json!({"start": pos(l, col + 9), "end": pos(l, col + 12)})
    );
    assert_eq!(first["sortText"], "0000");
    let filter = first["filterText"].as_str().unwrap();
    assert!(filter.contains("okafor2019") && filter.contains("Okafor") && filter.contains("2019"));
    assert_eq!(first["data"]["key"], "okafor2019");
    assert_eq!(first["data"]["uri"], uri.as_str());
    assert_eq!(r["isIncomplete"], false);

    // Resolve fills the full reference and a summary of the text.
    let resolved = c.request("completionItem/resolve", first.clone());
    let doc = resolved["documentation"]["value"].as_str().unwrap();
    assert_eq!(resolved["documentation"]["kind"], "markdown");
    assert!(doc.contains("Okafor, A. N. (2019)."), "{doc}");
    assert!(
        doc.contains("*Journal of Urban Microclimate*, 14(3), 211–238"),
        "{doc}"
    );
    assert!(doc.contains("*Summary:*"), "{doc}");

    // `(Lindq`: three authors, parenthetical form.
    let r = complete(&mut c, &uri, after(&text, "Parenthetical (Lindq"));
    let its = items(&r);
    assert_eq!(
        its[0]["textEdit"]["newText"], "Lindqvist et al., 2021",
        "{r}"
    );

    // `Marchetti and Osei (20`: narrative, with the closing parenthesis.
    let r = complete(&mut c, &uri, after(&text, "Marchetti and Osei (20"));
    let its = items(&r);
    assert_eq!(
        its[0]["textEdit"]["newText"], "Marchetti and Osei (2020)",
        "{r}"
    );
    let (l, col) = find_pos(&text, "Marchetti and Osei (20");
    assert_eq!(its[0]["textEdit"]["range"]["start"], pos(l, col));

    // Year suffixes as the library assigns them.
    let r = complete(&mut c, &uri, after(&text, "Suffixes (Chen, 2020"));
    let got: Vec<String> = items(&r)
        .iter()
        .map(|i| i["textEdit"]["newText"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ["Chen, 2020a", "Chen, 2020b"], "{r}");

    // Ordinary prose: nothing.
    let r = complete(&mut c, &uri, after(&text, "Just prose here"));
    assert!(r.is_null(), "{r}");
    let r = complete(&mut c, &uri, after(&text, "Just pro"));
    assert!(r.is_null(), "{r}");
}

#[test]
fn hover_shows_reference_verdict_and_evidence() {
    let (mut c, uri, text) = open_example("");
    // A supported claim.
    let h = hover(&mut c, &uri, at(&text, "@okafor2019].\nIn Tamsworth", 3));
    let v = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(v.starts_with("**Okafor (2019)** · `okafor2019`"), "{v}");
    assert!(v.contains("Where the Shade Falls"), "{v}");
    assert!(v.contains("✓ supported by Okafor (2019)"), "{v}");
    assert!(v.contains("**Closest passages in Okafor (2019):**"), "{v}");
    assert!(v.contains("okafor2019.txt:"), "{v}");
    let (l, col) = find_pos(&text, "@okafor2019].\nIn Tamsworth");
    assert_eq!(
        h["range"],
        json!({"start": pos(l, col), "end": pos(l, col + 11)})
    );

    // A figure changed: the verdict names it.
    let h = hover(&mut c, &uri, at(&text, "@okafor2019].\nDrought", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("⚠ `figure-mismatch`"), "{v}");

    // A misattributed narrative citation.
    let h = hover(&mut c, &uri, at(&text, "Okafor (2019) reports", 1));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("⚠ `misattributed-claim`"), "{v}");
    assert!(v.contains("Lindqvist"), "{v}");

    // An unknown key: the close key.
    let h = hover(&mut c, &uri, at(&text, "@okafr2019", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.starts_with("`@okafr2019` resolves to no work"), "{v}");
    assert!(v.contains("`okafor2019`"), "{v}");

    // Not on a citation.
    let h = hover(&mut c, &uri, at(&text, "Research on urban heat", 3));
    assert!(h.is_null(), "{h}");
}

/// Semantic tokens as absolute (line, start, length, type, modifiers).
fn decode(data: &[Value]) -> Vec<(u32, u32, u32, u32, u32)> {
    let n: Vec<u32> = data.iter().map(|v| v.as_u64().unwrap() as u32).collect();
    let (mut line, mut start) = (0, 0);
    n.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                line += t[0];
                start = t[1];
            } else {
                start += t[1];
            }
            (line, start, t[2], t[3], t[4])
        })
        .collect()
}

#[test]
fn inlay_hints_tokens_and_symbols_on_the_example() {
    let (mut c, uri, text) = open_example("");
    let lines = text.lines().count() as u32;

    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(lines, 0)}}),
    );
    let hints = hints.as_array().unwrap();
    let labels: Vec<&str> = hints.iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Okafor 2019"), "{labels:?}");
    assert!(labels.contains(&"Lindqvist et al. 2021"), "{labels:?}");
    assert!(labels.contains(&"Marchetti and Osei 2020"), "{labels:?}");
    // One per resolved Pandoc key: none for unknown keys or author-year citations.
    let resolved_keys = ["@okafor2019", "@lindqvist2021cooling", "@marchetti2020"]
        .iter()
        .map(|k| text.matches(k).count())
        .sum::<usize>();
    assert_eq!(hints.len(), resolved_keys);
    let (l, col) = find_pos(&text, "@okafor2019]");
    assert_eq!(hints[0]["position"], pos(l, col + 11));
    assert_eq!(hints[0]["paddingLeft"], true);
    // A range asks for its own hints only.
    let one = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos(l, 0), "end": pos(l + 1, 0)}}),
    );
    assert_eq!(one.as_array().unwrap().len(), 1);

    let toks = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let toks = decode(toks["data"].as_array().unwrap());
    // `@okafor2019` resolved (citation, bit 0); `@okafr2019` unresolved (bit 1).
    assert!(toks.contains(&(l, col, 11, 0, 1)), "{toks:?}");
    let (l2, col2) = find_pos(&text, "@okafr2019");
    assert!(toks.contains(&(l2, col2, 10, 0, 2)), "{toks:?}");
    // The quotation (content only), a token of type 1.
    let (l3, col3) = find_pos(&text, "shade is a property");
    let q = "shade is a property of streets, not of trees";
    assert!(toks.contains(&(l3, col3, q.len() as u32, 1, 0)), "{toks:?}");
    // Author-year citations are tokens too.
    let (l4, col4) = find_pos(&text, "Chen, 2020b");
    assert!(toks.contains(&(l4, col4, 11, 0, 1)), "{toks:?}");

    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let roots = syms.as_array().unwrap();
    assert_eq!(roots.len(), 1, "{syms}");
    assert_eq!(roots[0]["name"], "Cooling mid-sized cities");
    let sections: Vec<&str> = roots[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "Why mid-sized cities",
            "Street trees",
            "Green roofs",
            "Who benefits",
            "References"
        ]
    );
    let why = &roots[0]["children"][0];
    let cites: Vec<&str> = why["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(cites[0], "Okafor (2019)");
    assert!(cites.contains(&"@okafr2019"), "{cites:?}");
    assert_eq!(why["children"][0]["detail"], "[@okafor2019]");

    let ws = c.request("workspace/symbol", json!({"query": "okafor"}));
    let ws = ws.as_array().unwrap();
    assert!(
        ws[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("Okafor (2019) — Where the Shade Falls"),
        "{ws:?}"
    );
    let loc = &ws[0]["location"];
    assert!(loc["uri"]
        .as_str()
        .unwrap()
        .ends_with("examples/corpus/references.bib"));
    assert_eq!(loc["range"]["start"]["line"], 5);
}

#[test]
fn completion_and_hover_ranges_count_cjk_and_emoji_in_both_encodings() {
    let ex = examples();
    let text = "# 标题\n\n中文😀 见 [@okafor2019] 与 [@oka\n";
    for utf8 in [false, true] {
        let mut caps = basic_capabilities();
        if utf8 {
            caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
        }
        let mut c = Client::start(&ex);
        let init = c.initialize(&ex, caps, json!(null));
        assert_eq!(
            init["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        let uri = c.open(&ex.join("cjk.md"), text);
        c.diagnostics(&uri, Some(1));
        let line = &text[text.find("中文").unwrap()..];
        let col = |needle: &str| -> u32 {
            let b = line.find(needle).unwrap();
            if utf8 {
                b as u32
            } else {
                line[..b].chars().map(char::len_utf16).sum::<usize>() as u32
            }
        };
        let end = col("[@oka\n") + 5;
        let r = complete(&mut c, &uri, pos(2, end));
        let first = &items(&r)[0];
        assert_eq!(first["textEdit"]["newText"], "okafor2019", "{r}");
        assert_eq!(
            first["textEdit"]["range"],
            json!({"start": pos(2, end - 3), "end": pos(2, end)}),
            "utf8={utf8}"
        );
        let k = col("@okafor2019]");
        let h = hover(&mut c, &uri, pos(2, k + 4));
        assert_eq!(
            h["range"],
            json!({"start": pos(2, k), "end": pos(2, k + 11)}),
            "utf8={utf8}"
        );
        let toks = c.request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri}}),
        );
        let toks = decode(toks["data"].as_array().unwrap());
        assert_eq!(toks[0], (2, k, 11, 0, 1), "utf8={utf8}");
    }
}

#[test]
fn requests_before_the_library_loads_return_empty_results() {
    // A corpus that takes a moment: the request arrives before any check.
    let ex = examples();
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let text = "See [@oka and Zhou (20";
    let uri = c.open(&ex.join("early.md"), text);
    // Whatever the timing, no error and no wait: null or a list.
    let r = complete(&mut c, &uri, pos(0, 9));
    assert!(r.is_null() || r["items"].is_array(), "{r}");
    let r = c.request("workspace/symbol", json!({"query": "zzzz-nothing"}));
    assert!(r.as_array().is_some_and(|a| a.is_empty()), "{r}");
}

/// `../shared`: the reference corpus and a dev draft.
fn open_shared(extra: &str) -> Option<(Client, String, String)> {
    let shared = common::shared()?;
    let dev = shared.join("bench/dev");
    let text = std::fs::read_to_string(dev.join("dev-01.md")).unwrap() + extra;
    let mut c = Client::start(&dev);
    let corpus = shared.join("corpus");
    c.initialize(
        &dev,
        basic_capabilities(),
        json!({"corpus": corpus.to_str().unwrap()}),
    );
    let uri = c.open(&dev.join("dev-01.md"), &text);
    c.diagnostics(&uri, Some(1));
    Some((c, uri, text))
}

#[test]
fn shared_corpus_completion_resolve_and_hover() {
    let Some((mut c, uri, text)) = open_shared("\nA new claim [@zh\n") else {
        return;
    };
    let r = complete(&mut c, &uri, after(&text, "A new claim [@zh"));
    let its = items(&r);
    assert_eq!(
        its[0]["textEdit"]["newText"], "zhou2008synchronizing",
        "{r}"
    );
    assert!(its[0]["label"]
        .as_str()
        .unwrap()
        .starts_with("Zhou (2008) — Synchronizing Export Orientation"));
    let resolved = c.request("completionItem/resolve", its[0].clone());
    let doc = resolved["documentation"]["value"].as_str().unwrap();
    assert!(
        doc.contains("*World Development*, 36(11), 2353–2370"),
        "{doc}"
    );
    assert!(doc.contains("*Summary:*"), "{doc}");

    let h = hover(&mut c, &uri, at(&text, "@zhou2008synchronizing]", 5));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("Synchronizing Export Orientation with Import Substitution"),
        "{v}"
    );
    assert!(v.contains("**This sentence:**"), "{v}");
    assert!(v.contains("**Closest passages in Zhou (2008):**"), "{v}");
    assert!(v.contains(".txt:"), "{v}");

    // Author-year in prose.
    let h = hover(&mut c, &uri, at(&text, "Herrigel et al. (2013), since", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("The Process of Chinese Manufacturing Upgrading"),
        "{v}"
    );
}

#[test]
fn shared_corpus_decorations_and_symbols() {
    let Some((mut c, uri, text)) = open_shared("") else {
        return;
    };
    let lines = text.lines().count() as u32;
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(lines, 0)}}),
    );
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Zhou 2008"), "{labels:?}");
    assert!(labels.contains(&"Herrigel et al. 2013"), "{labels:?}");
    assert!(labels.contains(&"He and Wang n.d."), "{labels:?}");

    let toks = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let toks = decode(toks["data"].as_array().unwrap());
    let (l, col) = find_pos(&text, "@zhang2013formation]");
    assert!(toks.contains(&(l, col, 19, 0, 1)), "{toks:?}");
    let (l, col) = find_pos(&text, "Zhang and Kawabata (2013)");
    assert!(toks.contains(&(l, col, 25, 0, 1)), "{toks:?}");

    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let root = &syms[0];
    assert!(root["name"]
        .as_str()
        .unwrap()
        .starts_with("Industrial upgrading in China"));
    let kids = root["children"].as_array().unwrap();
    assert!(kids.iter().any(|k| k["name"] == "Zhou (2008)"), "{syms}");
    assert!(kids.iter().any(|k| k["name"] == "Section 2"), "{syms}");

    let ws = c.request("workspace/symbol", json!({"query": "Zhou"}));
    let ws = ws.as_array().unwrap();
    assert!(
        ws[0]["name"].as_str().unwrap().starts_with("Zhou (2008)"),
        "{ws:?}"
    );
    assert!(ws[0]["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("references.bib"));
}
