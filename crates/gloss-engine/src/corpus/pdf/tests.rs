use super::*;
use std::io::Write;

fn pdf_path() -> &'static Path {
    Path::new("papers/lindqvist2021.pdf")
}

const PAGE_1: &[&str] = &[
    "Journal of Coastal Economies 12 (2021)",
    "Skills before subsidies",
    "Harbour towns along the northern coast were once defined by their fishing",
    "fleets. Many of them have reinvented themselves as centres of precision",
    "manufacturing. The first officials offered cheap land, yet the skilled",
    "1",
];
const PAGE_2: &[&str] = &[
    "Journal of Coastal Economies 12 (2021)",
    "workers mattered more than the land. Firms followed former employees who",
    "had grown up there. Training at the college helped workers move into",
    "precision work.",
    "2",
];

#[test]
fn pages_are_read_in_order_with_running_heads_and_page_numbers_dropped() {
    let bytes = minimal_pdf(&[PAGE_1, PAGE_2]);
    let (text, map, warnings) = extract(pdf_path(), &bytes).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!text.contains("Journal of Coastal"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim() == "1" || l.trim() == "2"),
        "{text}"
    );
    assert_eq!(map.pages(), 2);
    // The title line stays: it is at the top of one page only.
    let first = text.lines().next().unwrap();
    assert_eq!(first.trim(), "Skills before subsidies");
    assert_eq!(map.locate(1), Some(PageLine { page: 1, line: 2 }));
    // The paragraph broken by the page runs on: page 2's first body line
    // follows page 1's last with no blank line between.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("workers mattered"))
        .unwrap();
    assert!(lines[at - 1].ends_with("the skilled"), "{text}");
    assert_eq!(
        map.locate(at as u32 + 1),
        Some(PageLine { page: 2, line: 2 })
    );
}

#[test]
fn a_parsed_pdf_has_sentences_that_point_at_pages() {
    let bytes = minimal_pdf(&[PAGE_1, PAGE_2]);
    let doc = parse(pdf_path(), &bytes).unwrap();
    let pages = doc.pages.as_ref().expect("a PDF's text has a page map");
    let s = doc
        .sentences
        .iter()
        .find(|s| {
            s.text
                .contains("skilled workers mattered more than the land")
        })
        .unwrap_or_else(|| panic!("{:#?}", doc.sentences));
    assert_eq!(pages.locate(s.line).map(|p| p.page), Some(1));
    let t = doc
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Training at the college"))
        .unwrap();
    assert_eq!(pages.locate(t.line), Some(PageLine { page: 2, line: 3 }));
}

#[test]
fn a_pdf_without_text_layer_is_a_warning_naming_the_file() {
    let bytes = minimal_pdf(&[&[], &[]]);
    let w = parse(pdf_path(), &bytes).unwrap_err();
    assert_eq!(w.path, pdf_path());
    assert_eq!(
        w.message,
        "no text layer: OCR it first (2 pages, no text to read)"
    );
}

#[test]
fn damaged_and_foreign_files_are_warnings_never_panics() {
    let good = minimal_pdf(&[PAGE_1]);
    let not_pdf = extract(pdf_path(), b"just some text, not a PDF").unwrap_err();
    assert_eq!(not_pdf.message, "not a PDF (no %PDF- header)");
    // Cut anywhere, or with bytes flipped: a warning or a text, never a panic.
    for cut in (0..good.len()).step_by(7) {
        match extract(pdf_path(), &good[..cut]) {
            Ok((text, map, _)) => assert!(map.is_consistent() && !text.is_empty()),
            Err(w) => assert_eq!(w.path, pdf_path()),
        }
    }
    for i in (9..good.len()).step_by(5) {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        if let Err(w) = extract(pdf_path(), &bad) {
            assert_eq!(w.path, pdf_path());
        }
    }
    // A document whose page tree holds no page is damaged, not a scan.
    let no_pages = extract(pdf_path(), &minimal_pdf(&[])).unwrap_err();
    assert_eq!(
        no_pages.message,
        "cannot read this PDF: no pages found (damaged page tree?)"
    );
    let header_only = extract(pdf_path(), b"%PDF-1.7\n%%EOF\n").unwrap_err();
    assert!(
        header_only.message.starts_with("cannot read this PDF: "),
        "{}",
        header_only.message
    );
}

/// A page whose content stream inflates to more than any stream may.
#[test]
fn a_decompression_bomb_is_refused() {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(MAX_STREAM_BYTES >> 20) + 8 {
        z.write_all(&chunk).unwrap();
    }
    let packed = z.finish().unwrap();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        [
            format!(
                "<< /Length {} /Filter /FlateDecode >>\nstream\n",
                packed.len()
            )
            .as_bytes(),
            &packed,
            b"\nendstream",
        ]
        .concat(),
    ];
    let w = extract(pdf_path(), &pdf_of_objects(&objects)).unwrap_err();
    assert_eq!(w.path, pdf_path());
    assert!(
        w.message.starts_with("cannot read this PDF: page 1: "),
        "{}",
        w.message
    );
}

