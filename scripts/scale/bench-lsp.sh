#!/usr/bin/env bash
# Language-server latency at scale (issue 7), release build, with the
# harness in ../shared/bench/lsp and scripts/lsp_change_latency.py:
#
#   1. completion and hover on the harness's 300-sentence draft and its
#      10,005-entry bibliography, with the 1,000-paper synthetic corpus
#      configured (claims checked against it);
#   2. the same with a 70,000-entry bibliography (make_data.py --entries 70000);
#   3. one paragraph re-checked: didChange -> publishDiagnostics on the
#      1,000-paper corpus's review draft (each claim cites a corpus paper).
#
# Each server starts with a warm persisted index (written by `gloss index`
# first, in target/scale/cache). Results: target/scale/lsp/*.json; a
# summary table on stdout.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
shared=${SHARED:-../shared}
[ -d "$shared/bench/lsp" ] || { echo "bench-lsp.sh: $shared/bench/lsp not found" >&2; exit 1; }
c1000=target/scale/c1000
[ -f "$c1000/drafts/review.md" ] || { echo "bench-lsp.sh: run scripts/scale/measure.sh first (it writes $c1000)" >&2; exit 1; }
cargo build --release --quiet
bin=$("$root/scripts/target-dir.sh")/release/gloss
out=$root/target/scale/lsp
mkdir -p "$out"
export GLOSS_CACHE_DIR=$root/target/scale/cache
runs=${RUNS:-3}
n=${N:-100}

[ -f "$out/data10k/md/refs.bib" ] || python3 "$shared/bench/lsp/make_data.py" "$out/data10k" >/dev/null
[ -f "$out/data70k/md/refs.bib" ] || python3 "$shared/bench/lsp/make_data.py" "$out/data70k" --entries 70000 >/dev/null
corpus=$(cd "$c1000/corpus" && pwd)

# Warm the cache for each library the servers will load.
"$bin" check --corpus "$corpus" --bib "$out/data10k/md/refs.bib" --format json "$out/data10k/md/draft.md" > /dev/null || true
"$bin" check --corpus "$corpus" --format json "$c1000/drafts/review.md" > /dev/null || true

common=(--doc draft.md --language markdown --trigger ' [@smi' --close ']' --prefix smi
        --runs "$runs" --n "$n" --diag-timeout 120)
python3 "$shared/bench/lsp/lsp_latency.py" --name gloss-1000-papers --cmd "$bin lsp" \
  --workspace "$out/data10k/md" "${common[@]}" \
  --init-options "{\"corpus\": \"$corpus\"}" --out "$out/c1000-10k.json"
python3 "$shared/bench/lsp/lsp_latency.py" --name gloss-70k-entries --cmd "$bin lsp" \
  --workspace "$out/data70k/md" "${common[@]}" --out "$out/bib70k.json"
python3 scripts/lsp_change_latency.py --bin "$bin" --workspace "$root/$c1000" --doc drafts/review.md \
  --corpus "$corpus" --n "${CHANGES:-40}" --out "$out/change-c1000.json"

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
def load(name):
    with open(os.path.join(out, name)) as f:
        return json.load(f)
print("| measure (medians of runs) | 1,000 papers + 10,005 entries | 70,000 entries |")
print("|---|---:|---:|")
a, b = load("c1000-10k.json")["medians"], load("bib70k.json")["medians"]
for key, label in [("open_to_first_diagnostics_ms", "open → first diagnostics, ms"),
                   ("completion_first_ms", "first completion, ms"),
                   ("completion_p50_ms", "completion p50, ms"),
                   ("completion_p95_ms", "completion p95, ms"),
                   ("hover_p50_ms", "hover p50, ms"),
                   ("hover_p95_ms", "hover p95, ms"),
                   ("typing_p95_ms", "completion while typing p95, ms"),
                   ("peak_rss_mib", "peak RSS, MiB")]:
    print(f"| {label} | {a.get(key, float('nan')):.1f} | {b.get(key, float('nan')):.1f} |")
ch = load("change-c1000.json")
print()
print(f"One paragraph re-checked at 1,000 papers (didChange → diagnostics minus the {ch['debounce_ms']} ms debounce, "
      f"{ch['n']} edits): p50 {ch['minus_debounce_ms']['p50']:.1f} ms, p95 {ch['minus_debounce_ms']['p95']:.1f} ms")
PY
