#!/usr/bin/env bash
# Measured speed (release build): load ../shared/corpus and check every dev
# draft's citations. Prints a table for BENCHMARKS.md. Uses hyperfine when
# present (Debian package `hyperfine`), else a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
[ -d "$shared/bench/dev" ] || { echo "bench.sh: $shared/bench/dev not found" >&2; exit 1; }
cargo build --release --quiet
bin=$(scripts/target-dir.sh)/release/gloss
dev=$(cd "$shared/bench/dev" && pwd)
corpus=$(cd "$shared/corpus" && pwd)
cmd_check="$bin check --format json --corpus $corpus $(echo "$dev"/dev-0*.md)"
cmd_index="$bin index --corpus $corpus --format json"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 30 -N -i --export-markdown /dev/stdout "$cmd_index" "$cmd_check" 2>/dev/null
else
  for c in "$cmd_index" "$cmd_check"; do
    start=$(date +%s%N)
    for _ in $(seq 20); do $c >/dev/null || true; done
    end=$(date +%s%N)
    echo "$(( (end - start) / 20000000 )) ms  $c"
  done
fi