#[test]
fn ligatures_are_spelt_out_and_controls_become_spaces() {
    assert_eq!(
        clean_line("the ﬁrst ﬂow of oﬃcial\u{c}aﬀairs  "),
        "the first flow of official affairs"
    );
}

#[test]
fn running_heads_need_to_recur() {
    let pages: Vec<Vec<String>> = vec![
        vec!["A heading once".into(), "text".into(), "Page 1 of 3".into()],
        vec![
            "Short title 2".into(),
            "more text".into(),
            "Page 2 of 3".into(),
        ],
        vec![
            "Short title 3".into(),
            "the end".into(),
            "Page 3 of 3".into(),
        ],
    ];
    let r = running_lines(&pages);
    assert_eq!(r[0], [2].into_iter().collect());
    assert_eq!(r[1], [0, 2].into_iter().collect());
    assert_eq!(r[2], [0, 2].into_iter().collect());
}

#[test]
fn page_maps_locate_lines_and_are_checked() {
    let (text, map) = lay_out(&["a\nb\n".into(), "\n\nc.\nd\n".into()], 2);
    assert_eq!(text, "a\nb\nc.\nd\n");
    assert_eq!(map.locate(1), Some(PageLine { page: 1, line: 1 }));
    assert_eq!(map.locate(3), Some(PageLine { page: 2, line: 3 }));
    assert_eq!(map.locate(4), Some(PageLine { page: 2, line: 4 }));
    assert_eq!(map.locate(0), None);
    assert!(map.is_consistent());
    let bad = PageMap {
        runs: vec![(3, 1, 1), (2, 1, 5)],
        pages: 1,
    };
    assert!(!bad.is_consistent());
    let past = PageMap {
        runs: vec![(1, 4, 1)],
        pages: 2,
    };
    assert!(!past.is_consistent());
}

