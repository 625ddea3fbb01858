//! Compiles the generated tree-sitter parser for review drafts (`grammar/src`).
//! Building gloss needs only a C compiler: the parser is generated ahead of
//! time and committed, so neither the tree-sitter CLI nor Node.js is needed.

fn main() {
    let dir = std::path::Path::new("../../grammar/src");
    cc::Build::new()
        .include(dir)
        .file(dir.join("parser.c"))
        .file(dir.join("scanner.c"))
        .flag_if_supported("-std=c11")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs")
        .warnings(false)
        .compile("tree-sitter-gloss");
    for f in [
        "parser.c",
        "scanner.c",
        "tree_sitter/parser.h",
        "tree_sitter/alloc.h",
        "tree_sitter/array.h",
    ] {
        println!("cargo:rerun-if-changed=../../grammar/src/{f}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
