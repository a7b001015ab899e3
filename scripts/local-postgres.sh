#!/usr/bin/env bash
# A throwaway PostgreSQL (Debian package) for the store tests: scripts/local-postgres.sh start|stop
# Prints nothing but its status; tests read BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING
# (Backstage's TestDatabases convention), which scripts/test.sh exports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
PG_PORT="${PG_PORT:-25432}"
PG_DIR="${PG_DIR:-$LOCAL_DIR/postgres}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
die() { printf '\033[31m[postgres] %s\033[0m\n' "$*" >&2; exit 1; }
[[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL server not found: apt-get install postgresql (scripts/setup.sh --system does it)"
# initdb and postgres refuse to run as root: run them as the postgres user Debian creates.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [[ ! -f "$PG_DIR/PG_VERSION" ]]; then
      mkdir -p "$PG_DIR" && [[ $(id -u) == 0 ]] && chown postgres "$PG_DIR"
      as_pg "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null && ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1 \
      && die "port $PG_PORT is taken by another process: choose another with PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1 || \
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -w -l "$PG_DIR/server.log" \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "[postgres] PostgreSQL $(cat "$PG_DIR/PG_VERSION") on 127.0.0.1:$PG_PORT";;
  stop) [[ -f "$PG_DIR/PG_VERSION" ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast stop >/dev/null 2>&1 || true;;
  major) basename "$(dirname "$PG_BIN")";;
  *) echo "usage: $0 start|stop|major" >&2; exit 2;;
esac
