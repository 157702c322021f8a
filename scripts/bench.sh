#!/usr/bin/env bash
# `just bench`: prints the figures of the performance budgets; asserts nothing.
#  - GET /api/v1/me with a bearer token under load (wrk, 32 connections), next to `pgbench -S`
#    (the database's own ceiling for a one-row read) on the same machine;
#  - server start until ready, with migrations already applied;
#  - the offers list and canvas; an import of 1 000 000 orders against `psql \copy`, the
#    dashboard and the order list over them, and EXPLAIN of the heaviest reads;
#  - one hourly sync round of 10 000 channels by a `biznespilot worker` against fake providers
#    (crates/api/examples/bench_channels.rs), and the same round run again.
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

cargo build --release --locked --bin biznespilot --example bench_channels
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

# Sales at scale: a year of 1 000 000 orders from 100 000 customers, imported through the API
# next to `psql \copy` of the same file into a plain table; then the dashboard over them.
ROWS=${BENCH_ORDERS:-1000000}
python3 - "$ROWS" >"$work/orders.csv" <<'PY'
import sys, random
rows = int(sys.argv[1]); random.seed(7)
channels = ["instagram", "telegram", "offline", "website", "referral", "google_ads"]
out = sys.stdout
out.write("external_id,customer_external_id,customer_name,customer_phone,customer_email,ordered_at,amount,currency,status,channel\n")
for n in range(rows):
    c = random.randrange(100_000)
    day = 1 + n * 365 // rows
    month, mday = divmod(day - 1, 31)
    status = "cancelled" if n % 23 == 0 else "completed"
    out.write(f"O-{n},C-{c},Mijoz {c},+99890{c:07d},,2026-{1 + month % 12:02d}-{1 + mday % 28:02d}T{8 + n % 12:02d}:15:00+05:00,{random.randrange(20_000, 900_000)},UZS,{status},{channels[c % 6]}\n")
PY
echo
echo "== import of $ROWS order rows ($(du -h "$work/orders.csv" | cut -f1)) from 100 000 customers"
psql "$admin/$db" -qc "create table copy_baseline (external_id text, customer_external_id text, customer_name text,
  customer_phone text, customer_email text, ordered_at timestamptz, amount numeric, currency text, status text, channel text)"
t0=$(date +%s%N)
psql "$admin/$db" -qc "\copy copy_baseline from '$work/orders.csv' with (format csv, header)"
copy_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
psql "$admin/$db" -qc "drop table copy_baseline"
t0=$(date +%s%N)
curl -fsS -X POST --data-binary @"$work/orders.csv" -H 'content-type: text/csv' -H "authorization: Bearer $token" \
  "$base/api/v1/businesses/$business/imports/orders" >"$work/import.json"
import_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
python3 - "$work/import.json" "$ROWS" "$copy_ms" "$import_ms" <<'PY'
import json, sys
report = json.load(open(sys.argv[1])); rows = int(sys.argv[2]); copy_ms, import_ms = int(sys.argv[3]), int(sys.argv[4])
print(f"  psql \\copy into a plain table: {copy_ms} ms, {rows * 1000 // max(copy_ms, 1)} rows/s")
print(f"  POST /imports/orders end to end (checks, customers, orders, aggregates): {import_ms} ms, "
      f"{rows * 1000 // max(import_ms, 1)} rows/s = {copy_ms / max(import_ms, 1):.2f} x psql \\copy")
print(f"  report: status {report['status']}, created {report['created']}, customers created {report['customers_created']}, invalid {report['rows_invalid']}")
PY
echo "  peak server RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MB"}')"
token=$(token_for)
curl -fsS "$base/api/v1/businesses/$business/dashboard?period=last_12_months" -H "authorization: Bearer $token" >/dev/null
echo
echo "== GET /api/v1/businesses/{id}/dashboard?period=last_12_months over $ROWS orders: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" \
  "$base/api/v1/businesses/$business/dashboard?period=last_12_months" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
echo
echo "== GET /api/v1/businesses/{id}/orders?limit=20&status=completed: wrk -t2 -c$CONNECTIONS -d${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" \
  "$base/api/v1/businesses/$business/orders?limit=20&status=completed" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"

echo
echo "== EXPLAIN of the three heaviest reads"
psql "$admin/$db" -v business="'$business'" <<'SQL'
\echo '-- the dashboard period sums (one of its queries)'
explain (analyze, costs off, timing off, summary on)
select coalesce(sum(revenue), 0), coalesce(sum(orders), 0), coalesce(sum(new_customers), 0), coalesce(sum(leads), 0),
  (select coalesce(sum(customers), 0) from sales_monthly_customers where business_id = :business and month between '2025-12-01' and '2026-11-30'),
  (select sum(active_at_start) from monthly_kpis where business_id = :business and month between '2025-12-01' and '2026-11-30')
from sales_daily_stats where business_id = :business and day between '2025-12-01' and '2026-11-30';
\echo '-- revenue by channel'
explain (analyze, costs off, timing off, summary on)
select channel, sum(revenue), sum(orders) from sales_daily_stats
where business_id = :business and day between '2025-12-01' and '2026-11-30' group by channel;
\echo '-- a page of the order list, filtered by status'
explain (analyze, costs off, timing off, summary on)
select id, ordered_at, amount from orders where business_id = :business and status = 'completed'
order by ordered_at desc, id desc limit 21;
SQL
stop_server

echo
echo "== the SPA"
wasm=$(ls frontend/dist/*.wasm)
echo "  $(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) bytes gzip"
start_server ""
node e2e/bench-spa.mjs "$base" 5
stop_server

echo
BIZNESPILOT_BIN="$bin" target/release/examples/bench_channels

echo
echo "== pgbench -S (one-row primary-key reads), $CONNECTIONS clients, ${DURATION}s, same machine"
psql "$DATABASE_URL" -qc "drop database if exists bp_pgbench" -qc "create database bp_pgbench" >/dev/null
"$pg_bin/pgbench" -q -i -s 10 "$admin/bp_pgbench" >/dev/null 2>&1
"$pg_bin/pgbench" -S -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" "$admin/bp_pgbench" 2>/dev/null \
  | grep -E "tps|latency average"
psql "$DATABASE_URL" -qc "drop database if exists bp_pgbench" >/dev/null
