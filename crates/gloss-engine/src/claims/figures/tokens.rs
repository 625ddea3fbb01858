//! The token list the reader walks: words, numbers with their suffixes,
//! single symbols, and URLs or dotted identifiers that are never figures.

use super::lexicon::CODES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum T {
    /// Letters, possibly followed by digits (`Zhou`, `H1N1`).
    Word,
    /// Digits (with `,` thousands groups and one decimal point) and any
    /// letters glued after them (the suffix: `th`, `s`, `km`, `bn`, `a`).
    Num,
    /// One other character.
    Sym,
    /// A URL, DOI or dotted identifier: never a figure.
    Skip,
}

#[derive(Debug)]
pub(super) struct Tok {
    pub(super) t: T,
    pub(super) s: usize,
    pub(super) e: usize,
    /// End of the numeric part of a `Num`.
    pub(super) ne: usize,
    /// Whitespace (or the start of the text) before this token.
    pub(super) sp: bool,
    /// A line break (or the start of the text) before this token.
    pub(super) nl: bool,
    /// Words: lowercase (empty if very long); numbers: lowercase suffix;
    /// symbols: the character.
    pub(super) low: String,
}

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut toks = Vec::new();
    let (mut sp, mut nl) = (true, true);
    let mut i = 0;
    while i < n {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            sp = true;
            nl |= c == '\n';
            i += c.len_utf8();
            continue;
        }
        let s = i;
        let rest = &b[i..];
        let (t, ne, low);
        if starts_with_ci(rest, b"http://")
            || starts_with_ci(rest, b"https://")
            || starts_with_ci(rest, b"www.")
            || starts_with_ci(rest, b"doi:")
        {
            while i < n && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            while !text.is_char_boundary(i) {
                i += 1;
            }
            (t, ne, low) = (T::Skip, i, String::new());
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            let mut dot = false;
            loop {
                if !dot
                    && j + 4 <= n
                    && b[j] == b','
                    && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                    && (j + 4 == n || !b[j + 4].is_ascii_digit())
                {
                    j += 4;
                } else if !dot && j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                    dot = true;
                    j += 1;
                    while j < n && b[j].is_ascii_digit() {
                        j += 1;
                    }
                } else {
                    break;
                }
            }
            let mut kind = T::Num;
            if let Some(end) = dotted_thousands(b, i, j) {
                // 1.234.567: thousands grouped with dots.
                j = end;
            } else if dot && j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                // 1.2.3, 192.168.0.1: an identifier.
                kind = T::Skip;
                while j < n && (b[j].is_ascii_digit() || b[j] == b'.') {
                    j += 1;
                }
                if b[j - 1] == b'.' {
                    j -= 1;
                }
            }
            let numeric_end = j;
            for ch in text[j..].chars() {
                if !ch.is_alphanumeric() {
                    break;
                }
                j += ch.len_utf8();
            }
            i = j;
            (t, ne, low) = (kind, numeric_end, text[numeric_end..j].to_lowercase());
        } else if c.is_alphabetic() {
            let mut j = i;
            for ch in text[i..].chars() {
                if !ch.is_alphanumeric() {
                    break;
                }
                if ch.is_ascii_digit()
                    && (CODES.iter().any(|c| c.0 == &text[i..j]) || &text[i..j] == "Rs")
                {
                    break; // RMB3 billion
                }
                j += ch.len_utf8();
            }
            i = j;
            let w = &text[s..j];
            let l = if w.len() <= 40 {
                w.to_lowercase()
            } else {
                String::new()
            };
            (t, ne, low) = (T::Word, j, l);
        } else {
            i += c.len_utf8();
            (t, ne, low) = (T::Sym, i, c.to_string());
        }
        toks.push(Tok {
            t,
            s,
            e: i,
            ne,
            sp,
            nl,
            low,
        });
        sp = false;
        nl = false;
    }
    toks
}

/// `1.234.567` from `start`, where the number read so far ends at `j`
/// (after `1.234`): the end of the last group when every group after the
/// first (1 to 3 digits) has exactly three digits and there are at least two.
fn dotted_thousands(b: &[u8], start: usize, j: usize) -> Option<usize> {
    let lead = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&lead) || start + lead + 4 != j || b[start + lead] != b'.' {
        return None;
    }
    let mut end = j;
    let mut groups = 1;
    while end + 4 <= b.len()
        && b[end] == b'.'
        && b[end + 1..end + 4].iter().all(u8::is_ascii_digit)
        && b.get(end + 4).is_none_or(|c| !c.is_ascii_digit())
    {
        end += 4;
        groups += 1;
    }
    let glued =
        b.get(end).is_some_and(|&c| c == b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    (groups >= 2 && !glued).then_some(end)
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}
