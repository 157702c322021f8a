#!/usr/bin/env bash
# `just dev`: the API on :8080 (rebuilt on each start) and the SPA on :8081 through trunk,
# which rebuilds and reloads the page on every change and proxies /api/ to the API.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/services.sh start)"
export DATABASE_URL REDIS_URL
scripts/frontend.sh tools
cargo build --locked --bin biznespilot
target/debug/biznespilot migrate
target/debug/biznespilot seed-demo
target/debug/biznespilot serve &
api=$!
trap 'kill $api 2>/dev/null' EXIT
export PATH="$HOME/.cargo/bin:$PWD/frontend/node_modules/.bin:$PATH"
echo "The SPA with live reload: http://127.0.0.1:8081 (API on http://127.0.0.1:8080)" >&2
cd frontend && trunk serve --offline
