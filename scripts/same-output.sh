#!/usr/bin/env bash
# Byte-identical output across a refactoring: records what `gloss check
# --format json` (and `gloss citations --format json`) print on the dev
# drafts of both labelled sets, the repository's example, every paper of
# ../shared/realworld/joss and a 100-paper synthetic scale corpus, then
# compares a later build against that record.
#
#   scripts/same-output.sh record DIR    # with the build of the baseline
#   scripts/same-output.sh compare DIR   # with the build under test: exit 1 on any difference
#
# Builds the release binary first. The persisted index is off (GLOSS_NO_CACHE)
# so both runs compute everything. Needs ../shared (SHARED= overrides) and
# python3 for the scale corpus (written under target/scale/, never in git).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}; dir=${2:-}
case "$mode" in record|compare) ;; *) sed -n '2,13p' "$0"; exit 2 ;; esac
[ -n "$dir" ] || { echo "same-output.sh: give the record's folder" >&2; exit 2; }
shared=${SHARED:-../shared}
[ -d "$shared/bench/dev" ] || { echo "same-output.sh: $shared/bench/dev not found" >&2; exit 2; }

cargo build --release --quiet
gloss="$(scripts/target-dir.sh)/release/gloss"
export GLOSS_NO_CACHE=1

scale=target/scale/c100
if [ ! -f "$scale/manifest.tsv" ]; then
  python3 scripts/scale/make_corpus.py --papers 100 --out "$scale" --source "$shared/corpus" --seed 1 >&2
fi
[ -f "$scale/drafts/review.md" ] || { mkdir -p "$scale/drafts"; python3 scripts/scale/write_draft.py "$scale"; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# run NAME ARGS...: stdout, stderr and exit status of one gloss command.
run() {
  local name=$1; shift
  set +e
  "$gloss" "$@" > "$out/$name.out" 2> "$out/$name.err"
  echo "$?" > "$out/$name.status"
  set -e
}
run dev check --format json --corpus "$shared/corpus" --bib "$shared/corpus/references.bib" "$shared"/bench/dev/dev-*.md
run corpus3-dev check --format json --corpus "$shared/bench/corpus3" --bib "$shared/bench/corpus3/references.bib" "$shared"/bench/corpus3-dev/corpus3-*.md
run example check --format json examples/review.md
run example-citations citations --format json examples/review.md
for p in "$shared"/realworld/joss/*/; do
  n=$(basename "$p")
  run "joss-$n" check --format json "$p/paper.md"
  run "joss-$n-citations" citations --format json "$p/paper.md"
done
run scale check --format json --corpus "$scale/corpus" "$scale/drafts/review.md"

if [ "$mode" = record ]; then
  rm -rf "$dir"; mkdir -p "$dir"; cp "$out"/* "$dir"/
  echo "same-output.sh: recorded $(ls "$dir" | wc -l) files in $dir"
else
  if diff -r "$dir" "$out" > "$out.diff"; then
    echo "same-output.sh: identical ($(ls "$dir" | wc -l) files)"; rm -f "$out.diff"
  else
    head -100 "$out.diff"; rm -f "$out.diff"
    echo "same-output.sh: outputs differ from the record in $dir" >&2; exit 1
  fi
fi
