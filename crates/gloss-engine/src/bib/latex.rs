//! TeX to plain Unicode text, for BibTeX field values.
//!
//! Removes protective braces, turns accent commands and named symbols into
//! Unicode (NFC), keeps the content of formatting commands (`\emph{x}` -> `x`),
//! folds TeX ligatures (`--`, `---`, ``` `` ```, `''`, `~`) and collapses
//! whitespace. Double quotes are folded to the straight ASCII `"`, single
//! quotes to `'`: the result is meant for matching, not typesetting. Unknown
//! commands are dropped and their braced arguments kept as text.

use unicode_normalization::UnicodeNormalization;

/// Clean a raw BibTeX value (outer delimiters already removed) to plain text.
pub fn to_unicode(raw: &str) -> String {
    // Most values hold no TeX at all: skip the character walk.
    let tex = raw
        .bytes()
        .any(|b| matches!(b, b'\\' | b'{' | b'}' | b'$' | b'~' | b'-' | b'`' | b'\''));
    let out = if tex {
        let chars: Vec<char> = raw.chars().collect();
        let mut out = String::with_capacity(raw.len());
        let mut i = 0;
        clean_into(&chars, &mut i, chars.len(), &mut out, false, 0);
        collapse_ws(&out)
    } else {
        collapse_ws(raw)
    };
    nfc(out)
}

/// NFC, skipping the work for text that is already normalized (ASCII, mostly).
fn nfc(s: String) -> String {
    if s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s
    } else {
        s.nfc().collect()
    }
}

/// Collapse runs of whitespace to one space and trim.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Combining mark for a TeX accent command.
fn accent_mark(cmd: &str) -> Option<char> {
    Some(match cmd {
        "'" => '\u{301}',
        "`" => '\u{300}',
        "^" => '\u{302}',
        "\"" => '\u{308}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "." => '\u{307}',
        "u" => '\u{306}',
        "v" => '\u{30C}',
        "H" => '\u{30B}',
        "c" => '\u{327}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        "k" => '\u{328}',
        "r" => '\u{30A}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Spacing form of an accent with an empty argument (`\^{}` -> `^`).
fn accent_alone(cmd: &str) -> &'static str {
    match cmd {
        "'" => "\u{b4}",
        "`" => "`",
        "^" => "^",
        "\"" => "\u{a8}",
        "~" => "~",
        "=" => "\u{af}",
        "." => "\u{2d9}",
        "u" => "\u{2d8}",
        "v" => "\u{2c7}",
        "H" => "\u{2dd}",
        "c" => "\u{b8}",
        "k" => "\u{2db}",
        "r" => "\u{2da}",
        _ => "",
    }
}

/// Named control words that stand for a letter: TeX drops the spaces after them
/// (`Stra\ss e` is `Straße`).
fn letter_symbol(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "o" => "ø",
        "O" => "Ø",
        "ss" => "ß",
        "SS" => "SS",
        "aa" => "å",
        "AA" => "Å",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "dj" => "đ",
        "DJ" => "Đ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "th" => "þ",
        "TH" => "Þ",
        _ => return None,
    })
}

/// Other named symbols.
fn symbol(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "textendash" => "\u{2013}",
        "textemdash" => "\u{2014}",
        "textquotedblleft" | "textquotedblright" | "textquotedbl" => "\"",
        "textquoteleft" | "textquoteright" | "textquotesingle" => "'",
        "textcopyright" | "copyright" => "©",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textdegree" => "°",
        "textpm" | "pm" => "±",
        "texttimes" | "times" => "×",
        "textmu" => "µ",
        "textperiodcentered" | "cdot" => "·",
        "textbullet" => "•",
        "textsection" | "S" => "§",
        "textparagraph" | "P" => "¶",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "ldots" | "dots" | "textellipsis" => "…",
        "textbackslash" | "backslash" => "\\",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textunderscore" => "_",
        "textbar" => "|",
        "textless" | "less" | "lt" => "<",
        "textgreater" | "greater" | "gt" => ">",
        "textexclamdown" => "¡",
        "textquestiondown" => "¿",
        "guillemotleft" | "guillemetleft" => "«",
        "guillemotright" | "guillemetright" => "»",
        "euro" | "texteuro" => "€",
        "pounds" | "textsterling" => "£",
        "textyen" => "¥",
        "textcent" => "¢",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "LaTeXe" => "LaTeX2e",
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "sim" => "~",
        "infty" => "∞",
        "rightarrow" | "to" => "→",
        "leftarrow" => "←",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        _ => return None,
    })
}

