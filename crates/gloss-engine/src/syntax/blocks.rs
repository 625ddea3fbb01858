//! From the tree-sitter tree to a [`Draft`]: walks the block nodes, reads
//! citations in each prose block with Pandoc's rules (skipping the inline
//! nodes where Pandoc reads none), author-year candidates, quotations,
//! ignore comments, front matter, the reference list and sentences.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

use super::{
    author_year, grammar, pandoc, Citation, Draft, DraftSentence, FrontMatter, Heading, Ignore,
    ListedReference, Quote,
};

/// Inline nodes where Pandoc reads no citation. (A bare URL is not one of
/// them: Pandoc's Markdown reads `https://x.org/@a` as citing `a`.)
const OPAQUE: &[&str] = &[
    "code_span",
    "inline_math",
    "display_math",
    "raw_tex",
    "raw_html",
    "html_comment",
    "html_tag",
    "autolink",
    "email",
    "escape",
    "link_destination",
    "footnote_reference",
];

/// Parse `text` with the draft grammar. Pass the previous tree (already
/// edited with `Tree::edit`) to reparse incrementally.
pub fn parse_tree(text: &str, old: Option<&Tree>) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&grammar::language()).ok()?;
    parser.parse(text, old)
}

/// Read a draft from its tree, splitting sentences with [`crate::sentence::split`].
pub fn parse_with_tree(text: &str, tree: &Tree) -> Draft {
    parse_with_splitter(text, tree, &crate::sentence::split)
}

/// Every citation of the draft in document order (Pandoc and author-year),
/// without sentence splitting.
pub fn citations(text: &str) -> Vec<Citation> {
    let Some(tree) = parse_tree(text, None) else {
        return Vec::new();
    };
    let mut w = Walker::new(text, None, tree.root_node());
    w.walk(tree.root_node());
    w.draft.citations
}

type Splitter<'s> = &'s dyn Fn(&str) -> Vec<Range<usize>>;

/// Read a draft from its tree with a given sentence splitter.
pub fn parse_with_splitter(text: &str, tree: &Tree, split: Splitter<'_>) -> Draft {
    let mut w = Walker::new(text, Some(split), tree.root_node());
    w.walk(tree.root_node());
    collect_ignores(text, tree.root_node(), &mut w.draft.ignores);
    if w.draft.front_matter.is_none() {
        if let Some(fm) = cr_front_matter(text) {
            let end = fm.range.end;
            let d = &mut w.draft;
            d.citations.retain(|c| c.range.start >= end);
            d.quotes.retain(|q| q.range.start >= end);
            d.sentences.retain(|s| s.range.start >= end);
            d.headings.retain(|h| h.range.start >= end);
            d.front_matter = Some(fm);
        }
    }
    w.draft
}

/// Front matter in a draft whose lines end in a lone CR (old Mac files; an
/// editor sends them as they are), which the grammar, reading `\n` and
/// `\r\n`, does not see: `---`, then the YAML, then `---` or `...`, each
/// on its own line.
fn cr_front_matter(text: &str) -> Option<FrontMatter> {
    let rest = text.strip_prefix("---\r")?;
    if rest.starts_with('\n') {
        return None;
    }
    let mut at = 4;
    for line in rest.split('\r') {
        let next = at + line.len() + 1;
        if at > 4 && (line == "---" || line == "...") {
            let mut fm = read_front_matter(&text[4..at]);
            fm.range = 0..next.min(text.len());
            return Some(fm);
        }
        at = next;
    }
    None
}

struct Walker<'t, 's> {
    text: &'t str,
    split: Option<Splitter<'s>>,
    draft: Draft,
    /// Labels of Pandoc example list items (`(@good)`): `@good` refers to
    /// the example, not to a work.
    examples: HashMap<String, usize>,
}

fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let mut s = r.start.min(text.len());
    let mut e = r.end.min(text.len()).max(s);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

