//! Field helpers shared by the BibTeX and CSL readers: years, attached-file
//! paths and keyword lists.

/// Year at the start of a value: `2007`, `2007a`, `2013-04-01`, `2013/2014`,
/// ` 1999 `: one to four digits at the start (after whitespace), else `None`
/// (`n.d.`, `forthcoming`, `c. 1850`).
pub fn leading_year(value: &str) -> Option<i32> {
    let v = value.trim_start();
    let digits: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
}

/// Split a keyword list on `,` and `;`, trimmed, empty items dropped.
pub fn split_keywords(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// Split on a separator not escaped with a backslash (escapes are kept).
fn split_escaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            cur.push(c);
            if let Some(n) = chars.next() {
                cur.push(n);
            }
        } else if c == sep {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
}

/// Undo JabRef's `\:`, `\;` and `\\` escapes; other backslashes stay.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if matches!(n, ':' | ';' | '\\') {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn looks_like_file_type(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() {
        return true;
    }
    // MIME type (`application/pdf`) or a bare type name (`PDF`, `Word`).
    let mime = s.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && b.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'))
            && matches!(
                a,
                "application" | "text" | "image" | "audio" | "video" | "message" | "multipart"
            )
    });
    mime || s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
}

/// Every path in a `file` field, in order: plain paths, `;`-separated lists
/// of attachments (Better BibTeX, JabRef) and the `description:path:type`
/// form (`:papers/zhou.pdf:PDF`, `Full Text:files/12/zhou.pdf:application/pdf`),
/// with `\:`, `\;` and `\\` escapes undone, Windows drive letters
/// (`C\:\\Users\\...`) and Zotero's `storage:KEY/file.pdf` form kept whole.
pub fn file_paths(value: &str) -> Vec<String> {
    split_escaped(value, ';')
        .iter()
        .filter(|p| !p.trim().is_empty())
        .filter_map(|p| attachment_path(p))
        .collect()
}

/// The path of one attachment of a `file` field (see [`file_paths`]).
fn attachment_path(attachment: &str) -> Option<String> {
    let raw_parts: Vec<String> = split_escaped(attachment, ':')
        .iter()
        .map(|p| unescape(p))
        .collect();
    // Rejoin a drive letter with its path: `C` + `\x\y.pdf`, or `C` + `/x`;
    // and Zotero's `storage` scheme with the path inside the storage folder.
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw_parts.len() {
        let p = &raw_parts[i];
        let is_drive = p.len() == 1 && p.chars().all(|c| c.is_ascii_alphabetic());
        if let Some(next) = raw_parts.get(i + 1) {
            let drive = is_drive && (next.starts_with('\\') || next.starts_with('/'));
            let storage = p == "storage" && !next.is_empty() && !looks_like_file_type(next);
            if drive || storage {
                parts.push(format!("{p}:{next}"));
                i += 2;
                continue;
            }
        }
        parts.push(p.clone());
        i += 1;
    }
    let path = match parts.len() {
        0 => return None,
        1 => parts[0].clone(),
        2 => {
            if looks_like_file_type(&parts[1]) {
                parts[0].clone()
            } else {
                parts[1].clone()
            }
        }
        n => parts[1..n - 1].join(":"),
    };
    let path = path.trim().to_string();
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(leading_year("2007"), Some(2007));
        assert_eq!(leading_year("2007a"), Some(2007));
        assert_eq!(leading_year(" 2013-04-01"), Some(2013));
        assert_eq!(leading_year("2013/2014"), Some(2013));
        assert_eq!(leading_year("n.d."), None);
        assert_eq!(leading_year("forthcoming"), None);
        assert_eq!(leading_year("20130401"), None);
        assert_eq!(leading_year(""), None);
    }

    #[test]
    fn keywords() {
        assert_eq!(
            split_keywords(" China, ICT ;upgrading,, "),
            vec!["China", "ICT", "upgrading"]
        );
        assert!(split_keywords("").is_empty());
    }

    #[test]
    fn first_paths() {
        let f = |s: &str| file_paths(s).into_iter().next();
        assert_eq!(
            f(":papers/zhou.pdf:PDF").as_deref(),
            Some("papers/zhou.pdf")
        );
        assert_eq!(
            f("Full Text:files/12/zhou.pdf:application/pdf").as_deref(),
            Some("files/12/zhou.pdf")
        );
        assert_eq!(f("papers/zhou.pdf").as_deref(), Some("papers/zhou.pdf"));
        assert_eq!(
            f("papers/a.pdf;papers/b.pdf").as_deref(),
            Some("papers/a.pdf")
        );
        assert_eq!(f(":a.pdf:PDF;:b.pdf:PDF").as_deref(), Some("a.pdf"));
        assert_eq!(f(r"C:\x\y.pdf").as_deref(), Some(r"C:\x\y.pdf"));
        assert_eq!(f("C:/x/y.pdf").as_deref(), Some("C:/x/y.pdf"));
        assert_eq!(
            f(r":C\:\\Users\\me\\y.pdf:PDF").as_deref(),
            Some(r"C:\Users\me\y.pdf")
        );
        assert_eq!(
            f(r"Full Text PDF:C:\Users\me\y.pdf:application/pdf").as_deref(),
            Some(r"C:\Users\me\y.pdf")
        );
        assert_eq!(f("zhou.pdf:PDF").as_deref(), Some("zhou.pdf"));
        assert_eq!(f("Snapshot:zhou.html").as_deref(), Some("zhou.html"));
        assert_eq!(
            f("All Papers/B/Bezanson et al. 2017 - Julia.pdf").as_deref(),
            Some("All Papers/B/Bezanson et al. 2017 - Julia.pdf")
        );
        assert_eq!(f(""), None);
        assert_eq!(f(" ; "), None);
    }

    #[test]
    fn every_attachment() {
        // Better BibTeX: several attachments, escaped colons and backslashes.
        let bbt = r"Full Text PDF:C\:\\Users\\me\\Zotero\\storage\\AB12CD34\\Smith - 2001 - A Paper.pdf:application/pdf;Snapshot:C\:\\Users\\me\\snap.html:text/html";
        assert_eq!(
            file_paths(bbt),
            vec![
                r"C:\Users\me\Zotero\storage\AB12CD34\Smith - 2001 - A Paper.pdf".to_string(),
                r"C:\Users\me\snap.html".to_string(),
            ]
        );
        assert_eq!(
            file_paths("storage:AB12CD34/Smith - 2001 - A Paper.pdf"),
            vec!["storage:AB12CD34/Smith - 2001 - A Paper.pdf"]
        );
        assert_eq!(
            file_paths(
                r":storage\:AB12CD34/x.pdf:application/pdf;Full Text:/abs/y.pdf:application/pdf"
            ),
            vec!["storage:AB12CD34/x.pdf", "/abs/y.pdf"]
        );
        assert_eq!(
            file_paths("storage:AB12CD34/x.pdf:application/pdf"),
            vec!["storage:AB12CD34/x.pdf"]
        );
        assert_eq!(
            file_paths(r"Paper\; Draft:papers/a\;b.pdf:PDF"),
            vec!["papers/a;b.pdf"]
        );
        assert_eq!(file_paths("a.pdf;;b.pdf; "), vec!["a.pdf", "b.pdf"]);
    }
}
