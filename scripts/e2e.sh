#!/usr/bin/env bash
# End-to-end tests of the built `biznespilot` binary, each on a fresh database:
#  - black-box API tests (no SMTP: e-mailed links are read from the server log, as a developer
#    would), against a server started here;
#  - browser tests of the SPA (frontend/dist) in Debian's Chromium with playwright-core, which
#    start their own server with a local SMTP sink.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run through just test (it starts Postgres)}"
cargo build -q --locked --bin biznespilot
[ -f frontend/dist/index.html ] || { echo "e2e: build the SPA first (scripts/frontend.sh)" >&2; exit 1; }
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/smtp-server ]; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

api_db="bp_e2e_api_$$"
browser_db="bp_e2e_browser_$$"
for db in "$api_db" "$browser_db"; do psql "$DATABASE_URL" -qc "create database $db" >/dev/null; done
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  for db in "$api_db" "$browser_db"; do
    psql "$DATABASE_URL" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

export E2E_BASE_URL="http://127.0.0.1:$port"
export E2E_SERVER_LOG="$work/server.log"
started=$(date +%s%N)
env DATABASE_URL="${DATABASE_URL%/*}/$api_db" REDIS_URL="${REDIS_URL:-}" SMTP_URL= BIZNESPILOT_ADDR="127.0.0.1:$port" \
  BIZNESPILOT_DATA_DIR="$work" BIZNESPILOT_ENV=dev BIZNESPILOT_STATIC_DIR="$PWD/frontend/dist" RUST_LOG=info \
  target/debug/biznespilot serve >"$E2E_SERVER_LOG" 2>&1 &
server=$!
for _ in $(seq 300); do
  if curl -fsS "$E2E_BASE_URL/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$E2E_SERVER_LOG"; exit 1; }
  sleep 0.05
done
echo "server ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (debug build, first start with migrations)"

export E2E_BROWSER_DATABASE_URL="${DATABASE_URL%/*}/$browser_db"
export E2E_BIN="$PWD/target/debug/biznespilot"
export E2E_STATIC_DIR="$PWD/frontend/dist"
export E2E_ARTIFACTS="$PWD/e2e/artifacts"
node --test --test-concurrency=1 e2e/
