#!/usr/bin/env bash
# The customer 360 (GET /api/v1/partners/{id}/overview) at the benchmark's scale, on SQLite
# and PostgreSQL. Prints numbers; asserts nothing.
#   1. a fresh database seeded as bench/o2c.mjs seeds it (200 products, 300 customers);
#   2. one customer gets real documents through the API (orders shipped and invoiced,
#      payments: bench/overview_scale.mjs --history);
#   3. ORDERS (default 100 000) past orders of 10 lines each, spread over all customers and
#      the last 365 days, are added with one INSERT … SELECT each into sales_orders and
#      sales_order_lines (history only: they hold no stock moves or invoices, and `keel
#      check` is not run on this database);
#   4. the server restarts and the 360 is timed for that customer and for customers in turn.
# Uses the release build (make build). ORDERS, ENGINES ("sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${KEEL_BIN:-$root/build/keel}
orders=${ORDERS:-100000}
engines=${ENGINES:-"sqlite postgres"}
[ -x "$bin" ] || { echo "$bin missing: run make build" >&2; exit 1; }
source scripts/node-env.sh >/dev/null

source bench/common.sh 360

# The bulk history: customers and products numbered 0.. in id order, order i for customer
# i mod 300 on day i mod 365 before today, line j of product (7i + 13j) mod 200.
sqlite_bulk() {
  sqlite3 "$1" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE bc AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM partners_parties
  WHERE name LIKE 'Customer %';
CREATE TEMP TABLE bp AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, list_price_e6
  FROM inventory_products WHERE sku LIKE 'O2C-%' AND sku <> 'O2C-MARKER';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $orders)
INSERT INTO sales_orders (company_id, partner_id, currency, state, warehouse_id, date,
  invoice_policy, delivery_status, invoice_status, untaxed, tax, total, created_by, created_at,
  updated_at)
SELECT (SELECT company_id FROM inventory_warehouses LIMIT 1), bc.id, 'EUR', 'done',
  (SELECT id FROM inventory_warehouses LIMIT 1), date('now', '-' || (n.i % 365) || ' days'),
  'delivered', 'delivered', 'invoiced', 100000, 0, 100000, 1, 'bench-history', 'bench-history'
FROM n JOIN bc ON bc.k = n.i % (SELECT COUNT(*) FROM bc);
WITH RECURSIVE j(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM j WHERE j < 9)
INSERT INTO sales_order_lines (order_id, line_no, product_id, description, quantity_e6,
  unit_price_e6, subtotal, quantity_delivered_e6, quantity_invoiced_e6)
SELECT o.id, j.j + 1, bp.id, 'history', 1000000, bp.list_price_e6, bp.list_price_e6 / 10000,
  1000000, 1000000
FROM sales_orders o CROSS JOIN j JOIN bp ON bp.k = (7 * o.id + 13 * j.j) % (SELECT COUNT(*) FROM bp)
WHERE o.created_at = 'bench-history';
COMMIT;
ANALYZE;
SQL
}

pg_bulk() {
  psql -q "$1" <<SQL
BEGIN;
CREATE TEMP TABLE bc AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM partners_parties
  WHERE name LIKE 'Customer %';
CREATE TEMP TABLE bp AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, list_price_e6
  FROM inventory_products WHERE sku LIKE 'O2C-%' AND sku <> 'O2C-MARKER';
INSERT INTO sales_orders (company_id, partner_id, currency, state, warehouse_id, date,
  invoice_policy, delivery_status, invoice_status, untaxed, tax, total, created_by, created_at,
  updated_at)
SELECT (SELECT company_id FROM inventory_warehouses LIMIT 1), bc.id, 'EUR', 'done',
  (SELECT id FROM inventory_warehouses LIMIT 1),
  to_char(CURRENT_DATE - (n.i % 365), 'YYYY-MM-DD'), 'delivered', 'delivered', 'invoiced',
  100000, 0, 100000, 1, 'bench-history', 'bench-history'
FROM generate_series(1, $orders) AS n(i) JOIN bc ON bc.k = n.i % (SELECT COUNT(*) FROM bc);
INSERT INTO sales_order_lines (order_id, line_no, product_id, description, quantity_e6,
  unit_price_e6, subtotal, quantity_delivered_e6, quantity_invoiced_e6)
SELECT o.id, j.j + 1, bp.id, 'history', 1000000, bp.list_price_e6, bp.list_price_e6 / 10000,
  1000000, 1000000
FROM sales_orders o CROSS JOIN generate_series(0, 9) AS j(j)
JOIN bp ON bp.k = (7 * o.id + 13 * j.j) % (SELECT COUNT(*) FROM bp)
WHERE o.created_at = 'bench-history';
COMMIT;
ANALYZE;
SQL
}

bench_engine() {
  local engine=$1 url
  if [ "$engine" = sqlite ]; then
    url="sqlite:$work/overview.db"
  else
    psql "$pg_url" -qc "CREATE DATABASE overview" >/dev/null
    url="${pg_url%/*}/overview"
  fi
  "$bin" admin create-user --db "$url" --email bench@keel.example --password-stdin --role admin \
    --company Bench <<<"bench-password-1" >/dev/null
  local port; port=$(free_port 18380)
  start_server "$url" "$port"
  node bench/o2c.mjs --base "$base" --token "$token" --seed-only
  node bench/overview_scale.mjs --base "$base" --token "$token" --history
  stop_server
  local started=$SECONDS
  if [ "$engine" = sqlite ]; then sqlite_bulk "$work/overview.db"; else pg_bulk "$url"; fi
  echo "bulk history: $orders orders × 10 lines in $(( SECONDS - started )) s"
  start_server "$url" "$port"
  node bench/overview_scale.mjs --base "$base" --token "$token" --time 300
  stop_server
}

echo "keel customer 360 bench: $(nproc) cores, $orders past orders"
if [[ " $engines " == *" postgres "* ]]; then
  pg_port=$(free_port 56932)
  pg_url=$(scripts/pg-test-cluster.sh start "$work/pg" "$pg_port")
fi
for engine in $engines; do
  echo "== $engine"
  bench_engine "$engine"
done
