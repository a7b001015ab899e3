#!/usr/bin/env bash
# Sets up everything and runs the portal at http://localhost:3000 with the local Kafka,
# Apicurio Registry and the demo organisation. Ctrl-C stops the portal; Kafka and the registry
# keep running (scripts/local-stack.sh stop|status|reset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
scripts/local-stack.sh start
mkdir -p "$LOCAL_DIR/sqlite"
exec yarn start