/// A page set as pdfTeX sets one: one text object, lines moved to with
/// `Td`, words spaced by `TJ` offsets, a footnote mark raised with `Ts` in
/// a smaller size, and the note at the page's foot.
#[test]
fn lines_moved_to_with_td_and_words_spaced_by_tj_offsets() {
    let content = "BT /F1 10 Tf 72 770 Td [(Harbour)-333(towns)-333(were)-333(defined)-333(by)] TJ \
                   0 -12 Td [(their)-333(fishing)-333(fl)-20(eets.)] TJ /F1 7 Tf 3 Ts (1) Tj 0 Ts /F1 10 Tf \
                   [( )-333(Many)-333(changed.)] TJ \
                   0 -12 Td [(A)-333(second)-333(line)-333(of)-333(text.)] TJ \
                   0 -12 Td [(And)-333(a)-333(third)-333(one.)] TJ \
                   0 -600 Td /F1 8 Tf [(1)-333(Fieldwork)-333(took)-333(two)-333(years.)] TJ ET";
    let bytes = pdf_of_contents(&[content.to_string()]);
    let (text, map, _) = extract(pdf_path(), &bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Harbour towns were defined by", "{text}");
    assert_eq!(lines[1], "their fishing fleets.¹ Many changed.", "{text}");
    // The note is laid out after the body, as a note, on its own page line.
    let note = lines
        .iter()
        .position(|l| l.starts_with("^1 Fieldwork"))
        .unwrap();
    assert_eq!(
        map.locate(note as u32 + 1),
        Some(PageLine { page: 1, line: 5 })
    );
    let doc = parse(pdf_path(), &bytes).unwrap();
    let s: Vec<(&str, text::Zone)> = doc
        .sentences
        .iter()
        .map(|s| (s.text.as_str(), s.zone))
        .collect();
    assert!(
        s.contains(&(
            "Harbour towns were defined by their fishing fleets.",
            text::Zone::Body
        )),
        "{s:?}"
    );
    assert!(
        s.iter()
            .any(|&(t, z)| t.starts_with("Fieldwork took two years") && z == text::Zone::Note),
        "{s:?}"
    );
}

/// Through the corpus: a PDF is a text paired like any other, a scan is a
/// warning, and a PDF with a text of the same name beside it is that text.
#[test]
fn pdfs_in_a_corpus_folder() {
    use crate::corpus::Library;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("lindqvist2021.pdf"), minimal_pdf(&[PAGE_1, PAGE_2])).unwrap();
    std::fs::write(d.join("scan.pdf"), minimal_pdf(&[&[]])).unwrap();
    std::fs::write(
        d.join("twin.pdf"),
        minimal_pdf(&[&["Words only the PDF has."]]),
    )
    .unwrap();
    std::fs::write(
        d.join("twin.txt"),
        "A Title\n\nWords only the text has, and more of them here.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("refs.bib"),
        "@article{lindqvist2021, author = {Lindqvist, Mara}, title = {Skills before subsidies}, year = {2021}}\n",
    )
    .unwrap();
    let lib = Library::load(Some(d), &[]);
    let w = &lib.works[lib.index_of("lindqvist2021").unwrap()];
    assert_eq!(
        w.path.as_deref(),
        Some(d.join("lindqvist2021.pdf").as_path())
    );
    let doc = w.doc.as_ref().unwrap();
    let s = doc
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Training at the college"))
        .unwrap();
    assert_eq!(w.page_of(s.line), Some(PageLine { page: 2, line: 3 }));
    let scan: Vec<String> = lib
        .warnings
        .iter()
        .filter(|w| w.path == d.join("scan.pdf"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(
        scan,
        [format!(
            "{}: no text layer: OCR it first (1 page, no text to read)",
            d.join("scan.pdf").display()
        )]
    );
    assert!(lib
        .works
        .iter()
        .all(|w| w.path.as_deref() != Some(d.join("twin.pdf").as_path())));
    assert!(lib
        .works
        .iter()
        .any(|w| w.path.as_deref() == Some(d.join("twin.txt").as_path())));
}

#[test]
fn footnote_marks_are_told_from_numbers_in_the_text() {
    assert!(has_mark("already living nearby. 1 The", "1"));
    assert!(has_mark("already living nearby.1", "1"));
    assert!(has_mark("the firms settled there2 and", "2"));
    assert!(!has_mark("as chapter 1 shows, the", "1"));
    assert!(!has_mark("in 2021 the towns", "1"));
    assert!(!has_mark("see (1) above", "1"));
    assert_eq!(
        mark_notes("nearby. 1 The argument", &[("1".into(), 1)]),
        "nearby.¹ The argument"
    );
}

fn deflated(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

fn stream(data: &[u8]) -> Vec<u8> {
    let packed = deflated(data);
    [
        format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            packed.len()
        )
        .as_bytes(),
        &packed,
        b"\nendstream",
    ]
    .concat()
}

/// Thousands of pages sharing one content stream of a megabyte of text
/// would be gigabytes of text read again page after page: reading stops
/// once the text reaches its limit, with a warning.
#[test]
fn pages_sharing_a_large_content_stream_stop_at_the_text_limit() {
    let pages = MAX_PAGES;
    let words = "Harbour ".repeat((1 << 20) / 8);
    let content = format!("BT /F1 10 Tf 72 700 Td ({words}) Tj ET");
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 5 + i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream(content.as_bytes()),
    ];
    for _ in 0..pages {
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
                .to_vec(),
        );
    }
    let bytes = pdf_of_objects(&objects);
    assert!(bytes.len() < 1 << 20, "a small file: {}", bytes.len());
    let (text, _, warnings) = extract(pdf_path(), &bytes).unwrap();
    assert!(text.len() <= MAX_TEXT_BYTES, "{}", text.len());
    assert!(text.len() > MAX_TEXT_BYTES / 2, "{}", text.len());
    assert!(
        warnings
            .iter()
            .any(|w| w.message.starts_with("only the first ")
                && w.message.contains(&format!("of its {pages} pages"))),
        "{warnings:?}"
    );
}

/// A page whose drawing instructions pass the per-page limit is not read
/// (parsing them would take hundreds of times their size in memory).
#[test]
fn a_page_with_too_much_content_is_a_warning() {
    let content = format!("BT /F1 10 Tf {} ET", "0 ".repeat(MAX_PAGE_CONTENT / 2 + 1));
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>".to_vec(),
        stream(content.as_bytes()),
        stream(b"BT /F1 10 Tf 72 700 Td (The second page is read.) Tj ET"),
    ];
    let (text, _, warnings) = extract(pdf_path(), &pdf_of_objects(&objects)).unwrap();
    assert!(text.contains("The second page is read."), "{text}");
    assert!(
        warnings
            .iter()
            .any(|w| w.message.starts_with("page 1: text not read")),
        "{warnings:?}"
    );
}

/// A page of tens of thousands of lines that each start like a footnote
/// ("1 A"): where the notes start is found in time linear in the page,
/// not by scanning every earlier line for each candidate.
#[test]
fn a_page_of_note_like_lines_is_laid_out() {
    let lines: Vec<String> = (0..30_000)
        .map(|i| format!("{} A line", i % 90 + 1))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let bytes = minimal_pdf(&[&refs]);
    let (text, _, _) = extract(pdf_path(), &bytes).unwrap();
    assert!(
        text.lines().count() >= 30_000 - 10,
        "{}",
        text.lines().count()
    );
}
