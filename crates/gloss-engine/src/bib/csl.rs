//! CSL-JSON and CSL-YAML readers. Both go through one item model
//! (`serde_json::Value`); YAML values are converted first.
//!
//! Neither parser gives spans, so item lines are found by scanning the text:
//! for JSON, a small structural scan finds each item's `{` and its `"id"` key;
//! for YAML, the `id:` lines are matched to the items in order.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{file_paths, leading_year, split_keywords};
use super::latex::collapse_ws;
use super::names::parse_name;
use super::Fields;
use super::{Entry, Name};
use crate::warn::Warning;

pub fn parse_json(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            // One bad escape or number: read the items one by one, so
            // that only the damaged ones are lost.
            if let Some(found) = items_one_by_one(path, text, &mut warnings) {
                return found;
            }
            let line = (e.line() > 0).then_some(e.line() as u32);
            warnings.push(Warning::new(
                path,
                line,
                format!(
                    "invalid CSL-JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            ));
            return (Vec::new(), warnings);
        }
    };
    let Some((items, container)) = items_of(&root) else {
        warnings.push(Warning::new(
            path,
            Some(1),
            "CSL-JSON must be an array of items, or an object with an `items` or `references` array",
        ));
        return (Vec::new(), warnings);
    };
    let offsets = json_item_offsets(text, container);
    let starts = line_starts(text);
    let line_of = |off: usize| starts.partition_point(|&s| s <= off).max(1) as u32;
    let lines: Vec<(u32, Option<u32>)> = (0..items.len())
        .map(|k| match offsets.get(k) {
            Some(&(brace, id)) => (line_of(brace), id.map(line_of)),
            None => (1, None),
        })
        .collect();
    let entries = convert_items(path, items, &lines, &mut warnings);
    (entries, warnings)
}

/// A CSL-JSON file that does not parse as a whole, read item by item: each
/// item of the top-level array (or of its `items`/`references` array) is
/// cut out by a structural scan and parsed alone; an item that does not
/// parse is a warning naming its `id` and line. `None` when no item is
/// found at all (the file is not CSL-JSON in shape).
fn items_one_by_one(
    path: &Path,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Option<(Vec<Entry>, Vec<Warning>)> {
    let trimmed = text.trim_start();
    let container = if trimmed.starts_with('[') {
        None
    } else if trimmed.starts_with('{') {
        ["items", "references"]
            .into_iter()
            .find(|k| text.contains(&format!("\"{k}\"")))
    } else {
        return None;
    };
    let offsets = json_item_offsets(text, container);
    if offsets.is_empty() {
        return None;
    }
    let starts = line_starts(text);
    let line_of = |off: usize| starts.partition_point(|&s| s <= off).max(1) as u32;
    let (mut items, mut lines) = (Vec::new(), Vec::new());
    for &(brace, id) in &offsets {
        let end = object_end(text, brace).unwrap_or(text.len());
        match serde_json::from_str::<Value>(&text[brace..end]) {
            Ok(v) => {
                items.push(v);
                lines.push((line_of(brace), id.map(line_of)));
            }
            Err(e) => {
                let name = id.map_or_else(
                    || "an item without an `id`".to_string(),
                    |at| format!("item `{}`", id_text(&text[at..end])),
                );
                // Lines of the error counted in the whole file.
                let line = line_of(brace) + e.line().saturating_sub(1) as u32;
                warnings.push(Warning::new(
                    path,
                    Some(line),
                    format!("invalid CSL-JSON in {name}: {e}; item skipped, the others are read"),
                ));
            }
        }
    }
    let mut entries_warnings = Vec::new();
    let entries = convert_items(path, &items, &lines, &mut entries_warnings);
    warnings.extend(entries_warnings);
    Some((entries, std::mem::take(warnings)))
}

/// The offset just past the `}` closing the object opened at `open`
/// (strings and escapes skipped), if it closes.
fn object_end(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0usize, open);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The value written after `"id":` at the start of `s`, as written.
fn id_text(s: &str) -> String {
    let rest = s.strip_prefix("\"id\"").unwrap_or(s).trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let end = rest.find([',', '}', '\n']).unwrap_or(rest.len());
    let v = rest[..end].trim().trim_matches('"');
    crate::text::shorten(v, 60, &[])
}

pub fn parse_yaml(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, offset) = front_matter(text);
    let root: serde_yaml_ng::Value = match crate::text::parse_yaml(yaml) {
        Ok(v) => v,
        Err(e) => {
            let line = Some(e.location().map_or(1, |l| l.line() as u32) + offset);
            let mut msg = format!("invalid CSL-YAML: {e}");
            if offset > 0 {
                msg.push_str(" (lines counted from the front matter's `---`)");
            }
            warnings.push(Warning::new(path, line, msg));
            return (Vec::new(), warnings);
        }
    };
    let root = yaml_to_json(root);
    let Some((items, container)) = items_of(&root) else {
        if !root.is_null() {
            warnings.push(Warning::new(
                path,
                Some(offset + 1),
                "CSL-YAML must be a list of items, or a mapping with a `references` list",
            ));
        }
        return (Vec::new(), warnings);
    };
    let ids: Vec<Option<String>> = items.iter().map(|it| item_id(it).ok()).collect();
    let lines: Vec<(u32, Option<u32>)> = yaml_id_lines(yaml, container, &ids)
        .into_iter()
        .map(|(start, id)| (start + offset, id.map(|l| l + offset)))
        .collect();
    let entries = convert_items(path, items, &lines, &mut warnings);
    (entries, warnings)
}

/// The YAML to parse and the number of lines before it: a Markdown file's
/// `---` ... `---`/`...` front matter block, or the whole text.
fn front_matter(text: &str) -> (&str, u32) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (text, 0);
    };
    if first.trim_end() != "---" {
        return (text, 0);
    }
    let start = first.len();
    let mut pos = start;
    for l in lines {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            return (&text[start..pos], 1);
        }
        pos += l.len();
    }
    (text, 0)
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    v
}