/// Commands whose (first) argument is dropped along with them.
fn drops_argument(cmd: &str) -> bool {
    matches!(
        cmd,
        "hspace" | "vspace" | "noopsort" | "nocite" | "label" | "hskip" | "vskip" | "kern"
    )
}

/// Commands that render a space.
fn space_command(cmd: &str) -> bool {
    matches!(
        cmd,
        "quad" | "qquad" | "enspace" | "thinspace" | "space" | "newline" | "par" | "linebreak"
    )
}

/// Font switches and no-ops: dropped, with the spaces after them.
fn noop_command(cmd: &str) -> bool {
    matches!(
        cmd,
        "it" | "bf"
            | "em"
            | "sc"
            | "rm"
            | "tt"
            | "sf"
            | "sl"
            | "up"
            | "itshape"
            | "bfseries"
            | "scshape"
            | "upshape"
            | "slshape"
            | "mdseries"
            | "rmfamily"
            | "sffamily"
            | "ttfamily"
            | "normalfont"
            | "relax"
            | "protect"
            | "small"
            | "footnotesize"
            | "scriptsize"
            | "tiny"
            | "large"
            | "Large"
            | "normalsize"
            | "nobreak"
            | "allowbreak"
            | "ignorespaces"
    )
}

fn skip_spaces(chars: &[char], i: &mut usize, end: usize) {
    while *i < end && chars[*i].is_whitespace() {
        *i += 1;
    }
}

