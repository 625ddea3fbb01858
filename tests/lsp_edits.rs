//! `gloss lsp`: definition, references, rename and code actions, through
//! the real binary, on the example corpus (and on `../shared` when present).

mod common;

use std::path::{Path, PathBuf};

use common::lsp::*;
use serde_json::{json, Value};

/// A copy of `examples/` in a fresh temporary folder.
fn examples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        dir.path(),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The byte offset of a (line, UTF-16 character) position.
fn offset(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0u64;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

fn pos_of(p: &Value) -> (u64, u64) {
    (
        p["line"].as_u64().unwrap(),
        p["character"].as_u64().unwrap(),
    )
}

/// Apply LSP text edits to a text (last first, as a client does).
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(pos_of(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in sorted {
        let (sl, sc) = pos_of(&e["range"]["start"]);
        let (el, ec) = pos_of(&e["range"]["end"]);
        let (a, b) = (offset(&out, sl, sc), offset(&out, el, ec));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

/// A text document position `after` characters into the first `needle`.
fn at(uri: &str, text: &str, needle: &str, after: u32) -> Value {
    let (line, character) = find_pos(text, needle);
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + after}})
}

fn line_of(text: &str, needle: &str) -> u64 {
    find_pos(text, needle).0 as u64
}

fn path_of(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").unwrap().replace("%20", " "))
}

/// The text of a 0-based line of a file.
fn file_line(path: &Path, line: u64) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .nth(line as usize)
        .unwrap_or_default()
        .to_string()
}

/// The text a location's range covers in its file.
fn range_text(loc: &Value) -> String {
    let text = std::fs::read_to_string(path_of(loc["uri"].as_str().unwrap())).unwrap();
    let (sl, sc) = pos_of(&loc["range"]["start"]);
    let (el, ec) = pos_of(&loc["range"]["end"]);
    text[offset(&text, sl, sc)..offset(&text, el, ec)].to_string()
}

struct Session {
    client: Client,
    uri: String,
    text: String,
    diags: Vec<Value>,
}

/// Start the server in `root`, open `draft`, and wait for its diagnostics.
fn open(root: &Path, draft: &Path, options: Value) -> Session {
    let mut client = Client::start(root);
    client.initialize(root, basic_capabilities(), options);
    let text = std::fs::read_to_string(draft).unwrap();
    let uri = client.open(draft, &text);
    let diags = client.diagnostics(&uri, Some(1));
    Session {
        client,
        uri,
        text,
        diags,
    }
}

impl Session {
    fn actions_on_line(&mut self, line: u64) -> Vec<Value> {
        let r = self.client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": self.uri},
                "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 10000}},
                "context": {"diagnostics": []}
            }),
        );
        r.as_array().cloned().unwrap_or_default()
    }

    /// Apply a code action's edit as an incremental change (version
    /// `version`) and return the diagnostics of that version.
    fn apply(&mut self, action: &Value, version: i64) -> Vec<Value> {
        let edits = action["edit"]["changes"][&self.uri]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("no edits for the document: {action}"));
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| std::cmp::Reverse(pos_of(&e["range"]["start"])));
        let changes: Vec<Value> = sorted
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        self.text = apply_edits(&self.text, &edits);
        self.client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": version}, "contentChanges": changes}),
        );
        self.diags = self.client.diagnostics(&self.uri, Some(version));
        self.diags.clone()
    }
}

fn codes_on_line(diags: &[Value], line: u64) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == line)
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn find_action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {:?}", titles(actions)))
}