/// The item list and, when the root is an object, the key holding it.
fn items_of(root: &Value) -> Option<(&[Value], Option<&'static str>)> {
    match root {
        Value::Array(a) => Some((a, None)),
        Value::Object(o) => ["items", "references"].into_iter().find_map(|k| {
            o.get(k)
                .and_then(Value::as_array)
                .map(|a| (a.as_slice(), Some(k)))
        }),
        _ => None,
    }
}

fn item_id(item: &Value) -> Result<String, &'static str> {
    match item.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(_) => Err("has an empty or non-scalar `id`"),
        None => Err("has no `id`"),
    }
}

fn convert_items(
    path: &Path,
    items: &[Value],
    lines: &[(u32, Option<u32>)],
    warnings: &mut Vec<Warning>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        let (start, id_line) = lines.get(k).copied().unwrap_or((1, None));
        let line = id_line.unwrap_or(start);
        let Some(obj) = item.as_object() else {
            warnings.push(Warning::new(
                path,
                Some(start),
                format!("item {} is not an object; skipped", k + 1),
            ));
            continue;
        };
        let key = match item_id(item) {
            Ok(key) => key,
            Err(why) => {
                warnings.push(Warning::new(
                    path,
                    Some(start),
                    format!("item {} {why}; skipped", k + 1),
                ));
                continue;
            }
        };
        if let Some(&first) = seen.get(&key) {
            warnings.push(Warning::new(
                path,
                Some(line),
                format!(
                    "duplicate id `{key}` on lines {first} and {line}; keeping the first (line {first})"
                ),
            ));
            continue;
        }
        seen.insert(key.clone(), line);
        entries.push(item_to_entry(path, line, key, obj));
    }
    entries
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(scalar)
        .map(|s| collapse_ws(&s))
        .filter(|s| !s.is_empty())
}

