#!/usr/bin/env bash
# Run gloss's libFuzzer targets (fuzz/fuzz_targets/) one after another, each for
# a bounded time, and fail if any of them crashes, hangs or runs out of memory.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, all targets)
#
# Needs only the stable toolchain: cargo-fuzz passes nightly `-Z` flags
# (sanitizer, coverage), which stable rustc accepts with RUSTC_BOOTSTRAP=1.
# cargo-fuzz itself is installed into fuzz/target/tools when missing.
#
# Environment:
#   FUZZ_SANITIZER   address (default) or none; `address` falls back to `none`
#                    by itself if the instrumented build fails.
#   FUZZ_MAX_LEN     largest input libFuzzer tries, in bytes (default 262144:
#                    stack overflows from nesting needed 30-150 KB, so the
#                    cap must be above them; the parsers take 1-3 us a byte
#                    under ASan, so longer inputs cost throughput; seeds
#                    longer than this are cut).
#   FUZZ_SHARED_DIR  the shared data folder (default ../shared beside the repo):
#                    its files, when present, are extra read-only seeds, linked
#                    from fuzz/target/shared-seeds and never copied into the repo.
#
# Corpora grow in fuzz/corpus/<target>/, crash inputs land in
# fuzz/artifacts/<target>/, logs in fuzz/target/logs/ (all git-ignored).
# A crash input worth keeping goes, minimised (`cargo fuzz tmin`), into
# fuzz/regressions/<target>/: the next run replays it first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
fuzz=$root/fuzz

secs=${1:-60}
shift || true
case $secs in
    '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;;
esac
all_targets=(draft_parser bibtex csl corpus_text figures cache_reader document_edits corpus_walk pdf_reader)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
sanitizer=${FUZZ_SANITIZER:-address}
max_len=${FUZZ_MAX_LEN:-262144}
shared=${FUZZ_SHARED_DIR:-$root/../shared}

# --- tools ------------------------------------------------------------------
tools=$fuzz/target/tools
export PATH=$tools/bin:$PATH
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz into $tools"
    cargo install --locked --root "$tools" cargo-fuzz
fi
if ! command -v c++ >/dev/null 2>&1; then
    echo "libfuzzer-sys compiles libFuzzer from C++: install a C++ compiler (apt-get install g++)" >&2
    exit 1
fi
export RUSTC_BOOTSTRAP=1

# --- build ------------------------------------------------------------------
# With ASan the C code (tree-sitter and the generated draft grammar,
# grammar/src/{parser,scanner}.c) is instrumented too: CFLAGS reach the `cc`
# builds, and rustc's ASan runtime serves GCC's instrumentation. (The C code
# gets no coverage feedback: libFuzzer's coverage needs clang.)
echo "== building ${targets[*]} (sanitizer: $sanitizer)"
# CFLAGS stay exported for `cargo fuzz run` as well, which rebuilds first: a
# different CFLAGS there would rebuild the C code uninstrumented.
base_cflags=${CFLAGS:-}
build_all() {
    local t
    if [ "$1" = address ]; then
        export CFLAGS="$base_cflags -fsanitize=address -fno-omit-frame-pointer -g"
    else
        export CFLAGS="$base_cflags"
    fi
    for t in "${targets[@]}"; do
        cargo fuzz build --fuzz-dir fuzz -s "$1" "$t" || return 1
    done
}
if ! build_all "$sanitizer"; then
    if [ "$sanitizer" = none ]; then exit 1; fi
    echo "== the $sanitizer-sanitizer build failed; building without a sanitizer (-s none)" >&2
    sanitizer=none
    build_all none
fi