#[test]
fn definition_opens_the_evidence_sentence_then_the_entry() {
    let dir = examples_copy();
    let mut s = open(dir.path(), &dir.path().join("review.md"), json!({}));
    // [@okafor2019] on line 13: the claim about mid-sized cities.
    let p = at(&s.uri, &s.text, "@okafor2019].\nIn Tamsworth", 3);
    let r = s.client.request("textDocument/definition", p);
    let locs = r.as_array().expect("locations");
    assert_eq!(locs.len(), 2, "{r}");
    let text = path_of(locs[0]["uri"].as_str().unwrap());
    assert!(text.ends_with("corpus/okafor2019.txt"), "{r}");
    let ev = range_text(&locs[0]);
    // The sentence itself is selected.
    assert!(ev.contains("mid-sized") && ev.len() < 400, "evidence: {ev}");
    assert!(ev.trim_end().ends_with('.'), "evidence: {ev}");
    let bib = path_of(locs[1]["uri"].as_str().unwrap());
    assert!(bib.ends_with("corpus/references.bib"), "{r}");
    let entry = file_line(&bib, locs[1]["range"]["start"]["line"].as_u64().unwrap());
    assert_eq!(entry, "@article{okafor2019,");

    // A narrative author-year citation: the sentence about the 28 blocks.
    let p = at(&s.uri, &s.text, "Lindqvist et al. (2021) followed", 2);
    let r = s.client.request("textDocument/definition", p);
    let locs = r.as_array().unwrap();
    let text = path_of(locs[0]["uri"].as_str().unwrap());
    assert!(text.ends_with("papers/lindqvist-cooling.md"), "{r}");
    let ev = range_text(&locs[0]);
    assert!(ev.contains("28") && ev.len() < 400, "evidence: {ev}");
    let entry = file_line(
        &path_of(locs[1]["uri"].as_str().unwrap()),
        locs[1]["range"]["start"]["line"].as_u64().unwrap(),
    );
    assert_eq!(entry, "@article{lindqvist2021cooling,");

    // Unresolved, or not on a citation: nothing.
    let p = at(&s.uri, &s.text, "@okafr2019", 2);
    assert_eq!(s.client.request("textDocument/definition", p), Value::Null);
    let p = at(&s.uri, &s.text, "This short review", 2);
    assert_eq!(s.client.request("textDocument/definition", p), Value::Null);
}

#[test]
fn references_span_drafts_and_citation_forms() {
    let dir = examples_copy();
    // A second draft, not open: read from disk.
    let other =
        "# Notes\n\nShade matters (Okafor, 2019). See also @okafor2019 and [@marchetti2020].\n";
    std::fs::write(dir.path().join("notes.md"), other).unwrap();
    let mut s = open(dir.path(), &dir.path().join("review.md"), json!({}));
    let mut p = at(&s.uri, &s.text, "Okafor (2019) puts", 1);
    p["context"] = json!({"includeDeclaration": false});
    let r = s.client.request("textDocument/references", p.clone());
    let locs = r.as_array().unwrap();
    let lines_in = |uri: &str| -> Vec<u64> {
        locs.iter()
            .filter(|l| l["uri"] == uri)
            .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
            .collect()
    };
    let here = lines_in(&s.uri);
    for needle in [
        "[@okafor2019].\nIn Tamsworth", // Pandoc
        "@okafor2019 measured",         // narrative Pandoc
        "(Okafor, 2019).",              // author-year
        "Okafor (2019) reports",        // narrative author-year
        "-@okafor2019",                 // suppress-author
    ] {
        assert!(
            here.contains(&line_of(&s.text, needle)),
            "{needle}: {here:?}"
        );
    }
    // Not the wrong year, not the misspelt key, not other works.
    for needle in ["Okafor (2018)", "@okafr2019", "(Marchetti & Osei, 2020)."] {
        assert!(
            !here.contains(&line_of(&s.text, needle)),
            "{needle}: {here:?}"
        );
    }
    assert_eq!(here.len(), 10, "{here:?}");
    let notes = uri(&dir.path().join("notes.md"));
    assert_eq!(lines_in(&notes), [2, 2]);
    // The exact range of an item.
    let l = locs.iter().find(|l| l["uri"] == notes).unwrap();
    assert_eq!(l["range"]["start"]["character"], 15);
    assert_eq!(l["range"]["end"]["character"], 27);

    p["context"] = json!({"includeDeclaration": true});
    let r = s.client.request("textDocument/references", p);
    let decl = &r.as_array().unwrap()[0];
    assert!(
        decl["uri"].as_str().unwrap().ends_with("references.bib"),
        "{r}"
    );
    assert_eq!(decl["range"]["start"]["line"], 5);
}

