#!/usr/bin/env bash
# Sets up everything and runs every test: type-check, lint, build, unit and integration tests
# (real Kafka, Apicurio Registry, SQLite and PostgreSQL) and end-to-end tests in Chromium.
# The services run on their own ports and data folders, so a running dev portal is untouched;
# all of them are stopped when the script ends, however it ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

step() { printf '\n\033[1;36m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --system

export STACK_DIR="$LOCAL_DIR/test-stack" PG_DIR="$LOCAL_DIR/test-postgres"
export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 KAFKA_SASL_PORT=29094
export REGISTRY_PORT=28081 REGISTRY_MANAGEMENT_PORT=29011 PG_PORT=25432
E2E_PORT=17007
backend_pid=""
cleanup() {
  [[ -n "$backend_pid" ]] && kill -TERM -- "-$backend_pid" 2>/dev/null || true
  scripts/local-stack.sh stop || true
  scripts/local-postgres.sh stop || true
}
trap cleanup EXIT

step "services: Kafka, Apicurio Registry, PostgreSQL (fresh data)"
scripts/local-stack.sh reset
scripts/local-stack.sh start
rm -rf "$PG_DIR"
scripts/local-postgres.sh start
major="$(scripts/local-postgres.sh major)"
export KAFKA_TAAS_POSTGRES_MAJOR="$major"
export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$PG_PORT"

step "type-check"
yarn tsc

step "lint"
yarn backstage-cli repo lint

step "build"
yarn backstage-cli repo build --all

step "unit and integration tests"
# CI=true: without it the Backstage CLI runs Jest in watch mode on files changed since the last
# commit, which on a clean clone is no test at all.
results="$LOCAL_DIR/jest-results.json"
CI=true yarn backstage-cli repo test --ci --json --outputFile="$results"
node scripts/check-test-results.js "$results"

step "end-to-end tests (Chromium)"
# The demo topics, as scripts/dev.sh makes them: one declared in demo/topics, one unowned.
node scripts/demo-topics.mjs
e2e_config="$LOCAL_DIR/app-config.e2e.yaml"
cat > "$e2e_config" <<YAML
app:
  baseUrl: http://localhost:$E2E_PORT
backend:
  baseUrl: http://localhost:$E2E_PORT
  listen: { port: $E2E_PORT, host: 127.0.0.1 }
  cors: { origin: http://localhost:$E2E_PORT }
  database: { client: better-sqlite3, connection: ':memory:' }
kafkaTaas:
  # Read the cluster into the catalog soon and often: the e2e tests wait for its topics.
  catalog:
    schedule: { frequency: { seconds: 10 }, timeout: { minutes: 1 }, initialDelay: { seconds: 2 } }
  clusters:
    - name: local-dev
      environment: dev
      brokers: ['127.0.0.1:$KAFKA_SASL_PORT']
      sasl: { mechanism: scram-sha-512, username: admin, password: admin-secret }
      schemaRegistry: { url: 'http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7' }
YAML
(cd packages/backend && exec setsid yarn backstage-cli package start \
  --config ../../app-config.yaml --config "$e2e_config") > "$LOCAL_DIR/e2e-backend.log" 2>&1 &
backend_pid=$!
for ((i = 0; i < 240; i++)); do
  curl -sf "http://127.0.0.1:$E2E_PORT/.backstage/health/v1/readiness" >/dev/null && break
  kill -0 "$backend_pid" 2>/dev/null || { tail -40 "$LOCAL_DIR/e2e-backend.log"; echo "backend exited" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$E2E_PORT/.backstage/health/v1/readiness" >/dev/null \
  || { tail -40 "$LOCAL_DIR/e2e-backend.log"; echo "backend not ready in 120s" >&2; exit 1; }
PLAYWRIGHT_URL="http://localhost:$E2E_PORT" yarn playwright test

step "all tests passed"