fn item_to_entry(path: &Path, line: u32, key: String, obj: &Map<String, Value>) -> Entry {
    let mut fields: Fields = obj
        .iter()
        .filter_map(|(k, v)| scalar(v).map(|s| (k.clone(), collapse_ws(&s))))
        .collect();
    let issued = obj.get("issued");
    if let Some(d) = issued.and_then(date_string) {
        fields.insert_if_absent("issued", d);
    }
    let keywords = match obj.get("keyword").or_else(|| obj.get("keywords")) {
        Some(Value::String(s)) => split_keywords(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(scalar)
            .flat_map(|s| split_keywords(&s))
            .collect(),
        _ => Vec::new(),
    };
    Entry {
        key,
        kind: obj
            .get("type")
            .and_then(scalar)
            .map(|s| s.trim().to_lowercase())
            .unwrap_or_default(),
        title: text_of(obj.get("title")),
        authors: names(obj.get("author")),
        editors: names(obj.get("editor")),
        year: issued.and_then(year_of),
        container: text_of(obj.get("container-title")).or_else(|| text_of(obj.get("publisher"))),
        files: obj
            .get("file")
            .and_then(scalar)
            .map(|f| file_paths(&f))
            .unwrap_or_default(),
        keywords,
        fields,
        path: path.to_path_buf(),
        line,
    }
}

fn join_nonempty(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// CSL name objects; a plain string is read as a BibTeX-style name.
fn names(v: Option<&Value>) -> Vec<Name> {
    let Some(Value::Array(list)) = v else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|n| match n {
            Value::String(s) => parse_name(s),
            Value::Object(o) => {
                let get = |k: &str| o.get(k).and_then(scalar).map(|s| collapse_ws(&s));
                if let Some(lit) = get("literal").filter(|s| !s.is_empty()) {
                    return Some(Name {
                        family: lit,
                        given: None,
                    });
                }
                let mut family = join_nonempty(&[get("non-dropping-particle"), get("family")]);
                let mut given = join_nonempty(&[get("given"), get("dropping-particle")]);
                if let Some(suffix) = get("suffix").filter(|s| !s.is_empty()) {
                    given = if given.is_empty() {
                        suffix
                    } else {
                        format!("{given}, {suffix}")
                    };
                }
                if family.is_empty() {
                    std::mem::swap(&mut family, &mut given);
                }
                (!family.is_empty()).then(|| Name {
                    family,
                    given: (!given.is_empty()).then_some(given),
                })
            }
            _ => None,
        })
        .collect()
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// First run of three or four digits anywhere (`circa 1900`, `Spring 2008`).
fn any_year(s: &str) -> Option<i32> {
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if (3..=4).contains(&run.len()) {
                return run.parse().ok();
            }
            run.clear();
        }
    }
    None
}