#[test]
fn rename_changes_drafts_and_the_bibliography() {
    let dir = examples_copy();
    let other = "More on shade [@okafor2019, p. 3; @okafor2019x].\n";
    std::fs::write(dir.path().join("notes.md"), other).unwrap();
    let mut s = open(dir.path(), &dir.path().join("review.md"), json!({}));

    // Only a Pandoc key can be renamed.
    let p = at(&s.uri, &s.text, "@okafor2019 measured", 4);
    let r = s.client.request("textDocument/prepareRename", p.clone());
    assert_eq!(r["placeholder"], "okafor2019");
    let (line, col) = find_pos(&s.text, "@okafor2019 measured");
    assert_eq!(
        r["range"]["start"],
        json!({"line": line, "character": col + 1})
    );
    assert_eq!(
        r["range"]["end"],
        json!({"line": line, "character": col + 11})
    );
    let ay = at(&s.uri, &s.text, "Okafor (2019) puts", 1);
    let e = s.client.request_raw("textDocument/prepareRename", ay);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Pandoc @key"),
        "{e}"
    );

    // Bad and taken keys are refused.
    let mut bad = p.clone();
    bad["newName"] = json!("okafor 2019");
    let e = s.client.request_raw("textDocument/rename", bad);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a citation key"),
        "{e}"
    );
    let mut taken = p.clone();
    taken["newName"] = json!("marchetti2020");
    let e = s.client.request_raw("textDocument/rename", taken);
    assert!(
        e["error"]["message"].as_str().unwrap().contains("already"),
        "{e}"
    );

    let mut ok = p;
    ok["newName"] = json!("okafor2019shade");
    let r = s.client.request("textDocument/rename", ok);
    let changes = r["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 3, "{r}");
    // Apply every edit to the files, then read them back with the CLI.
    for (u, edits) in changes {
        let path = path_of(u);
        let text = std::fs::read_to_string(&path).unwrap();
        let out = apply_edits(&text, edits.as_array().unwrap());
        std::fs::write(&path, out).unwrap();
    }
    let bib = std::fs::read_to_string(dir.path().join("corpus/references.bib")).unwrap();
    assert!(bib.contains("@article{okafor2019shade,"));
    assert!(!bib.contains("okafor2019,"));
    let review = std::fs::read_to_string(dir.path().join("review.md")).unwrap();
    assert_eq!(review.matches("@okafor2019shade").count(), 7);
    assert_eq!(review.matches("okafor2019").count(), 7);
    assert!(
        review.contains("[@okafr2019]"),
        "a misspelt key is not renamed"
    );
    let notes = std::fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert_eq!(
        notes,
        "More on shade [@okafor2019shade, p. 3; @okafor2019x].\n"
    );
    let o = common::run(&["citations", "review.md", "--format", "json"], dir.path());
    let j = common::json(&o);
    let keys: Vec<String> = j
        .to_string()
        .match_indices("\"key\":\"okafor2019shade\"")
        .map(|(_, k)| k.to_string())
        .collect();
    assert_eq!(keys.len(), 10, "every Okafor citation resolves: {j}");
}

#[test]
fn quick_fixes_replace_citations_in_their_own_style() {
    let dir = examples_copy();
    let mut s = open(dir.path(), &dir.path().join("review.md"), json!({}));

    // Misattributed: "Okafor (2019) reports that green roofs cut …".
    let line = line_of(&s.text, "Okafor (2019) reports");
    assert_eq!(codes_on_line(&s.diags, line), ["misattributed-claim"]);
    let actions = s.actions_on_line(line);
    let fix = find_action(
        &actions,
        "Cite Lindqvist et al. (2021) instead of Okafor (2019)",
    );
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "misattributed-claim");
    find_action(&actions, "Ignore misattributed-claim here");
    let diags = s.apply(fix, 2);
    assert!(s
        .text
        .contains("\nLindqvist et al. (2021) reports that green roofs cut"));
    assert_eq!(
        codes_on_line(&diags, line),
        Vec::<String>::new(),
        "{diags:?}"
    );

    // Unknown key and wrong year.
    let line = line_of(&s.text, "[@okafr2019]");
    let actions = s.actions_on_line(line);
    let diags = s.apply(find_action(&actions, "Change to @okafor2019"), 3);
    assert!(s.text.contains("stands [@okafor2019]."));
    assert_eq!(
        codes_on_line(&diags, line),
        Vec::<String>::new(),
        "{diags:?}"
    );

    let line = line_of(&s.text, "Okafor (2018)");
    let actions = s.actions_on_line(line);
    let diags = s.apply(find_action(&actions, "Change to Okafor (2019)"), 4);
    assert!(s.text.contains("\nOkafor (2019) also found"));
    assert_eq!(
        codes_on_line(&diags, line),
        Vec::<String>::new(),
        "{diags:?}"
    );

    // Ambiguous (Chen, 2020): pick one.
    let line = line_of(&s.text, "(Chen, 2020).");
    let actions = s.actions_on_line(line);
    let diags = s.apply(find_action(&actions, "Cite Chen (2020a) (@chen2020a)"), 5);
    assert!(s.text.contains("mid-sized cities (Chen, 2020a).\n"));
    assert!(!codes_on_line(&diags, line).contains(&"ambiguous-citation".to_string()));
}

