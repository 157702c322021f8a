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

# Build tools need not be as fast as a release: no LTO and more parallel codegen install them
# in a fraction of the time on two cores.
install_tool() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install "$@" >&2
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (a few minutes, once)"
  install_tool --locked "trunk@$TRUNK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lock file pins a crate version the registry no longer serves.
  install_tool --force wasm-bindgen-cli --version "$BINDGEN_VERSION"
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
