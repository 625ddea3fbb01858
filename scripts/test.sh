#!/usr/bin/env bash
# The test command the README gives: installs what the tests need when it
# can, then runs every test (Rust, grammar, the Neovim plugin through
# tests/nvim.rs, which installs Neovim with pip, and the VS Code extension). Tests that need ../shared, pandoc or the
# tree-sitter CLI skip themselves when those are absent, unless
# GLOSS_REQUIRE_SHARED=1 (as .ci/run sets), which makes their absence a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo's target folder: CARGO_TARGET_DIR, .cargo/config.toml or target/.
target=$(scripts/target-dir.sh)

# Pandoc is the oracle for citation parsing (Debian package `pandoc`).
if ! command -v pandoc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing pandoc (Debian package) for the citation tests" >&2
    (apt-get install -y -qq pandoc >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq pandoc >/dev/null 2>&1; }) \
      || echo "test.sh: could not install pandoc; the Pandoc comparison test will skip" >&2
  else
    echo "test.sh: pandoc not found and not root; the Pandoc comparison test will skip (apt-get install pandoc)" >&2
  fi
fi

# The grammar's own corpus tests, when the tree-sitter CLI is present
# (.ci/run installs it; `cargo install tree-sitter-cli --locked`).
if command -v tree-sitter >/dev/null 2>&1; then
  bash grammar/test.sh
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
  echo "test.sh: tree-sitter CLI missing but required" >&2
  exit 1
else
  echo "test.sh: tree-sitter CLI not found; skipping the grammar corpus tests" >&2
fi

cargo test --lib --bins --tests "$@"

# The VS Code extension: type-check, bundle, unit tests, and the .vsix.
# Needs Node.js and npm (the npm registry for its packages); its tests that
# talk to the server use the binary cargo just built.
if command -v npm >/dev/null 2>&1; then
  GLOSS_BIN="$target/debug/gloss" bash editors/vscode/test.sh
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
  echo "test.sh: npm missing but required for the VS Code extension tests" >&2
  exit 1
else
  echo "test.sh: npm not found; skipping the VS Code extension tests" >&2
fi
