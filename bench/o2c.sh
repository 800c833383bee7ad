#!/usr/bin/env bash
# The order-to-cash benchmark on SQLite and PostgreSQL. Prints numbers; asserts nothing.
# Per engine, on one database seeded by bench/o2c.mjs (200 products, 300 customers):
#   1. the ratio: New-Order and Payment 50/50 through HTTP (`keel serve`, group commit on
#      SQLite) at 1, 8 and 64 clients, then keel_o2c_raw making the same SQL writes for the
#      same mix straight through keel_db on a copy of the seeded database (no HTTP, no business
#      rules; one transaction and fsync per write, as a plain client does), and New-Order
#      through HTTP as a ratio of it;
#   2. TPC-C's full mix (New-Order, Payment, Order-Status, Delivery, Stock-Level) at 1, 8 and
#      64 clients flat out: tx/s, p50, p99 per type;
#   3. latency under load: the full mix at 64 clients thinking THINK_MS between transactions
#      (exponential, as TPC-C's terminals do), so p99 is not the queue of a saturated server;
#   then the server's peak memory (VmHWM) and `keel check`.
# Uses the release build (make build). DURATION (seconds per cell, default 10), WAREHOUSES
# (default 1), ENGINES ("sqlite postgres"), WORKERS (server worker threads, default 16),
# THINK_MS (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${KEEL_BIN:-$root/build/keel}
raw=${KEEL_O2C_RAW:-$root/build/release/bench/keel_o2c_raw}
duration=${DURATION:-10}
warehouses=${WAREHOUSES:-1}
engines=${ENGINES:-"sqlite postgres"}
workers=${WORKERS:-16}
think_ms=${THINK_MS:-1000}
for f in "$bin" "$raw"; do [ -x "$f" ] || { echo "$f missing: run make build" >&2; exit 1; }; done
source scripts/node-env.sh >/dev/null

source bench/common.sh o2c

database_url() {
  local engine=$1 name=$2
  if [ "$engine" = sqlite ]; then echo "sqlite:$work/$name.db"; else echo "${pg_url%/*}/$name"; fi
}

# Copies the (closed) database `from` to `to`.
copy_database() {
  local engine=$1 from=$2 to=$3
  if [ "$engine" = sqlite ]; then
    cp "$work/$from.db" "$work/$to.db"
    [ -f "$work/$from.db-wal" ] && cp "$work/$from.db-wal" "$work/$to.db-wal"
  else
    psql "$pg_url" -qc "CREATE DATABASE $to TEMPLATE $from" >/dev/null
  fi
  return 0
}

drive() {
  node bench/o2c.mjs --base "$base" --token "$token" --warehouses "$warehouses" "$@"
}

bench_engine() {
  local engine=$1
  [ "$engine" = postgres ] && psql "$pg_url" -qc "CREATE DATABASE o2c" >/dev/null
  local url; url=$(database_url "$engine" o2c)
  "$bin" admin create-user --db "$url" --email bench@keel.example --password-stdin --role admin \
    --company Bench <<<"bench-password-1" >/dev/null
  local port; port=$(free_port 18280)
  start_server "$url" "$port" --workers "$workers"
  drive --seed-only
  stop_server
  copy_database "$engine" o2c o2c_raw
  start_server "$url" "$port" --workers "$workers"

  echo "-- New-Order and Payment 50/50: HTTP, then the raw baseline"
  declare -A http_rate
  for c in 1 8 64; do
    drive --clients "$c" --seconds "$duration" --mix new-order=50,payment=50 |
      tee "$work/http-$c.txt"
    http_rate[$c]=$(awk '/^new-order/{print $4}' "$work/http-$c.txt")
  done
  local raw_url; raw_url=$(database_url "$engine" o2c_raw)
  for c in 1 8 64; do
    "$raw" --db "$raw_url" --clients "$c" --seconds "$duration" | tee "$work/raw-$c.txt"
    local raw_rate; raw_rate=$(sed -E 's/.*new-order ([0-9]+)\/s.*/\1/' "$work/raw-$c.txt")
    awk -v h="${http_rate[$c]}" -v r="$raw_rate" -v c="$c" \
      'BEGIN{ if (r > 0) printf "new-order through HTTP / raw at %d clients: %.2f\n", c, h / r }'
  done

  echo "-- TPC-C's full mix, flat out"
  for c in 1 8 64; do drive --clients "$c" --seconds "$duration"; done

  echo "-- the full mix at 64 clients thinking ${think_ms} ms on average"
  drive --clients 64 --seconds "$duration" --think-ms "$think_ms"

  echo "server peak memory: $(awk '/VmHWM/{print $2, $3}' "/proc/$server_pid/status")"
  stop_server
  "$bin" check --db "$url" | tail -1
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
