#!/usr/bin/env bash
# Runs every test: C++ unit and database tests (AddressSanitizer + UBSan) on SQLite and on a
# throwaway PostgreSQL cluster, the HTTP API tests against the real `keel` binary on both
# engines, then the browser app's unit tests and its end-to-end tests in Chromium against a
# real `keel serve`. Called by `make test` (and so by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

jobs=${JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "== build (debug, sanitizers on)"
cmake --preset debug >/dev/null
cmake --build --preset debug -j "$jobs"
scripts/web-build.sh

# PostgreSQL: a cluster of our own on a free loopback port, removed afterwards.
pg_dir=$(mktemp -d /tmp/keel-test-pg.XXXXXX)
chmod 755 "$pg_dir"
cleanup() {
  scripts/pg-test-cluster.sh stop "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
port=""
for candidate in $(seq 54329 54399); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port for PostgreSQL" >&2; exit 1; }
echo "== PostgreSQL test cluster on 127.0.0.1:$port"
KEEL_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$pg_dir" "$port")
export KEEL_TEST_PG_URL
export KEEL_REQUIRE_PG=1

status=0
echo "== unit and database tests (SQLite and PostgreSQL)"
ctest --test-dir build/debug -j "$jobs" --timeout 600 --output-on-failure || status=1

. scripts/node-env.sh
echo "== API tests (keel serve on SQLite and PostgreSQL)"
KEEL_BIN="$root/build/debug/src/app/keel" node --test --test-concurrency=1 tests/api/*.test.mjs || status=1

echo "== browser app: unit tests (Vitest)"
(cd web && npm test --silent) || status=1

echo "== browser app: end-to-end in Chromium against keel serve (screenshots in build/screenshots)"
(cd web && KEEL_BIN="$root/build/debug/src/app/keel" SCREENSHOT_DIR="$root/build/screenshots" npm run --silent e2e) || status=1

if [ $status -eq 0 ]; then echo "make test: all suites passed"; else echo "make test: FAILED"; fi
exit $status