#[test]
fn ignore_actions_silence_the_diagnostic() {
    let dir = examples_copy();
    let mut s = open(dir.path(), &dir.path().join("review.md"), json!({}));
    let line = line_of(&s.text, "[@nobody1999]");
    assert_eq!(codes_on_line(&s.diags, line), ["unknown-citation"]);
    let actions = s.actions_on_line(line);
    // No suggestion for nobody1999: only the ignore.
    assert_eq!(titles(&actions), ["Ignore unknown-citation here"]);
    let diags = s.apply(&actions[0], 2);
    assert!(s
        .text
        .contains("\n<!-- gloss-ignore: unknown-citation -->\nHeat deaths"));
    let n = s.diags.len();
    assert!(diags
        .iter()
        .all(|d| !d["message"].as_str().unwrap().contains("nobody1999")));
    // Every other diagnostic moved down a line but is still there.
    let o = common::run(&["check", "review.md", "--format", "json"], dir.path());
    let before = common::json(&o)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(n, before - 1);

    // A range outside every diagnostic: nothing.
    assert!(s.actions_on_line(0).is_empty());
}

#[test]
fn uncited_source_gets_a_citation() {
    let dir = examples_copy();
    // A sentence copied from lindqvist-cooling.md, uncited.
    let corpus =
        std::fs::read_to_string(dir.path().join("corpus/papers/lindqvist-cooling.md")).unwrap();
    let copied = corpus
        .lines()
        .nth(69)
        .unwrap()
        .trim()
        .split(". ")
        .next()
        .unwrap()
        .trim_end_matches('.')
        .to_string();
    let draft = format!("# Copy\n\nRoofs help [@lindqvist2021cooling]. Trees too.\n\n{copied}.\n");
    std::fs::write(dir.path().join("copy.md"), &draft).unwrap();
    std::fs::write(
        dir.path().join("gloss.toml"),
        "corpus = \"corpus\"\nbibliography = [\"corpus/references.bib\"]\n",
    )
    .unwrap();
    let mut s = open(dir.path(), &dir.path().join("copy.md"), json!({}));
    if !codes_on_line(&s.diags, 4).contains(&"uncited-source".to_string()) {
        panic!("expected uncited-source on {copied:?}: {:?}", s.diags);
    }
    let actions = s.actions_on_line(4);
    let fix = find_action(&actions, "Add a citation of @lindqvist2021cooling");
    let diags = s.apply(fix, 2);
    assert!(
        s.text.ends_with(" [@lindqvist2021cooling].\n"),
        "{}",
        s.text
    );
    assert!(!codes_on_line(&diags, 4).contains(&"uncited-source".to_string()));
}

fn shared_session(shared: &Path, draft: &Path, root: &Path) -> Session {
    let corpus = shared.join("corpus");
    open(root, draft, json!({"corpus": corpus.to_str().unwrap()}))
}