impl<'t, 's> Walker<'t, 's> {
    fn new(text: &'t str, split: Option<Splitter<'s>>, root: Node) -> Self {
        Walker {
            text,
            split,
            draft: Draft::default(),
            examples: example_labels(text, root),
        }
    }

    fn range(&self, n: Node) -> Range<usize> {
        clamp(self.text, n.byte_range())
    }

    fn walk(&mut self, root: Node) {
        let mut cursor = root.walk();
        let children: Vec<Node> = root.children(&mut cursor).collect();
        // The content column of the list last seen: a paragraph indented to
        // it continues the list item, four columns past it is code.
        let mut list_content: Option<usize> = None;
        for n in children {
            let indent = indentation(&self.text[self.range(n)]);
            match n.kind() {
                "paragraph" => {
                    let code = match list_content {
                        Some(c) if indent >= c + 4 => true,
                        Some(c) if indent >= c => false,
                        _ => {
                            list_content = None;
                            indent >= 4
                        }
                    };
                    if code {
                        // An indented code block.
                        continue;
                    }
                    // A footnote definition (`[^1]: …`): its further
                    // paragraphs are indented four columns, like a list
                    // item's.
                    if is_note_definition(&self.text[self.range(n)]) {
                        list_content = Some(4);
                    }
                }
                "list" => {
                    if list_content.is_none() && indent >= 4 {
                        // Indented four columns outside a list: code, not a list.
                        continue;
                    }
                    list_content = last_item_content_column(self.text, n);
                }
                _ => list_content = None,
            }
            self.block(n);
        }
    }

    fn block(&mut self, n: Node) {
        match n.kind() {
            "front_matter" => self.front_matter(n),
            "atx_heading" => {
                self.heading(self.range(n));
                if let Some(c) = n.child_by_field_name("content") {
                    self.prose(c, self.range(c), false, false);
                }
            }
            "paragraph" => {
                let r = self.range(n);
                self.setext_heading(r.clone());
                // Link reference definitions (`[label]: url "title"`) are
                // not prose.
                let start = skip_reference_definitions(self.text, r.clone());
                if start >= r.end {
                    return;
                }
                let table = is_table(&self.text[start..r.end]);
                self.prose(n, start..r.end, !table, false);
            }
            "list" => {
                let mut cursor = n.walk();
                let items: Vec<Node> = n.children(&mut cursor).collect();
                for item in items {
                    self.block(item);
                }
            }
            "list_item" => {
                let start = n
                    .child(0)
                    .filter(|m| m.kind() == "list_marker")
                    .map_or(n.start_byte(), |m| m.end_byte());
                let r = clamp(self.text, start..n.end_byte());
                self.prose(n, r, true, false);
            }
            "block_quote" => self.prose(n, self.range(n), true, true),
            "reference_section" => self.reference_section(n),
            "ERROR" => {
                // Keep reading what can be read: nested blocks, or the text.
                let mut cursor = n.walk();
                let kids: Vec<Node> = n.children(&mut cursor).collect();
                if kids.iter().any(|k| is_block(k.kind())) {
                    for k in kids {
                        if is_block(k.kind()) {
                            self.block(k);
                        }
                    }
                } else {
                    self.prose(n, self.range(n), false, false);
                }
            }
            _ => {}
        }
    }

    fn front_matter(&mut self, n: Node) {
        let yaml = n
            .children(&mut n.walk())
            .find(|c| c.kind() == "yaml")
            .map(|c| self.text[self.range(c)].to_string())
            .unwrap_or_default();
        let mut fm = read_front_matter(&yaml);
        fm.range = self.range(n);
        self.draft.front_matter = Some(fm);
    }

