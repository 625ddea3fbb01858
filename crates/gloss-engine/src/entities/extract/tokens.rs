//! Tokens of a sentence (words, CJK runs, single symbols) and the shape of
//! a word: acronym or Roman numeral.

use super::super::scan::is_cjk;

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: bool,
}

pub(super) fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < cs.len() {
        let (b, c) = cs[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_cjk(c) {
            let mut j = i;
            while j < cs.len() && is_cjk(cs[j].1) {
                j += 1;
            }
            let e = cs.get(j).map_or(text.len(), |x| x.0);
            out.push(Tok {
                start: b,
                end: e,
                word: true,
            });
            i = j;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i;
            while j < cs.len() {
                let ch = cs[j].1;
                let inner = matches!(ch, '-' | '&' | '.')
                    && j + 1 < cs.len()
                    && cs[j + 1].1.is_alphanumeric()
                    && !is_cjk(cs[j + 1].1)
                    && (ch != '.' || (cs[j - 1].1.is_uppercase() && cs[j + 1].1.is_uppercase()));
                if (ch.is_alphanumeric() && !is_cjk(ch)) || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            let e = cs.get(j).map_or(text.len(), |x| x.0);
            out.push(Tok {
                start: b,
                end: e,
                word: true,
            });
            i = j;
            continue;
        }
        out.push(Tok {
            start: b,
            end: b + c.len_utf8(),
            word: false,
        });
        i += 1;
    }
    out
}

pub(super) fn is_acronym(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && !w.chars().any(char::is_lowercase) && w.chars().count() <= 10
}

pub(super) fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}
