//! Positions in text: byte offsets, 1-based lines, and columns counted in
//! Unicode scalar values (what the JSON output and the CLI report), and
//! 0-based lines with columns in a chosen [`Encoding`] (what an editor
//! protocol speaks). One line index serves both.

/// Index of line starts in a text, for byte offset -> (line, column) lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters before each BLOCK-byte block of the text (block starts
    /// moved back to a char boundary): columns on very long lines stay cheap.
    blocks: Vec<(usize, usize)>,
}

const BLOCK: usize = 4096;

/// What a column counts: UTF-8 bytes, UTF-16 code units (the Language
/// Server Protocol's default) or Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The width of a character in this encoding's units.
    pub fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The bytes of the first `col` units of a line given as its characters
/// (stopping at its line break): a column inside a character means the
/// start of that character, a column past the end of the line its end.
pub fn column_bytes(line: impl Iterator<Item = char>, col: usize, enc: Encoding) -> usize {
    let (mut units, mut bytes) = (0usize, 0usize);
    for c in line {
        if c == '\n' || c == '\r' {
            break;
        }
        let w = enc.width(c);
        if units + w > col {
            break;
        }
        units += w;
        bytes += c.len_utf8();
    }
    bytes
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        let mut blocks = vec![(0, 0)];
        let mut chars = 0;
        let mut from = 0;
        while from + BLOCK < text.len() {
            let mut to = from + BLOCK;
            while !text.is_char_boundary(to) {
                to -= 1;
            }
            chars += text[from..to].chars().count();
            blocks.push((to, chars));
            from = to;
        }
        LineIndex { starts, blocks }
    }

    /// Characters in `text[..offset]` (`offset` on a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.blocks.partition_point(|&(b, _)| b <= offset) - 1;
        let (b, n) = self.blocks[i];
        n + text[b..offset].chars().count()
    }

    /// Number of lines (a trailing newline opens one more, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The text of 0-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte range of 0-based `line` without its line break (`\n`, or
    /// `\r\n`), if the line exists.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        let mut end = self.starts.get(line + 1).map_or(text.len(), |n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// The byte offset of 0-based `line` and `col` (in `enc` units). A line
    /// past the end of the text is `None`; a column past the end of its
    /// line means the end of the line; a column inside a character means
    /// the start of that character.
    pub fn offset_of(&self, text: &str, line: u32, col: u32, enc: Encoding) -> Option<usize> {
        let r = self.line_range(text, line as usize)?;
        Some(r.start + column_bytes(text[r].chars(), col as usize, enc))
    }

    /// The 0-based line and column (in `enc` units) of a byte offset,
    /// clamped to the text and down to a character boundary.
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => (self.pos(text, offset).column - 1) as usize,
        };
        (line as u32, col as u32)
    }

    /// 1-based line and 1-based column in scalar values of byte `offset`.
    /// An offset inside a multi-byte character counts as that character.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start <= BLOCK {
            text[start..end].chars().count()
        } else {
            self.chars_before(text, end) - self.chars_before(text, start)
        } as u32
            + 1;
        Pos {
            line: line as u32 + 1,
            column,
        }
    }
}

/// Fold a string for loose comparison: NFKD, strip combining marks, lowercase,
/// fold quotes and dashes. Used for names, titles and keys.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Plain ASCII (most text) needs no decomposition: only `` ` `` and case change.
    if s.is_ascii() {
        let mut out = s.to_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'ø' | 'Ø' => 'o',
            'ł' | 'Ł' => 'l',
            'đ' | 'Đ' => 'd',
            'æ' | 'Æ' => {
                out.push_str("ae");
                continue;
            }
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Lowercased alphanumeric words of `s` after [`fold`]: the tokens used to
/// compare titles and names across conversion damage.
pub fn fold_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `s` cut to at most `max` characters (Unicode scalar values) at a word
/// boundary, with `…` appended: the cut keeps the first `max` characters,
/// then drops everything from their last space on (a cut with no space is
/// kept whole), then drops any of `trim` from its end. `s` no longer than
/// `max` is returned unchanged. The one shortening rule for titles and
/// sentences shown in messages, completion labels and hovers; `trim` is
/// the only thing its users differ in (labels drop a dangling `,:;`, the
/// checker's messages keep the text as cut: pass `&[]`).
pub fn shorten(s: &str, max: usize, trim: &[char]) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches(trim))
}

/// What [`shorten`] trims from a label's end: clause punctuation and spaces
/// left dangling by the cut (`Trade, Growth:` → `Trade, Growth…`).
pub const DANGLING: &[char] = &[',', ':', ';', ' '];

