#!/usr/bin/env bash
# The order-to-cash benchmark on SQLite and PostgreSQL. Prints numbers; asserts nothing.
#   1. bench/o2c.mjs drives `keel serve` over HTTP with TPC-C's mix (New-Order, Payment,
#      Order-Status, Delivery, Stock-Level) at 1, 8 and 64 clients: tx/s, p50, p99 per type,
#      and the server's peak memory (VmHWM);
#   2. keel_o2c_raw does the same New-Order and Payment writes straight through keel_db (no
#      HTTP, no business rules, one transaction and fsync per write) at the same client
#      counts, and New-Order through HTTP is printed as a ratio of it.
# Uses the release build (make build). DURATION (seconds per cell, default 10), WAREHOUSES
# (default 1), ENGINES ("sqlite postgres"), WORKERS (server worker threads, default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${KEEL_BIN:-$root/build/keel}
raw=${KEEL_O2C_RAW:-$root/build/release/bench/keel_o2c_raw}
duration=${DURATION:-10}
warehouses=${WAREHOUSES:-1}
engines=${ENGINES:-"sqlite postgres"}
workers=${WORKERS:-16}
for f in "$bin" "$raw"; do [ -x "$f" ] || { echo "$f missing: run make build" >&2; exit 1; }; done
source scripts/node-env.sh >/dev/null

source bench/common.sh o2c

fresh_url() {
  local engine=$1 name=$2
  if [ "$engine" = sqlite ]; then
    echo "sqlite:$work/$name.db"
  else
    psql "$pg_url" -qc "CREATE DATABASE $name" >/dev/null
    echo "${pg_url%/*}/$name"
  fi
}

bench_engine() {
  local engine=$1
  local url; url=$(fresh_url "$engine" o2c)
  "$bin" admin create-user --db "$url" --email bench@keel.example --password-stdin --role admin \
    --company Bench <<<"bench-password-1" >/dev/null
  local port; port=$(free_port 18280)
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --workers "$workers" >"$work/serve-$engine.log" 2>&1 &
  server_pid=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  local token
  token=$(curl -fs -H 'content-type: application/json' \
    -d '{"email":"bench@keel.example","password":"bench-password-1"}' "$base/api/v1/auth/login" |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
  node bench/o2c.mjs --base "$base" --token "$token" --warehouses "$warehouses" --seed-only
  declare -A http_rate
  for c in 1 8 64; do
    node bench/o2c.mjs --base "$base" --token "$token" --warehouses "$warehouses" \
      --clients "$c" --seconds "$duration" | tee "$work/http-$c.txt"
    http_rate[$c]=$(awk '/^new-order/{print $4}' "$work/http-$c.txt")
  done
  echo "server peak memory: $(awk '/VmHWM/{print $2, $3}' "/proc/$server_pid/status")"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  "$bin" check --db "$url" | tail -1
  for c in 1 8 64; do
    local raw_url; raw_url=$(fresh_url "$engine" "raw_$c")
    "$raw" --db "$raw_url" --clients "$c" --seconds "$duration" | tee "$work/raw-$c.txt"
    local raw_rate; raw_rate=$(sed -E 's/.*new-order ([0-9]+)\/s.*/\1/' "$work/raw-$c.txt")
    awk -v h="${http_rate[$c]}" -v r="$raw_rate" -v c="$c" \
      'BEGIN{ if (r > 0) printf "new-order through HTTP / raw at %d clients: %.2f\n", c, h / r }'
  done
}

echo "keel order-to-cash bench: $(nproc) cores, ${duration}s per cell, $warehouses warehouse(s)"
if [[ " $engines " == *" postgres "* ]]; then
  pg_port=$(free_port 56832)
  pg_url=$(scripts/pg-test-cluster.sh start "$work/pg" "$pg_port")
fi
for engine in $engines; do
  echo "== $engine"
  bench_engine "$engine"
done
