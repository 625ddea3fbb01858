//! Positions in text: byte offsets, 1-based lines, and columns counted in
//! Unicode scalar values (what the JSON output and the CLI report), plus
//! UTF-16 columns for the language server.

/// Index of line starts in a text, for byte offset -> (line, column) lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
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
        LineIndex { starts }
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
        let column = text[start..end].chars().count() as u32 + 1;
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

#[cfg(test)]
mod tests {
    use super::*;

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
