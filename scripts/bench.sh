#!/usr/bin/env bash
# `just bench`: prints the figures of the performance budgets; asserts nothing.
#  - GET /api/v1/me with a bearer token under load (wrk, 32 connections), next to `pgbench -S`
#    (the database's own ceiling for a one-row read) on the same machine;
#  - server start until ready, with migrations already applied.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/services.sh start)"
export DATABASE_URL REDIS_URL
DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-32}

command -v wrk >/dev/null 2>&1 || {
  echo "installing wrk" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)

cargo build --release --locked --bin biznespilot
bin=target/release/biznespilot
scripts/frontend.sh
(cd e2e && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error)

db="bp_bench"
admin="${DATABASE_URL%/*}"
psql "$DATABASE_URL" -qc "drop database if exists $db with (force)" -qc "create database $db" >/dev/null
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
server_env=(DATABASE_URL="$admin/$db" BIZNESPILOT_ADDR="127.0.0.1:$port" BIZNESPILOT_DATA_DIR="$work" BIZNESPILOT_STATIC_DIR="$PWD/frontend/dist"
  BIZNESPILOT_RATE_LIMIT_PER_MINUTE=100000000 BIZNESPILOT_AUTH_RATE_LIMIT_PER_MINUTE=100000000 RUST_LOG=warn)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

env "${server_env[@]}" "$bin" migrate
login=$(env "${server_env[@]}" "$bin" seed-demo | sed -n 's/^demo login: //p')
email=${login% *}; password=${login#* }

start_server() {
  local redis=$1
  local t0; t0=$(date +%s%N)
  env "${server_env[@]}" REDIS_URL="$redis" BIZNESPILOT_SESSION_CACHE_SECONDS="${BIZNESPILOT_SESSION_CACHE_SECONDS:-2}" \
    "$bin" serve --no-worker >"$work/server.log" 2>&1 &
  server=$!
  until curl -fsS "$base/health/ready" >/dev/null 2>&1; do sleep 0.005; done
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

echo "== server start until /health/ready answers (release build, migrations applied)"
for run in 1 2 3 4 5; do
  start_server ""
  echo "  run $run: ${ready_ms} ms"
  stop_server
done

token_for() {
  curl -fsS "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# The session cache (2 s by default) serves a session's burst of requests from memory; with
# 0 every request reads its session and user from Postgres.
for variant in "memory 2" "redis 2" "memory 0"; do
  limiter=${variant% *}; cache=${variant#* }
  redis=""; [ "$limiter" = redis ] && redis="$REDIS_URL"
  BIZNESPILOT_SESSION_CACHE_SECONDS=$cache start_server "$redis"
  token=$(token_for)
  curl -fsS "$base/api/v1/me" -H "authorization: Bearer $token" >/dev/null
  echo
  echo "== GET /api/v1/me, bearer token, rate limiter in $limiter, session cache ${cache}s: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$base/api/v1/me" \
    | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
  stop_server
done

# The strategy modules: a page of 20 offers, each with its value equation, stack totals and
# pricing worked out; the 9-square canvas with its scores.
start_server ""
token=$(token_for)
business=$(curl -fsS "$base/api/v1/businesses" -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"name":"Bench Non","industry":"horeca"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
offer='{"name":"Tandir non","price":30000000,"core_value":200000000,"value_scores":{"dream_outcome":8,"perceived_likelihood":7,"time_delay":4,"effort_sacrifice":3},"bonuses":[{"name":"Yetkazib berish","value":60000000},{"name":"Shirinlik","value":40000000}],"guarantee":{"kind":"unconditional","text":"30 kun"},"hvco":{"kind":"quiz","planned_traffic":1000},"pricing_plan":{"cost":12000000,"target_margin_percent":40,"installment_months":[3,6]}}'
for _ in $(seq 20); do
  curl -fsS "$base/api/v1/businesses/$business/offers" -H 'content-type: application/json' -H "authorization: Bearer $token" -d "$offer" >/dev/null
done
curl -fsS -X PATCH "$base/api/v1/businesses/$business/canvas" -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"target_market":{"text":"Chilonzordagi yosh oilalar","complete":true},"media":{"text":"Instagram, Telegram"}}' >/dev/null
for path in "offers?limit=20" "canvas"; do
  echo
  echo "== GET /api/v1/businesses/{id}/$path: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$base/api/v1/businesses/$business/$path" \
    | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
done
stop_server

echo
echo "== the SPA"
wasm=$(ls frontend/dist/*.wasm)
echo "  $(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip"
start_server ""
node e2e/bench-spa.mjs "$base" 5
stop_server

echo
echo "== pgbench -S (one-row primary-key reads), $CONNECTIONS clients, ${DURATION}s, same machine"
psql "$DATABASE_URL" -qc "drop database if exists bp_pgbench" -qc "create database bp_pgbench" >/dev/null
"$pg_bin/pgbench" -q -i -s 10 "$admin/bp_pgbench" >/dev/null 2>&1
"$pg_bin/pgbench" -S -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" "$admin/bp_pgbench" 2>/dev/null \
  | grep -E "tps|latency average"
psql "$DATABASE_URL" -qc "drop database if exists bp_pgbench" >/dev/null
