//! Reading a bibliography file from disk: format by extension, binary
//! detection and a Windows-1252 fallback (`text::read_text_file`).

use std::path::Path;

use super::Entry;
use crate::warn::Warning;

type Parser = fn(&Path, &str) -> (Vec<Entry>, Vec<Warning>);

pub fn load_file(path: &Path) -> (Vec<Entry>, Vec<Warning>) {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let parse: Parser = match ext.as_str() {
        "bib" | "bibtex" | "biblatex" => super::parse_bibtex,
        "json" => super::parse_csl_json,
        "yaml" | "yml" => super::parse_csl_yaml,
        _ => {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let why = if ext.is_empty() {
                format!("cannot tell the format of `{name}`: it has no extension")
            } else {
                format!(
                    "cannot tell the format of `{name}`: `.{ext}` is not a bibliography extension"
                )
            };
            return (
                Vec::new(),
                vec![Warning::new(
                    path,
                    None,
                    format!("{why}; name it .bib (BibTeX), .json (CSL-JSON) or .yaml (CSL-YAML); file skipped"),
                )],
            );
        }
    };
    let mut warnings = Vec::new();
    let text = match crate::text::read_text_file(path) {
        Ok((text, w)) => {
            warnings.extend(w);
            text
        }
        Err(crate::text::ReadError::Binary) => {
            let msg = "looks like a binary file (NUL bytes), not a bibliography; file skipped";
            return (Vec::new(), vec![Warning::new(path, None, msg)]);
        }
        Err(crate::text::ReadError::Io(e)) => {
            let msg = format!("cannot read bibliography: {e}");
            return (Vec::new(), vec![Warning::new(path, None, msg)]);
        }
    };
    let (entries, more) = parse(path, &text);
    warnings.extend(more);
    (entries, warnings)
}