    /// An ATX heading spanning `r` (the reference list's heading too).
    fn heading(&mut self, r: Range<usize>) {
        let line = self.text[r.clone()].trim_end_matches(['\n', '\r']);
        let level = line.chars().take_while(|c| *c == '#').count();
        let rest = &line[level..];
        // `#hashtag` is no heading: a space must follow the marker.
        if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return;
        }
        let content = rest.trim();
        // A closing run of `#` preceded by a space is not content.
        let content = match content.trim_end_matches('#') {
            c if c.is_empty() || c.ends_with(' ') => c.trim_end(),
            _ => content,
        };
        let start = r.start + level + rest.find(content).unwrap_or(0);
        self.draft.headings.push(Heading {
            level,
            text: content.to_string(),
            range: r.start..r.start + line.len(),
            text_range: start..start + content.len(),
        });
    }

    /// A paragraph whose last line is `===` or `---` is a setext heading of
    /// the lines above it.
    fn setext_heading(&mut self, r: Range<usize>) {
        let para = self.text[r.clone()].trim_end_matches(['\n', '\r']);
        let Some((above, under)) = para.rsplit_once('\n') else {
            return;
        };
        let u = under.trim();
        let underline = under.len() - under.trim_start_matches(' ').len() <= 3
            && !u.is_empty()
            && (u.chars().all(|c| c == '=') || u.chars().all(|c| c == '-'));
        let content = above.trim();
        if !underline || content.is_empty() {
            return;
        }
        let start = r.start + above.find(content).unwrap_or(0);
        self.draft.headings.push(Heading {
            level: if u.starts_with('=') { 1 } else { 2 },
            text: content.split_whitespace().collect::<Vec<_>>().join(" "),
            range: r.start..r.start + para.len(),
            text_range: start..start + content.len(),
        });
    }

    fn reference_section(&mut self, n: Node) {
        if let Some(h) = n.child(0).filter(|h| h.kind() == "reference_heading") {
            self.heading(self.range(h));
        }
        let mut entries = Vec::new();
        let mut cursor = n.walk();
        for c in n.children(&mut cursor) {
            match c.kind() {
                "reference_entry" => entries.extend(split_entries(self.text, self.range(c))),
                "list" => {
                    let mut c2 = c.walk();
                    for item in c.children(&mut c2) {
                        let start = item
                            .child(0)
                            .filter(|m| m.kind() == "list_marker")
                            .map_or(item.start_byte(), |m| m.end_byte());
                        entries
                            .extend(trimmed(self.text, clamp(self.text, start..item.end_byte())));
                    }
                }
                _ => {}
            }
        }
        let entries: Vec<ListedReference> = entries
            .into_iter()
            .filter(|e| !e.text.trim_start().starts_with("<!--") && !e.text.starts_with(":::"))
            .collect();
        // A "References" heading over prose (a section about references, in
        // the middle of a chapter) is no reference list: its text is read
        // as any other.
        let listed = entries
            .iter()
            .filter(|e| reads_as_reference(&e.text))
            .count();
        if listed * 3 < entries.len() * 2 {
            let mut cursor = n.walk();
            let blocks: Vec<Node> = n.children(&mut cursor).collect();
            for c in blocks {
                match c.kind() {
                    "reference_entry" => {
                        let r = self.range(c);
                        let table = is_table(&self.text[r.clone()]);
                        self.prose(c, r, !table, false);
                    }
                    "list" => self.block(c),
                    _ => {}
                }
            }
            return;
        }
        if !entries.is_empty() {
            self.draft
                .reference_list
                .get_or_insert_with(Vec::new)
                .extend(entries);
        }
    }

    /// One prose block: citations, quotations and (when `sentences`) its
    /// sentences.
    fn prose(&mut self, n: Node, range: Range<usize>, sentences: bool, in_quote: bool) {
        let mut opaque = Vec::new();
        let mut author_year = Vec::new();
        let mut quotes = Vec::new();
        let mut masks = Vec::new();
        collect_inlines(n, &mut |c: Node| match c.kind() {
            _ if c.start_byte() < range.start => {}
            k if OPAQUE.contains(&k) => {
                opaque.push(c.byte_range());
                // Comments, raw HTML, display math and LaTeX environments
                // are no part of a sentence's words.
                let environment =
                    k == "raw_tex" && self.text[c.byte_range()].starts_with("\\begin");
                if matches!(k, "html_comment" | "raw_html" | "display_math") || environment {
                    masks.push(c.byte_range());
                }
            }
            "author_year_citation" | "narrative_author_year" => author_year.push(c),
            "quotation" => quotes.push(c.byte_range()),
            "block_quote_marker" | "list_marker" => masks.push(c.byte_range()),
            _ => {}
        });
        opaque.sort_by_key(|r| r.start);
        let mut cites = pandoc::scan(self.text, range.clone(), &opaque, &self.examples);
        cites.sort_by_key(|c| c.range.start);
        let pandoc_count = cites.len();
        for c in author_year {
            let r = self.range(c);
            // Pandoc citations are sorted and disjoint: look at the neighbours only.
            let i = cites[..pandoc_count].partition_point(|p| p.range.start < r.start);
            let near = i.saturating_sub(1)..(i + 1).min(pandoc_count);
            if cites[near].iter().any(|p| overlaps(&p.range, &r)) {
                continue;
            }
            let t = &self.text[r.clone()];
            let cite = if c.kind() == "author_year_citation" {
                author_year::parenthetical(t, r.start)
            } else {
                author_year::narrative(t, r.start, &self.text[range.start.min(r.start)..r.start])
            };
            cites.extend(cite);
        }
        cites.sort_by_key(|c| c.range.start);
        let first_cite = self.draft.citations.len();
        self.draft.citations.extend(cites);
        let first_quote = self.draft.quotes.len();
        for q in quotes {
            let q = clamp(self.text, q);
            let s = &self.text[q.clone()];
            let open = s.chars().next().map_or(0, char::len_utf8);
            let close = s.chars().next_back().map_or(0, char::len_utf8);
            if q.len() >= open + close {
                self.draft.quotes.push(Quote {
                    range: q.start + open..q.end - close,
                });
            }
        }
        if !sentences {
            return;
        }
        let Some(split) = self.split else {
            return;
        };
        // Sentences of the block with markers and comments blanked out.
        let masked = blank_out(self.text, &range, masks);
        let cites = &self.draft.citations[first_cite..];
        let mut out: Vec<DraftSentence> = Vec::new();
        for r in split(&masked) {
            let r = clamp(self.text, range.start + r.start..range.start + r.end);
            if r.is_empty() {
                continue;
            }
            // Citations are sorted by start: those starting inside `r`.
            let lo = cites.partition_point(|c| c.range.start < r.start);
            let hi = cites.partition_point(|c| c.range.start < r.end);
            let idx: Vec<usize> = (lo..hi).map(|i| first_cite + i).collect();
            // A citation standing after a sentence's end belongs to it.
            let only_cites = only_citations(self.text, &r, &cites[lo..hi]);
            if only_cites && !idx.is_empty() {
                if let Some(prev) = out.last_mut() {
                    prev.range.end = r.end;
                    prev.citations.extend(idx);
                    continue;
                }
            }
            if !self.text[r.clone()].chars().any(char::is_alphanumeric) {
                continue;
            }
            out.push(DraftSentence {
                range: r,
                citations: idx,
                quotes: Vec::new(),
                in_block_quote: in_quote,
            });
        }
        let quotes = &self.draft.quotes[first_quote..];
        for s in &mut out {
            let lo = quotes.partition_point(|q| q.range.start < s.range.start);
            let hi = quotes.partition_point(|q| q.range.start < s.range.end);
            s.quotes = (lo..hi).map(|i| first_quote + i).collect();
        }
        self.draft.sentences.extend(out);
    }
}

