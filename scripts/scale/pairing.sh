#!/usr/bin/env bash
# Pairing at scale (issue 16): how long gloss takes to pair 1,000 texts with
# a bibliography, cold (nothing remembered) and warm (from the persisted
# index), by content and by `file` field, and a 300-sentence check against
# a 10,005-entry bibliography with the five-paper shared corpus.
#
#   scripts/scale/pairing.sh [--runs N]
#
# Needs a release build (target/release/gloss) and the corpora of
# make_corpus.py (generated under target/scale/c1000 when missing: --zotero,
# --bib-entries 10000, --bbt-entries 10000 and 70000) and the harness's
# draft (../shared/bench/lsp/make_data.py, under target/scale/lsp), and a
# Zotero data folder of the 70,000 entries (examples/zotero_scale.rs). Phase
# times come from GLOSS_TIMINGS=1; the best of N runs (default 3) is given.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
runs=3
[ "${1:-}" = "--runs" ] && runs=$2
gloss="$("$root/scripts/target-dir.sh")/release/gloss"
[ -x "$gloss" ] || { echo "pairing.sh: build first: cargo build --release" >&2; exit 2; }
out=target/scale/c1000
if [ ! -f "$out/bbt-70000.bib" ] || [ ! -f "$out/big-10000.bib" ]; then
  python3 "$here/make_corpus.py" --papers 1000 --out "$out" --bib-entries 10000 \
    --zotero --bbt-entries 10000 --bbt-entries 70000
fi
if [ ! -f target/scale/lsp/md/draft.md ]; then
  python3 "$root/../shared/bench/lsp/make_data.py" target/scale/lsp > /dev/null
fi
cache=target/scale/pairing-cache
claims_off=()
for c in misattributed-claim unsupported-claim figure-mismatch quote-not-found \
         secondary-citation uncited-source unchecked-claim; do
  claims_off+=(--severity "$c=off")
done

# phase NAME CMD...: the best time of the phase NAME (ms) over $runs runs,
# each after $prep.
best() { sort -n | head -1; }
phase() {
  local name=$1; shift
  for ((i = 0; i < runs; i++)); do
    $prep
    GLOSS_CACHE_DIR=$cache GLOSS_TIMINGS=1 "$@" 2>&1 >/dev/null |
      awk -v n="gloss: $name" 'index($0, n" ") == 1 { print $(NF-1) }'
  done | best
}
wall() {
  for ((i = 0; i < runs; i++)); do
    $prep
    local t0 t1
    t0=$(date +%s%N)
    GLOSS_CACHE_DIR=$cache "$@" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
  done | best
}
cold() { rm -rf "$cache"; }
warm() { :; }
# Loading a library: a draft with no citations, every claim code off.
mkdir -p "$out/drafts"
printf '# Pairing\n\nA sentence with no citation.\n' > "$out/drafts/plain.md"
load() { "$gloss" check --format json "${claims_off[@]}" "$@" "$out/drafts/plain.md"; }
# The whole index, written to the cache (a check with claims off writes none).
idx() { "$gloss" index --format json "$@"; }

draft=target/scale/lsp/md/draft.md
echo "| what | ms |"
echo "|---|---:|"
prep=cold
echo "| 1,000 texts x 10,005 entries (no file fields: all by content), cold: library: pair | $(phase 'library: pair' load --corpus "$out/zotero" --bib "$out/big-10000.bib") |"
prep=warm
GLOSS_CACHE_DIR=$cache idx --corpus "$out/zotero" --bib "$out/big-10000.bib" > /dev/null 2>&1 || true
echo "| the same, warm (\`gloss index\` from the cache): library: pair | $(phase 'library: pair' idx --corpus "$out/zotero" --bib "$out/big-10000.bib") |"
prep=cold
echo "| 1,000 texts x 10,000 Better BibTeX entries (file fields; a tenth by content), cold: library: pair | $(phase 'library: pair' load --corpus "$out/zotero" --bib "$out/bbt-10000.bib") |"
echo "| 1,000 texts x 70,000 Better BibTeX entries, cold: library: pair | $(phase 'library: pair' load --corpus "$out/zotero" --bib "$out/bbt-70000.bib") |"
prep=warm
GLOSS_CACHE_DIR=$cache idx --corpus "$out/zotero" --bib "$out/bbt-70000.bib" > /dev/null 2>&1 || true
echo "| the same, warm (\`gloss index\` from the cache): library: pair | $(phase 'library: pair' idx --corpus "$out/zotero" --bib "$out/bbt-70000.bib") |"
prep=cold
echo "| gloss check, 300-sentence draft, 10,005 entries + ../shared/corpus, empty cache (wall) | $(wall "$gloss" check --format json --corpus ../shared/corpus "$draft") |"
prep=warm
"$gloss" check --format json --corpus ../shared/corpus "$draft" > /dev/null 2>&1 || true
echo "| the same, warm cache (wall) | $(wall "$gloss" check --format json --corpus ../shared/corpus "$draft") |"

# The same library as a Zotero data folder (built once by the example
# zotero_scale from the 70,000-entry export as gloss pairs it): no export,
# no pairing; Zotero's extracted texts read through the cache.
zdata="$out/zotero-data"
if [ ! -f "$zdata/zotero.sqlite" ]; then
  rm -rf "$zdata"
  cargo run --release --quiet -p gloss-engine --example zotero_scale -- \
    "$zdata" "$out/zotero" "$out/bbt-70000.bib" >&2
fi
prep=cold
echo "| Zotero data folder, 70,000 items, 1,000 extracted texts, cold: zotero: read | $(phase 'zotero: read' load --zotero "$zdata") |"
echo "| the same, loading the library with every claim code off, empty cache (wall) | $(wall load --zotero "$zdata") |"
prep=warm
GLOSS_CACHE_DIR=$cache idx --zotero "$zdata" > /dev/null 2>&1 || true
echo "| the same, warm (\`gloss index\` from the cache, wall) | $(wall idx --zotero "$zdata") |"
