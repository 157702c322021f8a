#!/usr/bin/env bash
# The project-local Postgres and Redis used by `just run` and `just test` when DATABASE_URL /
# REDIS_URL are not set. Installs the Debian packages when they are missing (and we may), starts
# only what is not already running, and never stops anything it did not start.
#
#   scripts/services.sh start   start (idempotent) and print `export` lines for the environment
#   scripts/services.sh stop    stop the servers this checkout started
#   scripts/services.sh env     print the `export` lines only
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HASH=$(printf %s "$ROOT" | sha256sum | cut -c1-8)
if [ "$(id -u)" = 0 ]; then
  # root's home is not reachable by the `postgres` user: keep the cluster in a world-traversable
  # place, one per checkout.
  BASE="${TMPDIR:-/tmp}/biznespilot-$HASH"
else
  BASE="$ROOT/.data"
fi
# Ports derived from the checkout, so that two checkouts on one machine do not collide.
OFFSET=$(( 16#${HASH:0:4} % 900 ))
PG_PORT=${BIZNESPILOT_PG_PORT:-$(( 55000 + OFFSET ))}
REDIS_PORT=${BIZNESPILOT_REDIS_PORT:-$(( 56000 + OFFSET ))}
PG_DATA="$BASE/pg"
PG_SOCKET="$BASE/pgsock"
DB_NAME=biznespilot

log() { echo "services: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_packages() {
  local missing=()
  [ -n "$(pg_bin || true)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
      || { log "cannot install ${missing[*]}: install them, or set DATABASE_URL and REDIS_URL"; exit 1; }
  fi
}

run_pg() {
  # initdb and the server refuse to run as root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_DATA" "$PG_SOCKET"
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$BASE"
    chown -R postgres:postgres "$PG_DATA" "$PG_SOCKET"
  fi
  chmod 700 "$PG_DATA"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "creating a Postgres cluster in $PG_DATA"
    run_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! run_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "starting Postgres on 127.0.0.1:$PG_PORT"
    # A local development and test cluster: durability on power loss is traded for speed
    # (every test creates a database). Memory is sized for the machines we run on (24 GiB):
    # the 128 MB default makes a million-row import write its indexes to disk and back.
    run_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_SOCKET -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=1GB -c max_wal_size=4GB" \
      start >/dev/null
  fi
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "create database $DB_NAME" >/dev/null
  fi
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$BASE"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$BASE" \
    --save '' --appendonly no --pidfile "$BASE/redis.pid" --logfile "$BASE/redis.log" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
  log "Redis did not start; see $BASE/redis.log"; exit 1
}

print_env() {
  if [ -z "${DATABASE_URL:-}" ]; then
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
  fi
  if [ -z "${REDIS_URL:-}" ]; then
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  fi
}

case "${1:-start}" in
  start)
    if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then ensure_packages; fi
    [ -n "${DATABASE_URL:-}" ] || start_postgres
    [ -n "${REDIS_URL:-}" ] || start_redis
    print_env
    ;;
  env) print_env ;;
  stop)
    bin=$(pg_bin || true)
    if [ -n "$bin" ] && [ -f "$PG_DATA/PG_VERSION" ]; then run_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    log "stopped"
    ;;
  *) echo "usage: $0 start|env|stop" >&2; exit 2 ;;
esac