/// The text of `range` with each mask (markers, comments) replaced by spaces,
/// byte for byte, so offsets are unchanged; newlines are kept.
fn blank_out(text: &str, range: &Range<usize>, mut masks: Vec<Range<usize>>) -> String {
    masks.sort_by_key(|m| m.start);
    let mut out = String::with_capacity(range.len());
    let mut at = range.start;
    for m in masks {
        let m = clamp(text, m);
        if m.start < at || m.end > range.end {
            continue;
        }
        out.push_str(&text[at..m.start]);
        for c in text[m.clone()].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = m.end;
    }
    out.push_str(&text[at..range.end]);
    out
}

/// Whether every alphanumeric character of `r` lies inside one of `cites`
/// (sorted, disjoint): a sentence that is only a citation.
fn only_citations(text: &str, r: &Range<usize>, cites: &[crate::syntax::Citation]) -> bool {
    if cites.is_empty() {
        return false;
    }
    let mut k = 0;
    for (i, ch) in text[r.clone()].char_indices() {
        let at = r.start + i;
        while k < cites.len() && cites[k].range.end <= at {
            k += 1;
        }
        let inside = k < cites.len() && cites[k].range.start <= at;
        if ch.is_alphanumeric() && !inside {
            return false;
        }
    }
    true
}