/// Bytes inspected for NUL to call a file binary.
const BINARY_PROBE: usize = 8 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// NUL bytes near the start: not a text file.
    Binary,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
            ReadError::Binary => f.write_str("binary file (NUL bytes), not text"),
        }
    }
}

/// The most gloss reads of one input file (a bibliography, a corpus text,
/// a draft): 256 MB. A larger file is skipped with a warning.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// The most gloss reads of a settings file (`gloss.toml`, a glossary, a
/// YAML defaults file, a CSL style): 16 MB.
pub const MAX_SETTINGS_BYTES: u64 = 16 << 20;

/// Read the bytes of an input file: the one way gloss reads what a user
/// names, so that a device, a FIFO or a folder (directly or through a
/// symbolic link: `refs.bib -> /dev/zero`) is refused before it is opened,
/// and no file is read past `limit` bytes (a file that grows while it is
/// read is cut off there and refused too). The errors say what happened in
/// plain words; callers add the file's name.
pub fn read_bounded(path: &std::path::Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "a device, FIFO or socket"
        };
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file ({what}); skipped"),
        ));
    }
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than gloss reads ({} MB); skipped", limit >> 20),
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let f = std::fs::File::open(path)?;
    // Checked again on the open file: the path may have been swapped.
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file; skipped",
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_bounded`] for a settings file, as UTF-8 text.
pub fn read_settings(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = read_bounded(path, MAX_SETTINGS_BYTES)?;
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Read a text file as every input is read (through [`read_bounded`], at
/// most [`MAX_INPUT_BYTES`]) and [`decode`] it. Binary files are refused.
pub fn read_text_file(
    path: &std::path::Path,
) -> Result<(String, Option<crate::warn::Warning>), ReadError> {
    let bytes = read_bounded(path, MAX_INPUT_BYTES).map_err(ReadError::Io)?;
    decode(path, &bytes)
}

/// [`read_text_file`] for bytes already read. A file that is UTF-8 but
/// for a few damaged bytes keeps its UTF-8, each bad byte read as U+FFFD,
/// with a warning naming the line of the first; only a file whose high
/// bytes are mostly not UTF-8 (a Windows-1252/Latin-1 file) is read as
/// Windows-1252, with a warning. Line breaks that are a lone CR (old Mac
/// files) are read as LF, one byte for one, so offsets do not move.
pub fn decode(
    path: &std::path::Path,
    bytes: &[u8],
) -> Result<(String, Option<crate::warn::Warning>), ReadError> {
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(ReadError::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (mut text, warning) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            // Multi-byte UTF-8 characters against invalid sequences.
            let (mut good, mut invalid) = (0usize, 0usize);
            for chunk in bytes.utf8_chunks() {
                good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
                invalid += usize::from(!chunk.invalid().is_empty());
            }
            if good > invalid {
                let warning = crate::warn::Warning::new(
                    path,
                    Some(line),
                    format!(
                        "{invalid} invalid UTF-8 byte sequence{} (the first on line {line}) read as \u{FFFD}; the rest of the file is UTF-8",
                        if invalid == 1 { "" } else { "s" }
                    ),
                );
                (String::from_utf8_lossy(bytes).into_owned(), Some(warning))
            } else {
                let warning = crate::warn::Warning::new(
                    path,
                    Some(line),
                    format!(
                        "not valid UTF-8 (first invalid byte on line {line}); read as Windows-1252/Latin-1 (save the file as UTF-8)"
                    ),
                );
                (bytes.iter().map(|&b| cp1252(b)).collect(), Some(warning))
            }
        }
    };
    if text.contains('\r') {
        text = lone_cr_to_lf(&text);
    }
    Ok((text, warning))
}

/// Each CR not followed by LF replaced by LF (same length).
fn lone_cr_to_lf(text: &str) -> String {
    let b = text.as_bytes();
    let out: Vec<u8> = b
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == b'\r' && b.get(i + 1) != Some(&b'\n') {
                b'\n'
            } else {
                c
            }
        })
        .collect();
    String::from_utf8(out).expect("ASCII for ASCII keeps UTF-8")
}

/// Parse YAML (front matter, CSL-YAML, a defaults file) into a value, as
/// `serde_yaml_ng::from_str` does, but with the work bounded by the text's
/// size: aliases (`*a`) replay what their anchor holds, so a few kilobytes
/// of anchors aliasing anchors can stand for billions of nodes while
/// staying under the parser's own repetition limit. Every node and string
/// byte built is counted, and past [`YAML_FACTOR`] times the text's size
/// (plus [`YAML_BASE`]) the document is refused with an error saying so.
pub fn parse_yaml(text: &str) -> Result<serde_yaml_ng::Value, serde_yaml_ng::Error> {
    use serde::de::DeserializeSeed;
    let budget = std::cell::Cell::new(text.len().saturating_mul(YAML_FACTOR) + YAML_BASE);
    let de = serde_yaml_ng::Deserializer::from_str(text);
    // An empty document is null, as with `from_str`.
    if text.trim().is_empty() {
        return Ok(serde_yaml_ng::Value::Null);
    }
    yaml::Budgeted(&budget).deserialize(de)
}

/// What YAML may build: this many times the text's size...
pub const YAML_FACTOR: usize = 64;
/// ...plus this much.
pub const YAML_BASE: usize = 1 << 20;

mod yaml {
    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use serde_yaml_ng::value::{Tag, TaggedValue};
    use serde_yaml_ng::{Mapping, Number, Value};
    use std::cell::Cell;
    use std::fmt;

    /// A value built within a budget of nodes and string bytes.
    #[derive(Clone, Copy)]
    pub struct Budgeted<'a>(pub &'a Cell<usize>);

    impl Budgeted<'_> {
        fn charge<E: de::Error>(self, n: usize) -> Result<(), E> {
            let left = self.0.get();
            if n > left {
                self.0.set(0);
                return Err(E::custom(
                    "the YAML expands (through aliases `*name` of anchors `&name`) to far more than its size; not read",
                ));
            }
            self.0.set(left - n);
            Ok(())
        }
    }

    impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
        type Value = Value;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Budgeted<'_> {
        type Value = Value;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
            self.charge(1)?;
            Ok(Value::Bool(b))
        }
        fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
            self.charge(1)?;
            Ok(Value::Number(Number::from(i)))
        }
        fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
            self.charge(1)?;
            Ok(Value::Number(Number::from(u)))
        }
        fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
            self.charge(1)?;
            Ok(Value::Number(Number::from(f)))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
            self.charge(1 + s.len())?;
            Ok(Value::String(s.to_owned()))
        }
        fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
            self.charge(1 + s.len())?;
            Ok(Value::String(s))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
            self.charge(1)?;
            Ok(Value::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<Value, E> {
            self.visit_unit()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            self.charge(1)?;
            let mut out = Vec::new();
            while let Some(v) = seq.next_element_seed(self)? {
                out.push(v);
            }
            Ok(Value::Sequence(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            self.charge(1)?;
            let mut out = Mapping::new();
            while let Some(k) = map.next_key_seed(self)? {
                let v = map.next_value_seed(self)?;
                out.insert(k, v);
            }
            Ok(Value::Mapping(out))
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
            use de::VariantAccess;
            self.charge(1)?;
            let (tag, variant) = data.variant::<String>()?;
            let value = variant.newtype_variant_seed(self)?;
            Ok(Value::Tagged(Box::new(TaggedValue {
                tag: Tag::new(tag),
                value,
            })))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_the_last_space_within_max() {
        assert_eq!(shorten("short", 10, &[]), "short");
        assert_eq!(shorten("exactly ten", 11, &[]), "exactly ten");
        assert_eq!(shorten("one two three", 9, &[]), "one two…");
        // counted in characters, not bytes
        assert_eq!(shorten("éé éé éé", 5, &[]), "éé…");
        // no space: the cut is kept whole
        assert_eq!(shorten("abcdefghij", 4, &[]), "abcd…");
        // only `trim` differs between users
        assert_eq!(shorten("Trade, growth: a view", 15, &[]), "Trade, growth:…");
        assert_eq!(
            shorten("Trade, growth: a view", 15, DANGLING),
            "Trade, growth…"
        );
        assert_eq!(shorten("a,  b c", 5, &[]), "a, …");
        assert_eq!(shorten("a,  b c", 5, DANGLING), "a…");
    }

    #[test]
    fn one_index_speaks_every_encoding_and_agrees_with_pos() {
        let text = "# 标题\n中文 😀 [@zhou2008]\r\nend";
        let ix = LineIndex::new(text);
        let at = text.find("[@").unwrap();
        assert_eq!(
            ix.line_col(text, at, Encoding::Utf8),
            (1, 3 + 3 + 1 + 4 + 1)
        );
        assert_eq!(ix.line_col(text, at, Encoding::Utf16), (1, 6));
        assert_eq!(ix.line_col(text, at, Encoding::Utf32), (1, 5));
        let p = ix.pos(text, at);
        assert_eq!((p.line - 1, p.column - 1), (1, 5));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (l, c) = ix.line_col(text, at, enc);
            assert_eq!(ix.offset_of(text, l, c, enc), Some(at), "{enc:?}");
            // Past the end of a line is its end (before CR LF); past the text is none.
            assert_eq!(ix.offset_of(text, 1, 999, enc), text.find("\r\n"));
            assert_eq!(ix.offset_of(text, 3, 0, enc), None);
        }
    }

    #[test]
    fn positions_count_scalar_values() {
        let text = "ab\n中文x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.pos(text, x), Pos { line: 2, column: 3 });
        assert_eq!(idx.line_text(text, 1), "中文x");
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn decoding_falls_back_to_windows_1252_and_refuses_binary() {
        let p = std::path::Path::new("x.txt");
        let (s, w) = decode(p, b"ok\ncaf\xe9 \x93q\x94").unwrap();
        assert_eq!(s, "ok\ncafé “q”");
        assert_eq!(w.unwrap().line, Some(2));
        let (s, w) = decode(p, b"\xEF\xBB\xBFbom").unwrap();
        // UTF-8 with one damaged byte stays UTF-8.
        let damaged = ["“a” é\nb".as_bytes(), b"\xff", " c ’".as_bytes()].concat();
        let (s2, w2) = decode(p, &damaged).unwrap();
        assert_eq!(s2, "“a” é\nb\u{FFFD} c ’");
        assert_eq!(w2.unwrap().line, Some(2));
        assert_eq!(decode(p, b"a\rb\r\nc").unwrap().0, "a\nb\r\nc");
        assert_eq!((s.as_str(), w), ("bom", None));
        assert!(matches!(decode(p, b"a\0b"), Err(ReadError::Binary)));
    }

    #[test]
    fn columns_on_long_lines() {
        let line = "é".repeat(10_000) + "x" + &"中".repeat(5_000);
        let text = format!("a\n{line}\n");
        let idx = LineIndex::new(&text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.pos(&text, x),
            Pos {
                line: 2,
                column: 10_001
            }
        );
        assert_eq!(
            idx.pos(&text, text.len() - 1),
            Pos {
                line: 2,
                column: 15_002
            }
        );
        assert_eq!(
            idx.pos(&text, x + 2),
            Pos {
                line: 2,
                column: 10_002
            },
            "inside a CJK char"
        );
    }

    #[test]
    fn fold_strips_diacritics_and_case() {
        assert_eq!(fold("Lüdecke"), "ludecke");
        assert_eq!(fold("Universität Göttingen"), "universitat gottingen");
        assert_eq!(fold("‘quoted’"), "'quoted'");
        assert_eq!(
            fold_words("China’s IT—Industry"),
            vec!["china", "s", "it", "industry"]
        );
    }
}

#[cfg(test)]
mod yaml_tests {
    use super::parse_yaml;

    #[test]
    fn yaml_reads_as_serde_yaml_ng_does() {
        for y in [
            "",
            "# only a comment\n",
            "a: 1\nb: [x, 2.5, true, null, ~]\n",
            "- &a {k: v}\n- *a\n- !tag 3\n",
            "bibliography: refs.bib\ntitle: \"Q: x\"\n",
            "a: b\n---\nc: d\n",
            "[unclosed",
        ] {
            let ours = parse_yaml(y).map_err(|e| e.to_string());
            #[allow(clippy::disallowed_methods)] // the reference it must agree with
            let theirs =
                serde_yaml_ng::from_str::<serde_yaml_ng::Value>(y).map_err(|e| e.to_string());
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{y:?}: {ours:?} {theirs:?}");
            if let (Ok(a), Ok(b)) = (ours, theirs) {
                assert_eq!(a, b, "{y:?}");
            }
        }
    }

    #[test]
    fn yaml_alias_bombs_are_refused() {
        let mut y = String::from("a0: &a0 [");
        y.push_str(&"x, ".repeat(2_000));
        y.push_str("x]\na1: &a1 [");
        y.push_str(&"*a0, ".repeat(100));
        y.push_str("*a0]\na2: [");
        y.push_str(&"*a1, ".repeat(100));
        y.push_str("*a1]\n");
        let e = parse_yaml(&y).unwrap_err().to_string();
        assert!(e.contains("aliases"), "{e}");
    }
}