/// Index just past the `}` matching the `{` at `open`, if it is closed before `end`.
fn group_end(chars: &[char], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    while j < end {
        match chars[j] {
            '\\' => j += 1,
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// Read a command name after a backslash at `*i`: a run of letters, or one other character.
fn read_command(chars: &[char], i: &mut usize, end: usize) -> String {
    let start = *i;
    while *i < end && chars[*i].is_ascii_alphabetic() {
        *i += 1;
    }
    if *i == start && *i < end {
        *i += 1;
    }
    chars[start..*i].iter().collect()
}

/// Range of the next argument: a braced group's contents, a control sequence, or one character.
fn read_arg(chars: &[char], i: &mut usize, end: usize) -> Option<(usize, usize)> {
    skip_spaces(chars, i, end);
    if *i >= end {
        return None;
    }
    match chars[*i] {
        '{' => {
            let range = match group_end(chars, *i, end) {
                Some(close) => {
                    let r = (*i + 1, close - 1);
                    *i = close;
                    r
                }
                // An unclosed group runs to the end.
                None => {
                    let r = (*i + 1, end);
                    *i = end;
                    r
                }
            };
            Some(range)
        }
        '}' => None,
        '\\' => {
            let start = *i;
            *i += 1;
            read_command(chars, i, end);
            Some((start, *i))
        }
        _ => {
            let start = *i;
            *i += 1;
            Some((start, *i))
        }
    }
}

/// How deep TeX arguments are read inside one another (`\'{\'{...}}`,
/// `\href{}{\href{}{...}}`): each level costs a pass over the argument
/// and a stack frame, so the depth is bounded, not left to the input.
/// Deeper arguments are kept as their text, without TeX's markup.
const MAX_DEPTH: usize = 32;

fn clean_range(chars: &[char], range: (usize, usize), math: bool, depth: usize) -> String {
    let mut out = String::new();
    if depth >= MAX_DEPTH {
        out.extend(
            chars[range.0..range.1]
                .iter()
                .filter(|c| !matches!(c, '{' | '}' | '\\'))
                .map(|&c| if c.is_whitespace() { ' ' } else { c }),
        );
        return out;
    }
    let mut i = range.0;
    clean_into(chars, &mut i, range.1, &mut out, math, depth + 1);
    out
}

fn apply_accent(cmd: &str, arg: &str) -> String {
    let mut it = arg.chars();
    match it.next() {
        None => accent_alone(cmd).to_string(),
        Some(first) => {
            let base = match first {
                'ı' => 'i',
                'ȷ' => 'j',
                c => c,
            };
            let mut s = String::new();
            s.push(base);
            if let Some(mark) = accent_mark(cmd) {
                s.push(mark);
            }
            s.extend(it);
            s
        }
    }
}

fn clean_into(
    chars: &[char],
    i: &mut usize,
    end: usize,
    out: &mut String,
    math: bool,
    depth: usize,
) {
    while *i < end {
        let c = chars[*i];
        match c {
            '{' | '}' => *i += 1,
            '$' => {
                // Math: keep the content, drop the shifts.
                *i += 1;
                let start = *i;
                let mut j = start;
                while j < end && chars[j] != '$' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                let stop = j.min(end);
                out.push_str(&clean_range(chars, (start, stop), true, depth));
                *i = (stop + 1).min(end);
            }
            '^' | '_' if math => *i += 1,
            '~' => {
                out.push(' ');
                *i += 1;
            }
            '-' => {
                let n = chars[*i..end].iter().take_while(|&&c| c == '-').count();
                match n {
                    2 => out.push('\u{2013}'),
                    3 => out.push('\u{2014}'),
                    _ => out.extend(std::iter::repeat_n('-', n)),
                }
                *i += n;
            }
            '`' => {
                if chars.get(*i + 1) == Some(&'`') && *i + 1 < end {
                    out.push('"');
                    *i += 2;
                } else {
                    out.push('\'');
                    *i += 1;
                }
            }
            '\'' => {
                if chars.get(*i + 1) == Some(&'\'') && *i + 1 < end {
                    out.push('"');
                    *i += 2;
                } else {
                    out.push('\'');
                    *i += 1;
                }
            }
            '\\' => {
                *i += 1;
                if *i >= end {
                    break;
                }
                let cmd = read_command(chars, i, end);
                command(chars, i, end, out, (math, depth), &cmd);
            }
            c if c.is_whitespace() => {
                out.push(' ');
                *i += 1;
            }
            c => {
                out.push(c);
                *i += 1;
            }
        }
    }
}

fn command(
    chars: &[char],
    i: &mut usize,
    end: usize,
    out: &mut String,
    (math, depth): (bool, usize),
    cmd: &str,
) {
    let is_word = cmd.chars().all(|c| c.is_ascii_alphabetic());
    if accent_mark(cmd).is_some() && !(math && matches!(cmd, "." | "=")) {
        // `\c c` and `\c{c}`; for symbol accents (`\'e`) no space is expected but allowed.
        let arg = read_arg(chars, i, end)
            .map(|r| clean_range(chars, r, math, depth))
            .unwrap_or_default();
        out.push_str(&apply_accent(cmd, &arg));
        return;
    }
    if let Some(s) = letter_symbol(cmd) {
        out.push_str(s);
        skip_spaces(chars, i, end);
        // `\i{}` / `\ss{}`: an empty group after the symbol.
        if *i + 1 < end && chars[*i] == '{' && chars[*i + 1] == '}' {
            *i += 2;
        }
        return;
    }
    if let Some(s) = symbol(cmd) {
        out.push_str(s);
        // TeX drops the blanks after a control word; keep them after the
        // logos, which are words themselves (`\LaTeX is` is meant as two words).
        if !matches!(cmd, "LaTeX" | "TeX" | "BibTeX" | "LaTeXe") {
            skip_spaces(chars, i, end);
        }
        if *i + 1 < end && chars[*i] == '{' && chars[*i + 1] == '}' {
            *i += 2;
        }
        return;
    }
    match cmd {
        "&" | "%" | "$" | "_" | "#" | "{" | "}" | "@" => out.push_str(cmd),
        " " | "," | ";" | ":" | "\\" | "\n" | "\r" | "\t" => out.push(' '),
        "!" | "-" | "/" => {}
        "href" => {
            // \href{url}{text}: keep the text.
            let _ = read_arg(chars, i, end);
            if let Some(r) = read_arg(chars, i, end) {
                out.push_str(&clean_range(chars, r, math, depth));
            }
        }
        "url" | "path" | "nolinkurl" => {
            // Verbatim argument.
            if let Some(r) = read_arg(chars, i, end) {
                out.extend(&chars[r.0..r.1]);
            }
        }
        "enquote" | "mkbibquote" => {
            if let Some(r) = read_arg(chars, i, end) {
                out.push('"');
                out.push_str(&clean_range(chars, r, math, depth));
                out.push('"');
            }
        }
        _ if drops_argument(cmd) => {
            // `\hspace*{1em}`
            if *i < end && chars[*i] == '*' {
                *i += 1;
            }
            let _ = read_arg(chars, i, end);
            if matches!(cmd, "hspace" | "hskip") {
                out.push(' ');
            }
        }
        _ if space_command(cmd) => out.push(' '),
        _ if noop_command(cmd) => skip_spaces(chars, i, end),
        _ if is_word => {
            // Formatting commands (\emph, \textit, \textbf, \mbox, ...) and unknown
            // commands: drop the command, keep the text of its braced argument.
            if *i < end && chars[*i] == '*' {
                *i += 1;
            }
        }
        // Any other control symbol: keep the character.
        _ => out.push_str(cmd),
    }
}

#[cfg(test)]
mod tests {
    use super::to_unicode as u;

    #[test]
    fn accents_in_all_spellings() {
        assert_eq!(u(r#"M{\"u}ller"#), "Müller");
        assert_eq!(u(r#"M\"{u}ller"#), "Müller");
        assert_eq!(u(r#"M\"uller"#), "Müller");
        assert_eq!(u(r"Caf\'e"), "Café");
        assert_eq!(u(r"Mart{\'\i}n"), "Martín");
        assert_eq!(u(r"Mart\'{\i}n"), "Martín");
        assert_eq!(u(r"Fran\c{c}ois"), "François");
        assert_eq!(u(r"Fran\c cois"), "François");
        assert_eq!(u(r"\v{S}koda \v{s}"), "Škoda š");
        assert_eq!(u(r"Espa\~na"), "España");
        assert_eq!(u(r"H\^otel"), "Hôtel");
        assert_eq!(u(r"\=a"), "ā");
        assert_eq!(u(r"\.z"), "ż");
        assert_eq!(u(r"Do\u{g}an"), "Doğan");
        assert_eq!(u(r"Erd\H{o}s"), "Erdős");
        assert_eq!(u(r"\`a la"), "à la");
        assert_eq!(u(r"\k{a}"), "ą");
        assert_eq!(u(r"\r{u}"), "ů");
    }

    #[test]
    fn letters_and_escapes() {
        assert_eq!(u(r"Bj{\o}rn"), "Bjørn");
        assert_eq!(u(r"Stra{\ss}e"), "Straße");
        assert_eq!(u(r"Stra\ss e"), "Straße");
        assert_eq!(u(r#"{\aa}ngstr{\"o}m"#), "ångström");
        assert_eq!(u(r"\ae on"), "æon");
        assert_eq!(u(r"\AA{}rhus"), "Århus");
        assert_eq!(u(r"{\l}{\'o}d{\'z}"), "łódź");
        assert_eq!(u(r"\L{}ukasz"), "Łukasz");
        assert_eq!(u(r"R\&D 50\% \$5 a\_b \#1 \{x\}"), "R&D 50% $5 a_b #1 {x}");
    }

    #[test]
    fn ligatures_quotes_and_spaces() {
        assert_eq!(u("pp.~12--34"), "pp. 12\u{2013}34");
        assert_eq!(u("yes---no"), "yes\u{2014}no");
        assert_eq!(u("a-b"), "a-b");
        assert_eq!(u("``Global Factory''"), "\"Global Factory\"");
        assert_eq!(u("`single'"), "'single'");
        assert_eq!(u("China's"), "China's");
        assert_eq!(u("  a \n\t b  "), "a b");
        assert_eq!(u(r"{\textquotedblleft}x{\textquotedblright}"), "\"x\"");
    }

    #[test]
    fn formatting_commands_keep_content() {
        assert_eq!(
            u(r"\textit{Homo sapiens} and \emph{E. coli}"),
            "Homo sapiens and E. coli"
        );
        assert_eq!(u(r"\textbf{Bold} {\it italic} {\em x}"), "Bold italic x");
        assert_eq!(u(r"The {DNA} of {\noopsort{a}}Zeta"), "The DNA of Zeta");
        assert_eq!(u(r"\href{http://x.org}{site}"), "site");
        assert_eq!(u(r"\url{http://x.org/a_b}"), "http://x.org/a_b");
        assert_eq!(u(r"\unknowncmd{kept}"), "kept");
        assert_eq!(u(r"\LaTeX{} and \TeX"), "LaTeX and TeX");
    }

    #[test]
    fn math_and_symbols() {
        assert_eq!(
            u(r"round (p{\hspace{0.6em}}$\less${\hspace{0.6em}}.05)."),
            "round (p < .05)."
        );
        assert_eq!(u(r"$\alpha$-helix"), "α-helix");
        assert_eq!(u(r"CO$_2$ and $x^{2}$"), "CO2 and x2");
        assert_eq!(u(r"{\textcopyright} 2020"), "© 2020");
        assert_eq!(u(r"a\textendash b"), "a\u{2013}b");
    }

    #[test]
    fn never_panics_on_fragments() {
        for s in [
            "\\",
            "{",
            "}",
            "\\'",
            "\\'{",
            "$",
            "$\\",
            "\\c",
            "\\href{a",
            "{{{",
            "}}}",
            "\\u{",
            "``",
            "''",
            "--",
            "\\hspace*",
            "é\\\"",
            "\\\"{}",
        ] {
            let _ = u(s);
        }
        assert_eq!(u(r#"\"{}"#), "\u{a8}");
    }
}