fn is_block(kind: &str) -> bool {
    matches!(
        kind,
        "paragraph"
            | "list"
            | "list_item"
            | "block_quote"
            | "atx_heading"
            | "reference_section"
            | "front_matter"
            | "fenced_code_block"
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Visit the inline nodes under `n` (not descending into opaque nodes).
/// In document order, with a stack rather than recursion: the tree is as
/// deep as the draft's brackets are nested.
fn collect_inlines<'a>(n: Node<'a>, f: &mut dyn FnMut(Node<'a>)) {
    let mut cursor = n.walk();
    let mut stack: Vec<Node<'a>> = n.children(&mut cursor).collect();
    stack.reverse();
    while let Some(c) = stack.pop() {
        f(c);
        if !OPAQUE.contains(&c.kind()) && c.child_count() > 0 {
            let at = stack.len();
            stack.extend(c.children(&mut cursor));
            stack[at..].reverse();
        }
    }
}

/// Pipe and grid tables have no prose sentences.
fn is_table(s: &str) -> bool {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.len() >= 2
        && (lines
            .iter()
            .all(|l| l.starts_with('|') || l.starts_with('+'))
            || lines
                .iter()
                .any(|l| l.contains("---") && l.chars().all(|c| "|:-+ \t".contains(c))))
}

/// Whether an entry under a References heading reads as a reference: a
/// year (or `n.d.`) near its start, as every citation style puts it.
fn reads_as_reference(text: &str) -> bool {
    let head = format!(" {} ", text.chars().take(300).collect::<String>());
    head.contains("n.d.")
        || head.as_bytes().windows(6).any(|w| {
            !w[0].is_ascii_alphanumeric()
                && w[1..5].iter().all(u8::is_ascii_digit)
                && !w[5].is_ascii_digit()
                && matches!(&w[1..3], b"15" | b"16" | b"17" | b"18" | b"19" | b"20")
        })
}

/// Leading indentation of a block's first line, in columns (a tab is four).
fn indentation(s: &str) -> usize {
    let mut n = 0;
    for c in s.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4 - n % 4,
            _ => break,
        }
    }
    n
}

