# BiznesPilot's routine commands. `just --list` shows them.
set shell := ["bash", "-euo", "pipefail", "-c"]

# Start the local Postgres and Redis (unless DATABASE_URL / REDIS_URL are set), migrate, seed the demo account and serve on http://127.0.0.1:8080
run:
    scripts/run.sh

# Work on the SPA: the API on :8080 and the SPA on http://127.0.0.1:8081, rebuilt and reloaded on every change
dev:
    scripts/dev.sh

# Build the SPA into frontend/dist (installs trunk, wasm-bindgen and wasm-opt when missing)
frontend:
    scripts/frontend.sh

# Everything that proves the project works: formatting, lints, all tests against real Postgres and Redis, OpenAPI drift, black-box API tests
test:
    scripts/test.sh

# What CI runs on a clean machine: install prerequisites, then `just test`
ci:
    bash .ci/run

# Measure the budgets (load on /api/v1/me next to pgbench, server start time); prints figures
bench:
    scripts/bench.sh

# Start the project-local Postgres and Redis and print their URLs
services:
    scripts/services.sh start

# Stop the project-local Postgres and Redis
stop-services:
    scripts/services.sh stop

# Regenerate openapi/openapi.json from the code
openapi:
    cargo run -q --locked --bin biznespilot -- openapi > openapi/openapi.json

# Format the code
fmt:
    cargo fmt --all

# Check formatting and lints without changing anything
lint:
    cargo fmt --all --check
    cargo clippy --all-targets --locked -- -D warnings