/// Year of a CSL date: `{"date-parts": [[2008, 5]]}`, `{"raw": "2008"}`,
/// `{"literal": "..."}`, an EDTF string, a bare number, or Pandoc's `[{year: 2008}]`.
fn year_of(v: &Value) -> Option<i32> {
    match v {
        Value::Number(_) => int_of(v).and_then(|y| i32::try_from(y).ok()),
        Value::String(s) => leading_year(s).or_else(|| any_year(s)),
        Value::Array(a) => a.first().and_then(year_of),
        Value::Object(o) => {
            if let Some(parts) = o.get("date-parts").and_then(Value::as_array) {
                let y = parts
                    .first()
                    .and_then(|p| match p {
                        Value::Array(p) => p.first(),
                        other => Some(other),
                    })
                    .and_then(int_of);
                if let Some(y) = y.and_then(|y| i32::try_from(y).ok()) {
                    return Some(y);
                }
            }
            if let Some(y) = o.get("year").and_then(int_of) {
                return i32::try_from(y).ok();
            }
            for k in ["raw", "literal"] {
                if let Some(s) = o.get(k).and_then(Value::as_str) {
                    if let Some(y) = leading_year(s).or_else(|| any_year(s)) {
                        return Some(y);
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// A CSL date as text for `fields["issued"]`: `2008-05`, or the raw/literal string.
fn date_string(v: &Value) -> Option<String> {
    match v {
        Value::String(_) | Value::Number(_) => scalar(v),
        Value::Array(a) => a.first().and_then(date_string),
        Value::Object(o) => {
            if let Some(Value::Array(parts)) = o.get("date-parts") {
                let ranges: Vec<String> = parts
                    .iter()
                    .filter_map(|p| p.as_array())
                    .map(|p| {
                        p.iter()
                            .filter_map(int_of)
                            .enumerate()
                            .map(|(i, n)| {
                                if i == 0 {
                                    n.to_string()
                                } else {
                                    format!("{n:02}")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("-")
                    })
                    .filter(|s| !s.is_empty())
                    .collect();
                if !ranges.is_empty() {
                    return Some(ranges.join("/"));
                }
            }
            if let Some(y) = o.get("year").and_then(int_of) {
                let mut s = y.to_string();
                for k in ["month", "day"] {
                    match o.get(k).and_then(int_of) {
                        Some(n) => s.push_str(&format!("-{n:02}")),
                        None => break,
                    }
                }
                return Some(s);
            }
            ["raw", "literal"]
                .into_iter()
                .find_map(|k| o.get(k).and_then(scalar))
        }
        _ => None,
    }
}

fn yaml_to_json(v: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let key = match yaml_to_json(k) {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// For each item of the items array: the offset of its `{` and of its `"id"` key.
/// `container` names the root object's key holding the array (`None`: the root is the array).
fn json_item_offsets(text: &str, container: Option<&str>) -> Vec<(usize, Option<usize>)> {
    struct Frame {
        object: bool,
        expect_key: bool,
        last_key: String,
        /// An array holding the items.
        target: bool,
        /// An object that is an item.
        item: bool,
    }
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut out: Vec<(usize, Option<usize>)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let s = &text[start + 1..i.min(b.len())];
                if let Some(top) = stack.last_mut() {
                    if top.object && top.expect_key {
                        top.last_key = s.to_string();
                        if top.item && s == "id" {
                            if let Some(last) = out.last_mut() {
                                last.1.get_or_insert(start);
                            }
                        }
                    }
                }
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    top.expect_key = false;
                }
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.expect_key = top.object;
                }
            }
            b'{' => {
                let item = stack.last().is_some_and(|t| t.target);
                if item {
                    out.push((i, None));
                }
                stack.push(Frame {
                    object: true,
                    expect_key: true,
                    last_key: String::new(),
                    target: false,
                    item,
                });
            }
            b'[' => {
                let target = match (stack.len(), container) {
                    (0, None) => true,
                    (1, Some(k)) => stack[0].object && stack[0].last_key == k,
                    _ => false,
                };
                stack.push(Frame {
                    object: false,
                    expect_key: false,
                    last_key: String::new(),
                    target,
                    item: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Strip YAML quotes from a scalar as written.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// The `id` value written on a YAML line (`- id: x`, `id: "x"`, `- {id: x, ...}`), if any.
fn yaml_line_id(line: &str) -> Option<&str> {
    let mut t = line.trim_start();
    loop {
        if let Some(r) = t
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        {
            t = r.trim_start();
        } else if let Some(r) = t.strip_prefix('{') {
            t = r.trim_start();
        } else {
            break;
        }
    }
    let rest = ["id:", "\"id\":", "'id':"]
        .into_iter()
        .find_map(|p| t.strip_prefix(p))?;
    let rest = rest.trim();
    let value = if rest.starts_with(['"', '\'']) {
        let q = rest.as_bytes()[0] as char;
        let end = rest[1..].find(q).map(|e| e + 2).unwrap_or(rest.len());
        &rest[..end]
    } else {
        rest.split([',', '}', '#']).next().unwrap_or("")
    };
    Some(unquote(value))
}

/// Lines (1-based, within `yaml`) of each item: (start guess, line of its `id:`).
fn yaml_id_lines(
    yaml: &str,
    container: Option<&str>,
    ids: &[Option<String>],
) -> Vec<(u32, Option<u32>)> {
    let lines: Vec<&str> = yaml.lines().collect();
    // Start after the `references:` line when the items sit under it.
    let mut cursor = match container {
        Some(k) => lines
            .iter()
            .position(|l| l.trim_end().starts_with(&format!("{k}:")))
            .map(|p| p + 1)
            .unwrap_or(0),
        None => 0,
    };
    // Column of the item markers (`- `), learnt from the first item found.
    let marker = |l: &str| {
        let t = l.trim_start();
        (t.starts_with("- ") || t == "-").then(|| l.len() - t.len())
    };
    let mut indent: Option<usize> = None;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let found = match id {
            Some(id) => (cursor..lines.len())
                .find(|&l| yaml_line_id(lines[l]) == Some(id.as_str()))
                .or_else(|| (cursor..lines.len()).find(|&l| yaml_line_id(lines[l]).is_some())),
            None => None,
        };
        match found {
            Some(l) => {
                if indent.is_none() {
                    indent = marker(lines[l]);
                }
                out.push((l as u32 + 1, Some(l as u32 + 1)));
                cursor = l + 1;
            }
            None => {
                // The next item marker at the items' column: where this item starts.
                let l = (cursor..lines.len())
                    .find(|&l| match (marker(lines[l]), indent) {
                        (Some(c), Some(want)) => c == want,
                        (Some(_), None) => true,
                        _ => false,
                    })
                    .unwrap_or(cursor.min(lines.len().saturating_sub(1)));
                out.push((l as u32 + 1, None));
                cursor = l + 1;
            }
        }
    }
    out
}
