#!/usr/bin/env bash
# Benchmarks over HTTP with wrk, on SQLite and on PostgreSQL. Prints numbers; asserts nothing.
#   GET /api/v1/partners/{id} and POST /api/v1/partners at 1, 8 and 64 connections.
# Uses the release binary (make build). DURATION (seconds per cell, default 5) can be set.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$root/build/keel
duration=${DURATION:-5}
[ -x "$bin" ] || { echo "build/keel missing: run make build" >&2; exit 1; }

source bench/common.sh http

# wrk's summary → "req/s p50 p99"
summarise() {
  awk '/^ +50%/{p50=$2} /^ +99%/{p99=$2} /^Requests\/sec:/{rps=$2} /Non-2xx/{bad=$5}
       END{printf "%10s req/s   p50 %8s   p99 %8s%s\n", rps, p50, p99, (bad ? "   non-2xx " bad : "")}'
}

bench_engine() {
  local engine=$1 url=$2
  local port; port=$(free_port 18080)
  "$bin" admin create-user --db "$url" --email bench@keel.example --password-stdin --role admin \
    --company Bench <<<"bench-password-1" >/dev/null
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" >"$work/server-$engine.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local token
  token=$(curl -fs -H 'content-type: application/json' \
    -d '{"email":"bench@keel.example","password":"bench-password-1"}' "$base/api/v1/auth/login" |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
  local id
  id=$(curl -fs -H 'content-type: application/json' -H "authorization: Bearer $token" \
    -H 'idempotency-key: bench-seed' -d '{"kind":"organization","name":"شرکت نمونه","roles":["customer"]}' \
    "$base/api/v1/partners" | sed -E 's/^\{"id":([0-9]+).*/\1/; s/.*"id":([0-9]+).*/\1/')
  echo "-- $engine"
  for c in 1 8 64; do
    local t=$(( c < 2 ? 1 : 2 ))
    printf "GET  /api/v1/partners/{id}  %2d conn: " "$c"
    wrk -t"$t" -c"$c" -d"${duration}s" --latency -H "authorization: Bearer $token" \
      "$base/api/v1/partners/$id" | summarise
    printf "POST /api/v1/partners       %2d conn: " "$c"
    KEEL_TOKEN=$token KEEL_RUN="$engine$c$RANDOM" wrk -t"$t" -c"$c" -d"${duration}s" --latency \
      -s bench/post_party.lua "$base" | summarise
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

echo "keel bench: $(nproc) cores, ${duration}s per cell, wrk on loopback"
bench_engine sqlite "sqlite:$work/bench.db"
pg_port=$(free_port 55432)
pg_url=$(scripts/pg-test-cluster.sh start "$work/pg" "$pg_port")
bench_engine postgres "$pg_url"
bench/accounting.sh  # accounting: reports over 1M/10M-line ledgers, postings/s
bench/o2c.sh         # order to cash: TPC-C-like mix over HTTP and the raw baseline
bench/overview_scale.sh  # the customer 360 over 100 000 past orders
bench/crm_reports.sh     # CRM pipeline, forecast, timeline and lists over 100 000 opportunities, 1M activities
