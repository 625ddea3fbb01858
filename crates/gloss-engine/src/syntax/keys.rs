//! The Pandoc citation key rule, once: what the reader reads after `@`,
//! and so how completion and edits must write a key to be read back whole.
//!
//! Pandoc (`citeKey`): a bare key starts with a letter, digit, `_` (or is
//! `*`), continues with letters, digits and `_`, and may hold the
//! punctuation `:.#$%&-+?<>~/` only between two such characters, one at a
//! time. Any other key is written in braces: `@{a::b}`.

/// Punctuation a bare key may hold between key characters.
const INTERNAL: &str = ":.#$%&-+?<>~/";

/// A character a bare key is made of.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A character that may stand inside a key being typed: a key character
/// or internal punctuation (`@smith:` on its way to `@smith:2020`).
pub fn may_be_in_key(c: char) -> bool {
    is_key_char(c) || INTERNAL.contains(c)
}

/// The length in bytes of the bare key Pandoc reads at the start of `s`
/// (the text right after `@`); 0 when there is none.
pub fn bare_key_len(s: &str) -> usize {
    let Some(first) = s.chars().next() else {
        return 0;
    };
    if !(is_key_char(first) || first == '*') {
        return 0;
    }
    let mut q = first.len_utf8();
    while let Some(c) = s[q..].chars().next() {
        if is_key_char(c) {
            q += c.len_utf8();
        } else if INTERNAL.contains(c) && s[q + 1..].chars().next().is_some_and(is_key_char) {
            // Internal punctuation is ASCII: one byte.
            q += 1;
        } else {
            break;
        }
    }
    q
}

/// Whether `key` written bare (`@key`) is read back as exactly `key`.
pub fn is_bare_key(key: &str) -> bool {
    !key.is_empty() && bare_key_len(key) == key.len()
}

/// How `key` is written after `@`: bare when it reads back whole, else in
/// braces.
pub fn written_key(key: &str) -> String {
    if is_bare_key(key) {
        key.to_string()
    } else {
        format!("{{{key}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bare_keys_stop_where_pandoc_stops() {
        assert_eq!(bare_key_len("zhou2008]"), 8);
        assert_eq!(bare_key_len("a:b.c;"), 5);
        assert_eq!(bare_key_len("a::b"), 1);
        assert_eq!(bare_key_len("a. Next"), 1);
        assert_eq!(bare_key_len("Müller2020,"), "Müller2020".len());
        assert_eq!(bare_key_len("-a"), 0);
        assert_eq!(bare_key_len("*"), 1);
        assert_eq!(written_key("a::b"), "{a::b}");
        assert_eq!(written_key("a:b"), "a:b");
        assert_eq!(written_key("a."), "{a.}");
    }

    proptest! {
        /// Every key, written as `written_key` writes it into a citation,
        /// is read back by the draft reader as the same key.
        #[test]
        fn written_keys_read_back_whole(
            key in "[a-zA-Z0-9_:.#$%&+?<>~/ü-]{1,12}",
            bracketed in any::<bool>(),
        ) {
            let written = written_key(&key);
            let text = if bracketed {
                format!("Text [@{written}; see also @{written}].\n")
            } else {
                format!("As @{written} says.\n")
            };
            let draft = crate::syntax::parse(&text);
            let keys: Vec<&str> = draft
                .citations
                .iter()
                .flat_map(|c| &c.items)
                .filter_map(|i| i.key.as_deref())
                .collect();
            prop_assert!(!keys.is_empty(), "nothing read from {text:?}");
            for k in keys {
                prop_assert_eq!(k, key.as_str(), "from {:?}", text);
            }
        }
    }
}
