//! Human output like rustc and ruff: `path:line:col: severity[code]: message`,
//! the source line with carets under the range, evidence and suggestions
//! below, and a summary line. Colour only when asked (a terminal).

use std::fmt::Write;

use super::FileReport;
use gloss::check::counts;
use gloss::diag::{Diagnostic, Severity};
use gloss::text::LineIndex;

/// Longest source excerpt shown; longer lines are cut around the range.
const WIDTH: usize = 100;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        };
        self.paint(code, s.as_str())
    }
}

/// Cut `line` (in chars) to at most WIDTH chars around `[start, end)`; returns
/// the excerpt and the column offsets within it.
fn excerpt(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_string(), start, end.max(start + 1));
    }
    let span = end.saturating_sub(start).max(1);
    let context = WIDTH.saturating_sub(span.min(WIDTH - 20)) / 2;
    let from = start.saturating_sub(context);
    let to = (from + WIDTH).min(chars.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.extend(&chars[from..to]);
    if to < chars.len() {
        s.push('…');
    }
    let shift = usize::from(from > 0);
    let a = start - from + shift;
    let b = (end.min(to) - from + shift).max(a + 1);
    (s, a, b)
}

fn one(out: &mut String, f: &FileReport, d: &Diagnostic, lines: &LineIndex, st: &Style) {
    let _ = writeln!(
        out,
        "{}: {}{}: {}",
        st.paint(
            "1",
            &format!("{}:{}:{}", f.path, d.start.line, d.start.column)
        ),
        st.severity(d.severity),
        st.paint("1", &format!("[{}]", d.code)),
        d.message
    );
    let line_no = d.start.line as usize;
    let line = lines.line_text(f.text, line_no - 1);
    let (shown, a, b) = if line.len() <= 8 * WIDTH {
        let start = d.start.column as usize - 1;
        let end = if d.end.line == d.start.line {
            d.end.column as usize - 1
        } else {
            line.chars().count()
        };
        excerpt(line, start, end)
    } else {
        // A very long line: cut around the range by bytes first, so that
        // many diagnostics on one line cost no more than short lines do.
        let base = lines.line_start(line_no - 1).unwrap_or(0);
        let rs = d.range.start.saturating_sub(base).min(line.len());
        let re = d.range.end.saturating_sub(base).clamp(rs, line.len());
        let mut from = rs.saturating_sub(2 * WIDTH);
        while !line.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (re.max(rs) + 2 * WIDTH).min(line.len());
        while !line.is_char_boundary(to) {
            to += 1;
        }
        let (mut rs, mut re) = (rs, re);
        while !line.is_char_boundary(rs) {
            rs -= 1;
        }
        while !line.is_char_boundary(re) {
            re += 1;
        }
        let sub = &line[from..to];
        let start = sub[..rs - from].chars().count();
        let end = start + sub[rs - from..re - from].chars().count();
        let (mut shown, mut a, mut b) = excerpt(sub, start, end);
        if from > 0 && !shown.starts_with('…') {
            shown.insert(0, '…');
            a += 1;
            b += 1;
        }
        if to < line.len() && !shown.ends_with('…') {
            shown.push('…');
        }
        (shown, a, b)
    };
    let gutter = " ".repeat(line_no.to_string().len());
    let _ = writeln!(out, "{gutter} {}", st.paint("34", "|"));
    let _ = writeln!(
        out,
        "{} {} {}",
        st.paint("34", &line_no.to_string()),
        st.paint("34", "|"),
        shown
    );
    let carets = format!("{}{}", " ".repeat(a), "^".repeat(b - a));
    let _ = writeln!(
        out,
        "{gutter} {} {}",
        st.paint("34", "|"),
        st.paint("1;33", &carets)
    );
    for e in &d.evidence {
        let _ = writeln!(
            out,
            "{gutter} = {}: {}: {}",
            e.label.as_deref().unwrap_or("evidence"),
            e.located(),
            excerpt(&e.text, 0, 0).0
        );
    }
    for s in &d.suggestions {
        let place = s
            .evidence
            .as_ref()
            .map_or(String::new(), |e| format!(" ({})", e.located()));
        let _ = writeln!(out, "{gutter} = suggestion: {}{place}", s.key);
    }
    out.push('\n');
}

pub fn report(files: &[FileReport], color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    for f in files {
        let lines = LineIndex::new(f.text);
        for d in f.diagnostics {
            one(&mut out, f, d, &lines, &st);
        }
    }
    let all: Vec<Diagnostic> = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    let (e, w, i, h) = counts(&all);
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    let nfiles = plural(files.len(), "file");
    if all.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            st.paint("1;32", &format!("no problems in {nfiles}"))
        );
    } else {
        let mut parts = vec![plural(e, "error"), plural(w, "warning"), plural(i, "info")];
        if h > 0 {
            parts.push(plural(h, "hint"));
        }
        let _ = writeln!(out, "{} in {nfiles}", st.paint("1", &parts.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_range() {
        let line = "x".repeat(300) + "TARGET" + &"y".repeat(300);
        let (s, a, b) = excerpt(&line, 300, 306);
        assert!(s.chars().count() <= WIDTH + 2);
        let target: String = s.chars().skip(a).take(b - a).collect();
        assert_eq!(target, "TARGET");
        let (s, a, b) = excerpt("short", 1, 3);
        assert_eq!((s.as_str(), a, b), ("short", 1, 3));
    }
}
