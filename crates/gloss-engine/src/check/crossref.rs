//! Cross-references written as citations: pandoc-crossref's `@fig:map`,
//! `[@tbl:a; @tbl:b]` and Quarto's `@fig-map`. Pandoc reads them as
//! citations; the filter (or Quarto) turns them into figure, table, section
//! and equation numbers. They are checked against the labels the draft
//! defines (`{#fig:map}`, `#| label: fig-map`), not against the bibliography.

use std::collections::HashSet;

/// pandoc-crossref's prefixes (`@fig:x`).
const CROSSREF: &[&str] = &["fig", "tbl", "sec", "eq", "lst"];

/// Quarto's cross-reference prefixes (`@fig-x`).
const QUARTO: &[&str] = &[
    "fig", "tbl", "lst", "sec", "eq", "thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr",
    "sol", "rem", "tip", "nte", "wrn", "imp", "cau",
];

/// Whether a citation key that names no work is a cross-reference.
pub(super) fn is_crossref(key: &str) -> bool {
    let key = label_key(key);
    let prefixed = |sep: char, list: &[&str]| {
        key.split_once(sep)
            .is_some_and(|(p, rest)| list.contains(&p) && !rest.is_empty())
    };
    prefixed(':', CROSSREF) || prefixed('-', QUARTO)
}

/// The label a reference points at: pandoc-crossref's capitalised forms
/// (`@Fig:map`, which print "Figure") name the same label as `@fig:map`.
pub(super) fn label_key(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && key.contains([':', '-']) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => key.to_string(),
    }
}

/// Every label the draft defines: `{#id …}` attributes (figures, tables,
/// sections, equations, divs, code blocks) and knitr/Quarto chunk options
/// (`#| label: fig-map`, `{r fig-map}`, `label="fig-map"`).
pub(super) fn labels(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let id_char = |c: char| c.is_alphanumeric() || "-_:.".contains(c);
    let mut rest = text;
    while let Some(i) = rest.find("{#") {
        let after = &rest[i + 2..];
        let id: String = after.chars().take_while(|&c| id_char(c)).collect();
        if !id.is_empty() {
            out.insert(id.trim_end_matches(['.', ':']).to_string());
        }
        rest = after;
    }
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("#|").map(str::trim) {
            if let Some(v) = v.strip_prefix("label:") {
                out.insert(v.trim().trim_matches(['"', '\'']).to_string());
            }
        } else if let Some(header) = t.strip_prefix("```{").and_then(|h| h.strip_suffix('}')) {
            // {r fig-map, echo=FALSE} or {r, label="fig-map"}
            let mut parts = header.split(',').map(str::trim);
            if let Some(first) = parts.next() {
                if let Some((_, name)) = first.split_once(char::is_whitespace) {
                    out.insert(name.trim().to_string());
                }
            }
            for p in parts {
                if let Some(v) = p.strip_prefix("label").map(str::trim_start) {
                    if let Some(v) = v.strip_prefix('=') {
                        out.insert(v.trim().trim_matches(['"', '\'']).to_string());
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        for k in [
            "fig:map",
            "tbl:a",
            "sec:intro",
            "eq:1",
            "lst:code",
            "fig-map",
            "tbl-x",
            "Fig:map",
        ] {
            assert!(is_crossref(k), "{k}");
        }
        for k in [
            "zhou2008",
            "fig:",
            "figure:map",
            "fig_map",
            "smith:2008",
            "sec-",
        ] {
            assert!(!is_crossref(k), "{k}");
        }
        assert_eq!(label_key("Fig:map"), "fig:map");
        assert_eq!(label_key("fig-map"), "fig-map");
        assert_eq!(label_key("Zhou2008"), "Zhou2008");
    }

    #[test]
    fn labels_from_attributes_and_chunks() {
        let text = "![A map](map.png){#fig:map width=50%}\n\n# Intro {#sec:intro}\n\n$$ x $$ {#eq:one}\n\n: Data {#tbl:data}\n\n```{r fig-plot, echo=FALSE}\n#| label: fig-hist\nplot(1)\n```\n\n```{r, label=\"tbl-sum\"}\n```\n";
        let l = labels(text);
        for id in [
            "fig:map",
            "sec:intro",
            "eq:one",
            "tbl:data",
            "fig-plot",
            "fig-hist",
            "tbl-sum",
        ] {
            assert!(l.contains(id), "{id} in {l:?}");
        }
    }
}