# --- seeds ------------------------------------------------------------------
# Small in-repo inputs, copied into each target's corpus (which libFuzzer then
# grows); files of ../shared are linked, read-only, as a second corpus folder.
seed_files() {
    case $1 in
        draft_parser) ls examples/*.md examples/corpus/papers/*.md tests/fixtures/*.md ;;
        bibtex) ls examples/corpus/*.bib ;;
        csl) ;;
        corpus_text) ls examples/corpus/*.txt examples/corpus/papers/*.md ;;
        # The PDFs tests/pdf.rs typeset (Typst, LibreOffice), when it has run.
        pdf_reader) ls "$(scripts/target-dir.sh)"/tmp/pdf/*.pdf ;;
    esac 2>/dev/null || true
}
shared_files() {
    [ -d "$shared" ] || return 0
    case $1 in
        draft_parser) find "$shared/realworld" "$shared/bench" -name '*.md' ;;
        bibtex) find "$shared" -name '*.bib' ;;
        csl) find "$shared" \( -name '*.yaml' -o -name '*.yml' \) ;;
        corpus_text) find "$shared/corpus" "$shared/realworld/corpus2" -name '*.txt' ;;
    esac 2>/dev/null | head -n 200 || true
}

mkdir -p "$fuzz/target/logs"
failed=()
for t in "${targets[@]}"; do
    corpus=$fuzz/corpus/$t
    artifacts=$fuzz/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    for f in $(seed_files "$t") "$fuzz"/seeds/"$t"/* "$fuzz"/regressions/"$t"/*; do
        [ -f "$f" ] || continue
        cp -n "$f" "$corpus/seed-$(basename "$f")" 2>/dev/null || true
    done
    dirs=("$corpus")
    links=$fuzz/target/shared-seeds/$t
    rm -rf "$links"
    mkdir -p "$links"
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$links/$(printf '%s' "$f" | cksum | cut -d' ' -f1)-$(basename "$f")"
    done < <(shared_files "$t")
    if [ -n "$(ls -A "$links")" ]; then dirs+=("$links"); fi

    # Replay the saved regressions first: a fixed bug must stay fixed.
    if compgen -G "$fuzz/regressions/$t/*" >/dev/null; then
        echo "== $t: replaying fuzz/regressions/$t"
        if ! cargo fuzz run --fuzz-dir fuzz -s "$sanitizer" "$t" "$fuzz"/regressions/"$t"/* \
            -- -runs=1 -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$artifacts/" > "$fuzz/target/logs/$t-regressions.log" 2>&1; then
            tail -n 40 "$fuzz/target/logs/$t-regressions.log"
            echo "!! $t: a saved regression input fails again (log: fuzz/target/logs/$t-regressions.log)"
            failed+=("$t (regression)")
        fi
    fi

    dict=()
    [ -f "$fuzz/dicts/$t.dict" ] && dict=(-dict="$fuzz/dicts/$t.dict")
    log=$fuzz/target/logs/$t.log
    echo "== $t: ${secs}s, corpus ${dirs[*]#$root/}"
    set +e
    cargo fuzz run --fuzz-dir fuzz -s "$sanitizer" "$t" "${dirs[@]}" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" 2>&1 | tee "$log" \
        | { grep --line-buffered -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==|stat::|SUMMARY|Done)|panicked|Test unit written|timeout|out-of-memory' || true; }
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ]; then
        echo "!! $t crashed, hung or ran out of memory (exit $rc); log: ${log#$root/}"
        grep -E -A1 'panicked at' "$log" | head -n 4 | sed 's/^/!!   /' || true
        grep -E 'ERROR: libFuzzer|Test unit written to' "$log" | sed 's/^/!!   /' || true
        failed+=("$t")
    fi
done

echo
echo "== sanitizer: $sanitizer; ${secs}s per target"
for t in "${targets[@]}"; do
    log=$fuzz/target/logs/$t.log
    statv() { grep -Eo "stat::$1: +[0-9]+" "$log" 2>/dev/null | grep -Eo '[0-9]+$' || echo '?'; }
    runs=$(statv number_of_executed_units)
    rate=$(statv average_exec_per_sec)
    slowest=$(statv slowest_unit_time_sec)
    rss=$(statv peak_rss_mb)
    cov=$(grep -Eo '^#[0-9]+[[:space:]]+DONE[[:space:]]+cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" 2>/dev/null \
        | tail -n 1 | sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//' || true)
    echo "   $t: $runs executions ($rate/s), slowest input ${slowest}s, peak RSS ${rss} MB; $cov"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "!! failing: ${failed[*]} (inputs under fuzz/artifacts/<target>/)"
    exit 1
fi
echo "== no crashes"
