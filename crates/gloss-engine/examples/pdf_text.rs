//! What gloss reads of PDFs, and how fast (BENCHMARKS.md, "Issue 16: PDF
//! extraction"):
//!
//!     cargo run --release -p gloss-engine --example pdf_text -- [--text] FILE.pdf...
//!
//! For each PDF: pages, milliseconds per page (extraction and layout, the
//! best of five runs), sentences; with `--text` the laid-out text, each
//! line prefixed with its page and line on the page.

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut show = false;
    for arg in std::env::args().skip(1) {
        if arg == "--text" {
            show = true;
            continue;
        }
        let path = Path::new(&arg);
        let bytes = std::fs::read(path).expect("read the PDF");
        let mut best = f64::INFINITY;
        let mut got = None;
        for _ in 0..5 {
            let t = Instant::now();
            let r = gloss::corpus::pdf::extract(path, &bytes);
            best = best.min(t.elapsed().as_secs_f64());
            got = Some(r);
        }
        match got.expect("ran") {
            Err(w) => println!("{w}"),
            Ok((text, pages, warnings)) => {
                for w in &warnings {
                    println!("{w}");
                }
                let doc = gloss::corpus::pdf::parse(path, &bytes).expect("parsed once");
                println!(
                    "{}: {} pages, {:.2} ms/page, {} sentences",
                    path.display(),
                    pages.pages(),
                    best * 1e3 / f64::from(pages.pages().max(1)),
                    doc.sentences.len()
                );
                if show {
                    for (i, line) in text.lines().enumerate() {
                        let at = pages.locate(i as u32 + 1);
                        let at = at.map_or("?".into(), |a| format!("p{}:{}", a.page, a.line));
                        println!("{at:>8} | {line}");
                    }
                }
            }
        }
    }
}
