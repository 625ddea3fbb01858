#!/usr/bin/env bash
# The skipped-test log of a run: one line per test that ran nothing,
# `TEST<TAB>WHY`, written by the Rust tests (tests/common: `common::skip`),
# the VS Code tests (editors/vscode/test/skip-reporter.mjs) and the test
# scripts themselves. Lines starting with `#` are comments.
#
#   scripts/skipped.sh add LOG TEST WHY   record a skip (and print a note)
#   scripts/skipped.sh summary LOG        print "N tests skipped:" and the list
set -euo pipefail

case "${1:-}" in
  add)
    [ $# = 4 ] || { echo "usage: $0 add LOG TEST WHY" >&2; exit 2; }
    echo "note: skipping $3: $4" >&2
    one_line() { printf '%s' "$1" | tr '\t\n' '  '; }
    printf '%s\t%s\n' "$(one_line "$3")" "$(one_line "$4")" >>"$2"
    ;;
  summary)
    [ $# = 2 ] || { echo "usage: $0 summary LOG" >&2; exit 2; }
    lines=()
    if [ -f "$2" ]; then
      while IFS=$'\t' read -r test why; do
        case "$test" in ''|'#'*) continue ;; esac
        lines+=("  $test: ${why:-no reason given}")
      done <"$2"
    fi
    case ${#lines[@]} in
      0) echo "No tests skipped." ;;
      1) echo "1 test skipped:" ;;
      *) echo "${#lines[@]} tests skipped:" ;;
    esac
    if [ ${#lines[@]} -gt 0 ]; then printf '%s\n' "${lines[@]}"; fi
    ;;
  *)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