/// The column where the content of a list's last item starts (after its
/// marker), the indentation its continuation paragraphs line up with.
fn last_item_content_column(text: &str, list: Node) -> Option<usize> {
    let mut cursor = list.walk();
    let item = list.children(&mut cursor).last()?;
    let marker = item.child(0).filter(|m| m.kind() == "list_marker")?;
    let line_start = text[..marker.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    Some(
        indentation(&text[line_start..marker.end_byte()])
            .max(text[line_start..marker.end_byte()].chars().count()),
    )
}

/// Whether a block opens with a footnote definition, `[^label]:`.
fn is_note_definition(s: &str) -> bool {
    let t = s.trim_start_matches(' ');
    s.len() - t.len() <= 3
        && t.strip_prefix("[^")
            .and_then(|r| r.split_once("]:"))
            .is_some_and(|(label, _)| !label.is_empty() && !label.contains(['\n', ']', ' ']))
}

/// Labels of Pandoc example list items: `(@good)`, `@good.`, `@good)`.
fn example_labels(text: &str, root: Node) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "list_marker" => {
                let m = text[clamp(text, n.byte_range())].trim();
                let m = m.strip_prefix('(').unwrap_or(m);
                if let Some(label) = m.strip_prefix('@') {
                    let label = label.trim_end_matches(['.', ')']);
                    if !label.is_empty() {
                        out.entry(label.to_string()).or_insert(n.start_byte());
                    }
                }
            }
            "document" | "list" | "list_item" | "ERROR" => {
                let mut cursor = n.walk();
                stack.extend(n.children(&mut cursor));
            }
            _ => {}
        }
    }
    out
}

/// Where the prose of a paragraph starts after any link reference
/// definitions at its head (`[label]: url "title"`, Pandoc's `referenceKey`;
/// a label that is a citation, `[@a]: …`, is no definition).
fn skip_reference_definitions(text: &str, r: Range<usize>) -> usize {
    let mut at = r.start;
    while let Some(end) = reference_definition(&text[at..r.end]) {
        at += end;
    }
    at
}

/// The length of the link reference definition at the start of `s`, if any.
fn reference_definition(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < 3 && b.get(i) == Some(&b' ') {
        i += 1;
    }
    if b.get(i) != Some(&b'[') || matches!(b.get(i + 1), Some(b'@') | Some(b'^')) {
        return None;
    }
    // The label: balanced brackets on one line, escapes skipped.
    let mut depth = 0;
    let mut j = i;
    loop {
        match b.get(j)? {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'\n' => return None,
            _ => {}
        }
        j += 1;
    }
    if b.get(j + 1) != Some(&b':') || j == i + 1 {
        return None;
    }
    let mut k = j + 2;
    let skip_ws = |k: &mut usize, newline: bool| {
        while matches!(b.get(*k), Some(b' ') | Some(b'\t')) {
            *k += 1;
        }
        if newline && b.get(*k) == Some(&b'\n') {
            *k += 1;
            while matches!(b.get(*k), Some(b' ') | Some(b'\t')) {
                *k += 1;
            }
        }
    };
    skip_ws(&mut k, true);
    // The destination: <...> or a run without spaces.
    let dest_start = k;
    if b.get(k) == Some(&b'<') {
        k += s[k..].find('>')? + 1;
    } else {
        while b.get(k).is_some_and(|c| !c.is_ascii_whitespace()) {
            k += 1;
        }
    }
    if k == dest_start || b.get(dest_start) == Some(&b'[') {
        return None;
    }
    // An optional title, on this line or the next.
    let before_title = k;
    skip_ws(&mut k, true);
    let close = match b.get(k) {
        Some(b'"') => Some(b'"'),
        Some(b'\'') => Some(b'\''),
        Some(b'(') => Some(b')'),
        _ => None,
    };
    let mut end = before_title;
    if let Some(close) = close {
        if let Some(len) = s[k + 1..].find(close as char) {
            let title_end = k + 1 + len + 1;
            if !s[k + 1..title_end].contains("\n\n") {
                end = title_end;
            }
        }
    }
    // The rest of the line must be blank.
    let mut e = end;
    while matches!(b.get(e), Some(b' ') | Some(b'\t')) {
        e += 1;
    }
    match b.get(e) {
        None => Some(e),
        Some(b'\n') => Some(e + 1),
        Some(b'\r') if b.get(e + 1) == Some(&b'\n') => Some(e + 2),
        _ => None,
    }
}

