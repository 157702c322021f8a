#!/usr/bin/env bash
# Builds the SPA into frontend/dist with trunk, offline, with the pinned tools; installs them
# when they are missing:
#   trunk 0.21 (cargo), wasm-bindgen-cli equal to Cargo.lock (cargo), wasm-opt 132 (npm binaryen).
#
#   scripts/frontend.sh          install what is missing, then build (release, size-optimised)
#   scripts/frontend.sh tools    install what is missing only
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "frontend: $*" >&2; }

TRUNK_VERSION=0.21.14
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/frontend/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --locked "trunk@$TRUNK_VERSION" >&2
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lock file pins a crate version the registry no longer serves.
  cargo install --force wasm-bindgen-cli --version "$BINDGEN_VERSION" >&2
fi
if [ ! -x frontend/node_modules/.bin/wasm-opt ]; then
  log "installing binaryen (wasm-opt) from npm"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
[ "${1:-build}" = tools ] && exit 0

log "building the SPA"
(cd frontend && trunk build --release --offline >&2)
wasm=$(ls frontend/dist/*.wasm)
log "$(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip"
