#!/usr/bin/env bash
# Sets up everything and runs the portal at http://localhost:3000 with the local Kafka,
# Apicurio Registry, the demo organisation, the demo topics and their traffic. Ctrl-C stops the
# portal and the traffic; Kafka and the registry keep running (scripts/local-stack.sh
# stop|status|reset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
scripts/local-stack.sh start
# The demo topics (declared in demo/topics/catalog-info.yaml, and one unowned); idempotent.
node scripts/demo-topics.mjs
mkdir -p "$LOCAL_DIR/sqlite"
# Demo traffic while the portal runs (a healthy, a lagging and a stopped consumer group; it
# requests the prod demo topic once the backend answers): stopped with the portal.
node scripts/demo-traffic.mjs &
traffic=$!
trap 'kill -TERM "$traffic" 2>/dev/null || true; wait "$traffic" 2>/dev/null || true' EXIT
yarn start