fn trimmed(text: &str, r: Range<usize>) -> Option<ListedReference> {
    let s = &text[r.clone()];
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let start = r.start + (s.len() - s.trim_start().len());
    Some(ListedReference {
        range: start..start + t.len(),
        text: t.split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

/// One entry per paragraph, or one per line when every line reads as an
/// entry of its own (a year on each line).
fn split_entries(text: &str, r: Range<usize>) -> Vec<ListedReference> {
    let s = &text[r.clone()];
    let lines: Vec<(usize, &str)> = s
        .split_inclusive('\n')
        .scan(0usize, |off, l| {
            let o = *off;
            *off += l.len();
            Some((o, l))
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let has_year = |l: &str| {
        l.as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit) && (w[0] == b'1' || w[0] == b'2'))
            || l.contains("n.d.")
    };
    if lines.len() >= 2 && lines.iter().all(|(_, l)| has_year(l)) {
        lines
            .into_iter()
            .filter_map(|(o, l)| trimmed(text, r.start + o..r.start + o + l.len()))
            .collect()
    } else {
        trimmed(text, r).into_iter().collect()
    }
}

/// `<!-- gloss-ignore: a, b -->` and `<!-- gloss-ignore-file -->` comments
/// anywhere but in code.
fn collect_ignores(text: &str, root: Node, out: &mut Vec<Ignore>) {
    let mut stack = vec![root];
    let mut found = Vec::new();
    while let Some(n) = stack.pop() {
        if n.kind() == "html_comment" {
            found.push(n);
            continue;
        }
        if matches!(n.kind(), "fenced_code_block" | "code_span" | "front_matter") {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    found.sort_by_key(|n| n.start_byte());
    for n in found {
        let r = clamp(text, n.byte_range());
        let body = text[r]
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let (whole_file, rest) = if let Some(rest) = body.strip_prefix("gloss-ignore-file") {
            (true, rest)
        } else if let Some(rest) = body.strip_prefix("gloss-ignore") {
            (false, rest)
        } else {
            continue;
        };
        let rest = rest.trim_start();
        let codes = if let Some(list) = rest.strip_prefix(':') {
            list.split([',', ' ', '\n', '\t'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        } else if rest.is_empty() {
            Vec::new()
        } else {
            continue;
        };
        out.push(Ignore {
            // The line the comment ends on: a comment over two lines silences the line after it.
            line: n.end_position().row,
            codes,
            whole_file,
        });
    }
}

/// The fields gloss reads from YAML front matter. Malformed YAML keeps what
/// a line-by-line reading finds.
pub(crate) fn read_front_matter(yaml: &str) -> FrontMatter {
    use serde_yaml_ng::Value;
    let mut fm = FrontMatter {
        yaml: yaml.to_string(),
        ..FrontMatter::default()
    };
    let as_string = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match crate::text::parse_yaml(yaml) {
        Ok(Value::Mapping(m)) => {
            match m.get("bibliography") {
                Some(Value::Sequence(seq)) => {
                    fm.bibliography = seq.iter().filter_map(as_string).collect();
                }
                Some(v) => fm.bibliography.extend(as_string(v)),
                None => {}
            }
            fm.corpus = m.get("corpus").and_then(as_string);
        }
        Ok(_) => {}
        Err(e) => {
            fm.error = Some((e.location().map(|l| l.line()), e.to_string()));
            // Keep what can be read line by line.
            for line in yaml.lines() {
                let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
                if let Some(v) = line.strip_prefix("bibliography:") {
                    let v = v.trim();
                    if let Some(list) = v.strip_prefix('[') {
                        let list = list.strip_suffix(']').unwrap_or(list);
                        fm.bibliography
                            .extend(list.split(',').map(unquote).filter(|s| !s.is_empty()));
                    } else if !v.is_empty() {
                        fm.bibliography.push(unquote(v));
                    }
                } else if let Some(v) = line.strip_prefix("corpus:") {
                    let v = unquote(v);
                    if !v.is_empty() {
                        fm.corpus = Some(v);
                    }
                }
            }
        }
    }
    fm
}
