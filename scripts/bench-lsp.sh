#!/usr/bin/env bash
# Language-server latency and memory (release build), with the harness in
# ../shared/bench/lsp that measured texlab and panache on the same data:
# a 300-sentence Pandoc draft citing a 10,005-entry bibliography, first
# alone, then with ../shared/corpus configured (claims checked too).
# Also times didChange -> publishDiagnostics (scripts/lsp_change_latency.py).
# Results go to target/bench-lsp/*.json (OUT= overrides); the numbers are in
# BENCHMARKS.md. GLOSS_BIN= measures another build (say, an older commit's)
# instead of building this tree's.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
[ -d "$shared/bench/lsp" ] || { echo "bench-lsp.sh: $shared/bench/lsp not found" >&2; exit 1; }
if [ -n "${GLOSS_BIN:-}" ]; then
  bin=$GLOSS_BIN
else
  cargo build --release --quiet
  bin=$(scripts/target-dir.sh)/release/gloss
fi
out=${OUT:-$PWD/target/bench-lsp}
mkdir -p "$out"
[ -f "$out/data/md/refs.bib" ] || python3 "$shared/bench/lsp/make_data.py" "$out/data" >/dev/null
corpus=$(cd "$shared/corpus" && pwd)
runs=${RUNS:-3}
n=${N:-100}
common=(--cmd "$bin lsp" --workspace "$out/data/md" --doc draft.md --language markdown
        --trigger ' [@smi' --close ']' --prefix smi --runs "$runs" --n "$n")
python3 "$shared/bench/lsp/lsp_latency.py" --name gloss "${common[@]}" --out "$out/gloss.json"
python3 "$shared/bench/lsp/lsp_latency.py" --name gloss-corpus "${common[@]}" \
  --init-options "{\"corpus\": \"$corpus\"}" --out "$out/gloss-corpus.json"
python3 scripts/lsp_change_latency.py --bin "$bin" --workspace "$out/data/md" --doc draft.md \
  --out "$out/change.json"
python3 scripts/lsp_change_latency.py --bin "$bin" --workspace "$out/data/md" --doc draft.md \
  --corpus "$corpus" --out "$out/change-corpus.json"
