#!/usr/bin/env bash
# Runs the grammar's corpus tests. With --generate, regenerates the parser
# from grammar.js first (needs Node.js). Needs the tree-sitter CLI.
set -euo pipefail
cd "$(dirname "$0")"
TS="${TREE_SITTER:-tree-sitter}"
if ! command -v "$TS" >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/tree-sitter" ]; then TS="$HOME/.cargo/bin/tree-sitter"; else
    echo "tree-sitter CLI not found; skipping grammar tests" >&2; exit 0; fi
fi
if [ "${1:-}" = "--generate" ]; then
  "$TS" generate
fi
"$TS" test
