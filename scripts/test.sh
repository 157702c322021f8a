#!/usr/bin/env bash
# `just test`: everything that proves the project works.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - started ))s)"; }

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --all-targets --locked -- -D warnings

step "services"
eval "$(scripts/services.sh start)"
export DATABASE_URL REDIS_URL
# Databases left by earlier test runs.
psql "$DATABASE_URL" -tAc "select datname from pg_database where datname like 'bp\_test\_%' or datname like 'bp\_e2e\_%'" \
  | while read -r db; do [ -n "$db" ] && psql "$DATABASE_URL" -qc "drop database if exists $db" >/dev/null; done

step "tests (unit, property and integration, against Postgres and Redis; includes the OpenAPI drift check)"
cargo test --locked

step "black-box API tests against biznespilot serve"
scripts/e2e.sh

step "done"
