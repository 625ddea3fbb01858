#!/bin/sh
# Prints cargo's target folder for this repository, absolute: where
# `cargo build` puts target/debug/gloss. That is CARGO_TARGET_DIR, or
# build.target-dir in a .cargo/config.toml, or <repo>/target; cargo itself
# says which (`cargo metadata`). A relative CARGO_TARGET_DIR is taken from
# the top of the repository, where the scripts run cargo.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if command -v cargo >/dev/null 2>&1; then
    dir=$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p' | sed 's/\\\\/\\/g') || dir=
    if [ -n "$dir" ]; then
        printf '%s\n' "$dir"
        exit 0
    fi
fi
case "${CARGO_TARGET_DIR:-}" in
    "") printf '%s\n' "$repo/target" ;;
    /*) printf '%s\n' "$CARGO_TARGET_DIR" ;;
    *) printf '%s\n' "$repo/$CARGO_TARGET_DIR" ;;
esac
