#!/usr/bin/env bash
# Accounting benchmarks on SQLite and PostgreSQL. Prints numbers; asserts nothing.
#   1. reports: trial balance, balance sheet (whole periods and mid-month) and receivables
#      aging over generated ledgers of LINES journal lines (default "1000000 10000000"),
#      median of 5, in milliseconds; CHECK=1 also runs `keel check`'s invariants on each;
#   2. postings/s through POST /api/v1/accounting/entries ("post": true) for entries of 2 and
#      10 lines at 1, 8 and 64 connections (wrk, DURATION seconds per cell, default 5).
# Uses the release build (make build). PARTS=reports or PARTS=http runs one half,
# ENGINES=sqlite or ENGINES=postgres one engine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${KEEL_ACCOUNTING_BENCH:-$root/build/release/src/modules/accounting/keel_accounting_bench}
duration=${DURATION:-5}
sizes=${LINES:-"1000000 10000000"}
parts=${PARTS:-"reports http"}
engines=${ENGINES:-"sqlite postgres"}
[ -x "$bin" ] || { echo "$bin missing: run make build" >&2; exit 1; }

source bench/common.sh accounting

summarise() {
  awk '/^ +50%/{p50=$2} /^ +99%/{p99=$2} /^Requests\/sec:/{rps=$2} /Non-2xx/{bad=$5}
       END{printf "%10s entries/s   p50 %8s   p99 %8s%s\n", rps, p50, p99, (bad ? "   non-2xx " bad : "")}'
}

# A fresh database URL per run: a new SQLite file, or a new PostgreSQL database.
fresh_url() {
  local engine=$1 name=$2
  if [ "$engine" = sqlite ]; then
    echo "sqlite:$work/$name.db"
  else
    psql "$pg_url" -qc "CREATE DATABASE $name" >/dev/null
    echo "${pg_url%/*}/$name"
  fi
}

bench_reports() {
  local engine=$1
  for n in $sizes; do
    "$bin" reports --db "$(fresh_url "$engine" "reports_$n")" --lines "$n" --check "${CHECK:-0}"
    if [ "$engine" = sqlite ]; then rm -f "$work/reports_$n.db"*; fi
  done
}

bench_http() {
  local engine=$1
  local port; port=$(free_port 18180)
  local url; url=$(fresh_url "$engine" http)
  "$bin" serve --db "$url" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 200); do grep -q KEEL_BENCH "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  local info; info=$(grep KEEL_BENCH "$work/serve.out") ||
    { echo "keel_accounting_bench serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
  local base="http://127.0.0.1:$port"
  local token
  token=$(curl -fs -H 'content-type: application/json' \
    -d '{"email":"bench@keel.example","password":"bench-password-1"}' "$base/api/v1/auth/login" |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
  for lines in 2 10; do
    for c in 1 8 64; do
      local t=$(( c < 2 ? 1 : 2 ))
      printf "POST /api/v1/accounting/entries  %2d lines  %2d conn: " "$lines" "$c"
      KEEL_TOKEN=$token KEEL_RUN="$engine$lines$c$RANDOM" KEEL_LINES=$lines \
        KEEL_JOURNAL=$(sed -E 's/.*journal=([0-9]+).*/\1/' <<<"$info") \
        KEEL_DEBIT=$(sed -E 's/.*debit=([0-9]+).*/\1/' <<<"$info") \
        KEEL_CREDIT=$(sed -E 's/.*credit=([0-9]+).*/\1/' <<<"$info") \
        KEEL_DATE=$(sed -E 's/.*date=([0-9-]+).*/\1/' <<<"$info") \
        wrk -t"$t" -c"$c" -d"${duration}s" --latency -s bench/post_entry.lua "$base" | summarise
    done
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

echo "keel accounting bench: $(nproc) cores"
pg_port=$(free_port 56732)
pg_url=$(scripts/pg-test-cluster.sh start "$work/pg" "$pg_port")
for _ in $(seq 1 100); do psql "$pg_url" -qc 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
for engine in $engines; do
  echo "== $engine"
  for part in $parts; do "bench_$part" "$engine"; done
done
