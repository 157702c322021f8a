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

step "the SPA: i18n and formatting tests, lints for wasm32, release build"
scripts/frontend.sh tools
cargo test --locked -p frontend --no-default-features
cargo clippy --locked -p frontend --no-default-features --all-targets -- -D warnings
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings
scripts/frontend.sh

step "end-to-end: black-box API tests and browser tests of the SPA against biznespilot serve"
scripts/e2e.sh

step "done"