#[test]
fn shared_definition_references_and_misattribution_fix() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dev = shared.join("bench/dev");
    let mut s = shared_session(&shared, &dev.join("dev-01.md"), &dev);
    // Line 10 of dev-01.md credits Herrigel et al. (2013) with Ernst's FDI
    // figures (labels.jsonl: source ernst2007beyond).
    let labels = std::fs::read_to_string(dev.join("labels.jsonl")).unwrap();
    let label: Value = labels
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["file"] == "dev-01.md" && l["line"] == 10)
        .unwrap();
    assert_eq!(label["source"], "ernst2007beyond");
    let line = 9;
    assert!(s
        .text
        .lines()
        .nth(9)
        .unwrap()
        .starts_with("According to Herrigel et al. (2013)"));
    assert_eq!(codes_on_line(&s.diags, line), ["misattributed-claim"]);

    // Definition on a correctly cited claim (line 21, a paraphrase of
    // herrigel2013process): the corpus text at a line saying the same.
    let ok = labels
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["file"] == "dev-01.md" && l["line"] == 21)
        .unwrap();
    assert_eq!(ok["cited"], "herrigel2013process");
    assert_eq!(ok["valid"][0], "herrigel2013process");
    let claim = s.text.lines().nth(20).unwrap().to_lowercase();
    let col = find_pos(s.text.lines().nth(20).unwrap(), "[@herrigel2013process]").1;
    let p = json!({"textDocument": {"uri": s.uri}, "position": {"line": 20, "character": col + 3}});
    let r = s.client.request("textDocument/definition", p);
    let locs = r.as_array().unwrap();
    assert_eq!(locs.len(), 2, "{r}");
    let text = path_of(locs[0]["uri"].as_str().unwrap());
    assert!(text.starts_with(shared.join("corpus")), "{r}");
    assert_ne!(text.extension().unwrap(), "bib", "{r}");
    let ev = range_text(&locs[0]);
    assert!(ev.len() < 1000, "one sentence: {ev}");
    let shared_words = ev
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 5 && claim.contains(w))
        .count();
    assert!(shared_words >= 2, "{ev:?} vs {claim:?}");
    let entry = file_line(
        &path_of(locs[1]["uri"].as_str().unwrap()),
        locs[1]["range"]["start"]["line"].as_u64().unwrap(),
    );
    assert!(entry.contains("{herrigel2013process,"), "{entry}");
    let p = at(&s.uri, &s.text, "Herrigel et al. (2013), since", 2);

    // References of herrigel2013process: in several dev drafts.
    let mut rp = p.clone();
    rp["context"] = json!({"includeDeclaration": false});
    let r = s.client.request("textDocument/references", rp);
    let locs = r.as_array().unwrap();
    let files: std::collections::HashSet<&str> =
        locs.iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert!(files.len() >= 2, "{files:?}");
    let expected_here = s.text.matches("@herrigel2013process").count()
        + s.text.matches("Herrigel et al. (2013)").count()
        + s.text.matches("Herrigel et al., 2013").count();
    let here = locs.iter().filter(|l| l["uri"] == s.uri).count();
    assert_eq!(here, expected_here);

    // The quick fix: cite Ernst instead; the diagnostic goes away.
    let actions = s.actions_on_line(line);
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "misattributed-claim")
        .unwrap_or_else(|| panic!("{:?}", titles(&actions)));
    assert_eq!(
        fix["title"],
        "Cite Ernst (2007) instead of Herrigel et al. (2013)"
    );
    let diags = s.apply(fix, 2);
    assert!(s
        .text
        .lines()
        .nth(9)
        .unwrap()
        .starts_with("According to Ernst (2007), since"));
    assert!(
        !codes_on_line(&diags, line).contains(&"misattributed-claim".to_string()),
        "{diags:?}"
    );
}

#[test]
fn shared_rename_covers_drafts_and_both_bibliographies() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&shared.join("bench/dev"), &dir.path().join("dev"));
    copy_dir(&shared.join("corpus"), &dir.path().join("corpus"));
    let dev = dir.path().join("dev");
    let mut s = shared_session(dir.path(), &dev.join("dev-01.md"), dir.path());
    let p = at(&s.uri, &s.text, "@zhang2013formation]", 3);
    let mut rp = p.clone();
    rp["newName"] = json!("zhang2013clusters");
    let r = s.client.request("textDocument/rename", rp);
    let changes = r["changes"].as_object().unwrap();
    let mut renamed = 0;
    for (u, edits) in changes {
        let path = path_of(u);
        let text = std::fs::read_to_string(&path).unwrap();
        let before = text.matches("zhang2013formation").count();
        let out = apply_edits(&text, edits.as_array().unwrap());
        if path.extension().unwrap() == "bib" {
            assert!(out.contains("{zhang2013clusters,"), "{}", path.display());
        }
        // Every Pandoc use of the key goes (author-year forms stay).
        assert_eq!(
            out.matches("zhang2013formation").count(),
            0,
            "{}",
            path.display()
        );
        assert_eq!(out.matches("zhang2013clusters").count(), before);
        renamed += before;
        std::fs::write(&path, out).unwrap();
    }
    let bibs = changes.keys().filter(|u| u.ends_with(".bib")).count();
    assert_eq!(bibs, 2, "{:?}", changes.keys());
    assert!(
        changes.len() > 3,
        "several dev drafts: {:?}",
        changes.keys()
    );
    assert!(renamed > 10);
    // The renamed drafts resolve against the renamed bibliographies.
    let o = common::run(
        &[
            "check",
            "--corpus",
            "../corpus",
            "dev-01.md",
            "--format",
            "json",
        ],
        &dev,
    );
    let j = common::json(&o);
    assert!(!j.to_string().contains("unknown-citation"), "{j}");
}

/// Send one `didChange` of the given changes at `version`.
fn did_change(client: &mut Client, uri: &str, version: i64, changes: Vec<Value>) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

