#!/usr/bin/env bash
# Build times for BENCHMARKS.md, of this tree or of another checkout:
#
#   scripts/build-times.sh [DIR]    (DIR: a checkout, default this one)
#
# In a fresh target folder (under target/build-times/, removed afterwards):
#   1. `cargo build --release` from clean (the README's first command),
#   2. `cargo test --no-run` from clean (what the README's test command builds),
#   3. edit and retest: one engine file touched (claims/matching.rs gains a
#      comment, which is then removed), `cargo test --no-run` again: the
#      rebuild a developer waits for after changing one engine file.
# Prints one Markdown table row (wall seconds). KEEP=1 keeps the target
# folder (its release binary can then be measured with bench-lsp.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$here}" && pwd)
tgt=$here/target/build-times/$(basename "$dir")
rm -rf "$tgt"
mkdir -p "$tgt"
export CARGO_TARGET_DIR=$tgt
cd "$dir"
engine_file=crates/gloss-engine/src/claims/matching.rs
[ -f "$engine_file" ] || engine_file=src/claims/matching.rs
rev=$(git -C "$dir" rev-parse --short HEAD)
secs() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N); awk -v n=$(( (t1 - t0) / 1000000 )) 'BEGIN {printf "%.1f", n / 1000}'; }
r1=$(secs cargo build --release --quiet)
r2=$(secs cargo test --no-run --quiet)
cp "$engine_file" "$tgt/saved.rs"
printf '\n// build-times.sh: an edit\n' >> "$engine_file"
r3=$(secs cargo test --no-run --quiet)
cp "$tgt/saved.rs" "$engine_file"
echo "| $rev | $r1 | $r2 | $r3 |"
[ "${KEEP:-}" = 1 ] || rm -rf "$tgt"
