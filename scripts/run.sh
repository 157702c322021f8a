#!/usr/bin/env bash
# `just run`: local services when needed, migrations, the demo account, then the server.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/services.sh start)"
export DATABASE_URL REDIS_URL
# The SPA (the first time this installs trunk and wasm-bindgen, a few minutes).
scripts/frontend.sh
cargo build --locked --bin biznespilot
bin=target/debug/biznespilot
"$bin" migrate
"$bin" seed-demo
echo "BiznesPilot on http://${BIZNESPILOT_ADDR:-127.0.0.1:8080} (API /api/v1, docs /api/docs)" >&2
exec "$bin" serve
