#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND against a throwaway PostgreSQL 15 server and exits with its
# status. The server lives in a fresh temporary directory, listens only on
# 127.0.0.1 (a free port) and on a unix socket in that directory, trusts
# loopback connections, runs with fsync on, and holds one empty database,
# wangge_test. COMMAND sees:
#   WANGGE_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/wangge_test
#   WANGGE_TEST_PG_BIN=/usr/lib/postgresql/15/bin
# The server is stopped and the directory deleted on every exit path.
# As root, the server runs as the system user wangge-pg (created if missing),
# since initdb and postgres refuse to run as root.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bin=/usr/lib/postgresql/15/bin
pg_user=wangge-pg
superuser=postgres
database=wangge_test

for tool in initdb pg_ctl postgres createdb; do
  if [ ! -x "$bin/$tool" ]; then
    echo "with-postgres: $bin/$tool not found (install postgresql-15)" >&2
    exit 1
  fi
done

is_root=false
[ "$(id -u)" -eq 0 ] && is_root=true
if $is_root && ! id -u "$pg_user" >/dev/null 2>&1; then
  # Tolerates a parallel run creating the user first.
  useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user" \
    2>/dev/null || id -u "$pg_user" >/dev/null
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wangge-pg.XXXXXX")
data=$tmp/data
# Written by the tools this script runs, and by the server itself.
setup_log=$tmp/setup.log
log=$tmp/server.log
started=false

# Runs a server-side tool as the server's owner, from a directory it can read.
as_pg() {
  if $is_root; then
    (cd "$tmp" && runuser -u "$pg_user" -- "$@")
  else
    (cd "$tmp" && "$@")
  fi
}

# shellcheck disable=SC2317  # Invoked by the EXIT trap.
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if $started; then
    if ! as_pg "$bin/pg_ctl" stop -D "$data" -m fast -w -t 30 -s \
      >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" stop -D "$data" -m immediate -w -t 10 -s \
        >/dev/null 2>&1 || true
    fi
  fi
  rm -rf -- "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "with-postgres: $1" >&2
  for f in "$setup_log" "$log"; do
    if [ -s "$f" ]; then
      echo "--- $f ---" >&2
      tail -n 40 "$f" >&2
    fi
  done
  exit 1
}

$is_root && chown "$pg_user" "$tmp"
chmod 700 "$tmp"

# --no-sync only skips flushing initdb's own files: the directory is
# deleted afterwards anyway. The server itself runs with fsync on.
as_pg "$bin/initdb" -D "$data" -U "$superuser" --encoding=UTF8 --locale=C \
  --auth=trust --no-sync --no-instructions >"$setup_log" 2>&1 ||
  fail "initdb failed"

# Trust only the unix socket and IPv4 loopback.
cat >"$data/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF

port=""
for _ in 1 2 3 4 5 6 7 8; do
  candidate=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
  if [ -n "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then
    continue
  fi
  cat >"$data/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $candidate
unix_socket_directories = '$tmp'
fsync = on
synchronous_commit = on
logging_collector = off
${WANGGE_PG_SETTINGS:-}
EOF
  rm -f -- "$log"
  if as_pg "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 30 -s \
    >>"$setup_log" 2>&1; then
    started=true
    port=$candidate
    break
  fi
  # Another process may have taken the port between the check and the
  # start; anything else is a real failure.
  if ! grep -q "could not bind\|could not create any TCP/IP sockets" \
    "$log" 2>/dev/null; then
    # pg_ctl may give up while the server is still starting.
    started=true
    fail "the PostgreSQL server did not start"
  fi
done
[ -n "$port" ] || fail "no free TCP port found for PostgreSQL"

"$bin/createdb" -h "$tmp" -p "$port" -U "$superuser" "$database" \
  >>"$setup_log" 2>&1 || fail "createdb $database failed"

export WANGGE_TEST_PG_URL="postgresql://$superuser@127.0.0.1:$port/$database"
export WANGGE_TEST_PG_BIN="$bin"

set +e
"$@"
status=$?
set -e
exit "$status"