/// A form feed (common in text pasted from PDF converters) is no line break
/// in the protocol: after an edit below one, the server's text must still
/// be the editor's, and a quick fix must replace just the key. (It once
/// turned `Also See [@okafr2019] here.` into `Also Sokafor2019r2019] here.`.)
#[test]
fn a_form_feed_above_an_edit_leaves_quick_fixes_in_place() {
    let dir = examples_copy();
    let path = dir.path().join("review.md");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "Much of the planting",
        "Page 3\x0cPage 4 \u{2028}and \u{85}so on.\nAlso See [@okafr2019] here.\nMuch of the planting",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let mut s = open(dir.path(), &path, json!({}));
    // One edit below the form feed: a word typed at the start of a line.
    let (line, col) = find_pos(&s.text, "Also See");
    did_change(
        &mut s.client,
        &s.uri.clone(),
        2,
        vec![json!({"range": {"start": {"line": line, "character": col},
                              "end": {"line": line, "character": col}}, "text": "We "})],
    );
    s.text = s.text.replacen("Also See", "We Also See", 1);
    s.diags = s.client.diagnostics(&s.uri, Some(2));
    let actions = s.actions_on_line(line as u64);
    s.apply(find_action(&actions, "Change to @okafor2019"), 3);
    assert!(
        s.text.contains("\nWe Also See [@okafor2019] here.\n"),
        "{}",
        s.text
    );
    // The server's text is the client's: the key is where the client sees it.
    let p = at(&s.uri, &s.text, "@okafor2019] here", 2);
    let r = s.client.request("textDocument/prepareRename", p);
    assert_eq!(r["placeholder"], "okafor2019", "{r}");
}

/// Random edit sequences with every kind of line break (LF, CR LF, lone CR,
/// and the form feed, U+2028, U+2029 and U+0085 that the protocol does not
/// count) and characters outside the BMP: after each edit the server must
/// find a citation key exactly where the client's own model of the text
/// (`lsp_position`) says it is, so both agree on the text and positions.
#[test]
fn random_edits_with_every_line_break_keep_server_and_client_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let marker = "\n[@okafor2019] end\n";
    let mut text = format!("# T\n\nStart a\x0cb\r\nc\rd\u{2028}e 😀.{marker}");
    std::fs::write(&path, &text).unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), basic_capabilities(), json!({}));
    let uri = client.open(&path, &text);
    let mut limit = text.len() - marker.len();
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    for version in 2..150 {
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (c, l) = random_lsp_edit(&mut text, limit, &mut rng, LINE_BREAK_PIECES);
            changes.push(c);
            limit = l;
        }
        did_change(&mut client, &uri, version, changes);
        let key = text.rfind("@okafor2019").unwrap();
        let (line, character) = lsp_position(&text, key + 3);
        let r = client.request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let (kl, kc) = lsp_position(&text, key + 1);
        let (el, ec) = lsp_position(&text, key + "@okafor2019".len());
        assert_eq!(
            (r["placeholder"].clone(), r["range"].clone()),
            (
                json!("okafor2019"),
                json!({"start": {"line": kl, "character": kc}, "end": {"line": el, "character": ec}})
            ),
            "version {version}, text {text:?}"
        );
    }
}

/// Semantic tokens are one line each as the client counts lines: a token
/// over a lone CR (a line break in the protocol) is split there, and every
/// token lies within its line.
#[test]
fn semantic_tokens_split_at_every_protocol_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let text = "# T\r\rA claim [see\r@okafor2019, p.\u{2028}3; \x0c@lee2020].\r\n\"A quote\rover lines\" 😀 [@a\r\n; @b].\n";
    std::fs::write(&path, text).unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!({}));
    let uri = c.open(&path, text);
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u64> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(!data.is_empty(), "{r}");
    let starts = lsp_line_starts(text);
    let line_len = |l: usize| -> u64 {
        let end = starts.get(l + 1).copied().unwrap_or(text.len());
        text[starts[l]..end]
            .trim_end_matches(['\r', '\n'])
            .chars()
            .map(|c| c.len_utf16() as u64)
            .sum()
    };
    let (mut line, mut col) = (0u64, 0u64);
    for t in data.chunks(5) {
        if t[0] > 0 {
            col = 0;
        }
        line += t[0];
        col += t[1];
        assert!(
            (line as usize) < starts.len(),
            "token on line {line}: {data:?}"
        );
        assert!(
            col + t[2] <= line_len(line as usize),
            "token {line}:{col}+{} past its line: {data:?}",
            t[2]
        );
    }
}
