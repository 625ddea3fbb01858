#!/usr/bin/env bash
# Builds and tests the VS Code extension: install, type-check, bundle, unit
# tests, .vsix. Exits non-zero on the first failure. Run from anywhere.
#   GLOSS_BIN       the gloss binary the server tests run (default: release,
#                   else debug, in cargo's target folder, scripts/target-dir.sh)
#   GLOSS_SKIP_LOG  where skipped tests are recorded (scripts/test.sh sets
#                   it and lists them); without it this script lists them.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)

step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

if [ -z "${GLOSS_BIN:-}" ]; then
  target=$("$repo/scripts/target-dir.sh")
  for b in "$target/release/gloss" "$target/debug/gloss"; do
    if [ -x "$b" ]; then export GLOSS_BIN=$b; break; fi
  done
fi
if [ -z "${GLOSS_SKIP_LOG:-}" ]; then
  GLOSS_SKIP_LOG=$(mktemp)
  export GLOSS_SKIP_LOG
  finish() {
    local status=$?
    echo
    "$repo/scripts/skipped.sh" summary "$GLOSS_SKIP_LOG"
    rm -f "$GLOSS_SKIP_LOG"
    exit "$status"
  }
  trap finish EXIT
fi

step "install dependencies"
if [ -f package-lock.json ]; then
  npm ci --no-fund --no-audit --loglevel=error
else
  npm install --no-fund --no-audit --loglevel=error
fi

step "type-check (tsc --noEmit)"
npx --no-install tsc --noEmit

step "bundle (esbuild -> dist/extension.js)"
npm run --silent bundle

step "unit tests (node --test)"
rm -rf out
npx --no-install esbuild test/*.test.ts --bundle --outdir=out --platform=node --format=cjs \
  --target=node20 --external:vscode-oniguruma --external:vscode-jsonrpc --log-level=warning
# The spec reporter for people, and one that records skipped tests in
# $GLOSS_SKIP_LOG for the list at the end of the run.
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./test/skip-reporter.mjs --test-reporter-destination=stdout out/*.test.js

step "package (vsce -> gloss.vsix)"
rm -f gloss.vsix
npx --no-install vsce package --no-dependencies --allow-missing-repository -o gloss.vsix

step "check the .vsix"
need="extension/dist/extension.js extension/package.json extension/syntaxes/gloss-citations.injection.json"
if command -v python3 >/dev/null; then
python3 - $need <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile("gloss.vsix").namelist())
need = sys.argv[1:]
missing = [n for n in need if n not in names]
leaked = sorted(n for n in names if n.startswith(("extension/node_modules/", "extension/src/", "extension/test/")))
for n in need:
    print(("ok      " if n in names else "MISSING ") + n)
if leaked:
    print("should not be packaged:", *leaked[:10], sep="\n  ")
sys.exit(1 if missing or leaked else 0)
PY
else
  listing=$(unzip -l gloss.vsix)
  for n in $need; do
    grep -q " $n\$" <<<"$listing" || { echo "MISSING $n"; exit 1; }
    echo "ok      $n"
  done
fi

echo
echo "all passed in $(( $(date +%s) - start ))s: $(pwd)/gloss.vsix"
