#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a loopback port, owned by the caller.
#   scripts/pg-test-cluster.sh start DIR PORT   → prints the URL of database "keel_test"
#   scripts/pg-test-cluster.sh stop DIR
# Uses Debian's initdb/pg_ctl (package postgresql). As root, the cluster runs as the
# "postgres" system user, because PostgreSQL refuses to run as root.
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}
port=${3:-54329}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "pg-test-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$pg_bin/initdb" -D "$dir/data" -U keel --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200 -c shared_buffers=128MB" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U keel -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname='keel_test'" | grep -q 1 \
      || "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U keel -d postgres -qc "CREATE DATABASE keel_test" >/dev/null
    echo "postgresql://keel@127.0.0.1:$port/keel_test"
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
