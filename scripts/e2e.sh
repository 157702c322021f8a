#!/usr/bin/env bash
# Black-box tests: the built `biznespilot` binary as a user runs it (no SMTP, so e-mailed links
# are read from its log), on a fresh database, driven over HTTP by node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run through just test (it starts Postgres)}"
cargo build -q --locked --bin biznespilot

db="bp_e2e_$$"
psql "$DATABASE_URL" -qc "create database $db" >/dev/null
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  psql "$DATABASE_URL" -qc "drop database if exists $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export E2E_BASE_URL="http://127.0.0.1:$port"
export E2E_SERVER_LOG="$work/server.log"
started=$(date +%s%N)
env DATABASE_URL="${DATABASE_URL%/*}/$db" REDIS_URL="${REDIS_URL:-}" BIZNESPILOT_ADDR="127.0.0.1:$port" \
  BIZNESPILOT_DATA_DIR="$work" BIZNESPILOT_ENV=dev RUST_LOG=info NO_COLOR=1 \
  target/debug/biznespilot serve >"$E2E_SERVER_LOG" 2>&1 &
server=$!
for _ in $(seq 300); do
  if curl -fsS "$E2E_BASE_URL/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$E2E_SERVER_LOG"; exit 1; }
  sleep 0.05
done
echo "server ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (debug build, first start with migrations)"
node --test e2e/
