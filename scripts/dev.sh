#!/usr/bin/env bash
# Sets up everything and runs the portal at http://localhost:3000 with the local Kafka,
# Apicurio Registry, the demo organisation and the demo topics. Ctrl-C stops the portal; Kafka
# and the registry keep running (scripts/local-stack.sh stop|status|reset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
scripts/local-stack.sh start
# The demo topics (one declared in demo/topics/catalog-info.yaml, one unowned); idempotent.
node scripts/demo-topics.mjs
mkdir -p "$LOCAL_DIR/sqlite"
exec yarn start
