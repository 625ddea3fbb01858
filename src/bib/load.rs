//! Reading a bibliography file from disk: format by extension, binary
//! detection and a Windows-1252 fallback for text that is not UTF-8.

use std::path::Path;

use super::Entry;
use crate::warn::Warning;

/// Bytes inspected for NUL to call a file binary.
const BINARY_PROBE: usize = 8 * 1024;

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
            return (
                Vec::new(),
                vec![Warning::new(
                    path,
                    None,
                    format!(
                        "unknown bibliography format `.{ext}` (expected .bib, .json, .yaml or .yml); file skipped"
                    ),
                )],
            )
        }
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                Vec::new(),
                vec![Warning::new(
                    path,
                    None,
                    format!("cannot read bibliography: {e}"),
                )],
            )
        }
    };
    let mut warnings = Vec::new();
    let Some(text) = decode(path, &bytes, &mut warnings) else {
        return (Vec::new(), warnings);
    };
    let (entries, more) = parse(path, &text);
    warnings.extend(more);
    (entries, warnings)
}

/// Decode file bytes: UTF-8 (BOM removed), else Windows-1252 with a warning.
/// `None` (with a warning) for binary files.
pub fn decode(path: &Path, bytes: &[u8], warnings: &mut Vec<Warning>) -> Option<String> {
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        warnings.push(Warning::new(
            path,
            None,
            "looks like a binary file (NUL bytes), not a bibliography; file skipped",
        ));
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            warnings.push(Warning::new(
                path,
                Some(line),
                format!(
                    "not valid UTF-8 (first invalid byte on line {line}); read as Windows-1252/Latin-1"
                ),
            ));
            Some(bytes.iter().map(|&b| cp1252(b)).collect())
        }
    }
}

/// Windows-1252 byte to char; its five undefined bytes map as in Latin-1.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}
