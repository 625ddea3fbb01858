#!/usr/bin/env bash
# Install what tests/pdf.rs typesets its test PDFs with, and print the Python
# that has it: the Typst compiler's Python binding (the PyPI package `typst`,
# pinned; a wheel with the compiler and its fonts inside, no system fonts or
# TeX needed), in a venv under the build folder, once per build folder.
# LibreOffice (the word-processor export) is a Debian package: scripts/test.sh
# installs it. Exit 1 when pip or PyPI is not available.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(scripts/target-dir.sh)
version=0.15.2
venv="$target/pdf-venv"
py="$venv/bin/python"
if ! "$py" -c "import importlib.metadata as m, sys; sys.exit(m.version('typst') != '$version')" 2>/dev/null; then
  echo "pdf-tools.sh: installing typst $version (PyPI) into $venv, once per build folder" >&2
  python3 -m venv "$venv" >&2 || { echo "pdf-tools.sh: python3 -m venv failed" >&2; exit 1; }
  "$py" -m pip install -q --only-binary=:all: "typst==$version" >&2 || {
    echo "pdf-tools.sh: pip could not install typst $version" >&2
    exit 1
  }
fi
echo "$py"
