#!/usr/bin/env bash
# The CRM reports over a large pipeline, on SQLite and PostgreSQL. Prints numbers; asserts
# nothing.
#   1. a fresh database; the company, its salespeople, managers, teams, stages, campaigns and
#      partners are made through the API (bench/crm_reports.mjs --seed), so ids, grants and
#      record rules are real;
#   2. OPPORTUNITIES (default 100 000) opportunities, LEADS (default 100 000) leads and
#      ACTIVITIES (default 1 000 000) activities are added with INSERT … SELECT straight into
#      the crm tables: owners over the salespeople (and so their teams), stages, campaigns,
#      close dates over 18 months (a year back to six months ahead), 70 % open, 20 % won,
#      10 % lost; half the activities on opportunities (filed under their partner), 30 % on
#      leads, 20 % on partners, a tenth of those on one busy partner;
#   3. the aggregate SQL of the pipeline and of the forecast runs straight on the database (the
#      raw baseline), then the server restarts and each report of bench/crm_reports.mjs is
#      timed RUNS (default 50) times over HTTP.
# Prints the seeding times and the database size. Uses the release build (make build).
# OPPORTUNITIES, LEADS, ACTIVITIES, RUNS, ENGINES ("sqlite postgres"), KEEL_BIN; more reports
# through CRM_BENCH_EXTRA (see bench/crm_reports.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${KEEL_BIN:-$root/build/keel}
opportunities=${OPPORTUNITIES:-100000}
leads=${LEADS:-100000}
activities=${ACTIVITIES:-1000000}
runs=${RUNS:-50}
engines=${ENGINES:-"sqlite postgres"}
[ -x "$bin" ] || { echo "$bin missing: run make build" >&2; exit 1; }
source scripts/node-env.sh >/dev/null

source bench/common.sh crm

# The SQL of one engine: $series N is the integers 1..N as column i, $(day X) the ISO date X
# days after a year ago, $(instant X) the ISO instant X days from now.
sql_sqlite() {
  series() { echo "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $1) SELECT i FROM s)"; }
  day() { echo "date('now', (($1) - 365) || ' days')"; }
  instant() { echo "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now', ($1) || ' days')"; }
  echo "PRAGMA synchronous = OFF;"
  bulk_sql
  echo "ANALYZE;"
}

sql_postgres() {
  series() { echo "(SELECT generate_series(1, $1) AS i)"; }
  day() { echo "to_char(CURRENT_DATE + (($1) - 365), 'YYYY-MM-DD')"; }
  instant() { echo "to_char((now() AT TIME ZONE 'UTC') + ($1) * interval '1 day', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"; }
  bulk_sql
  echo "ANALYZE;"
}

# The bulk rows, numbered i = 1..N; the API-made rows are found by their names and numbered
# k = 0.. in id order.
bulk_sql() {
  cat <<SQL
BEGIN;
CREATE TEMP TABLE bu AS SELECT row_number() OVER (ORDER BY u.id) - 1 AS k, u.id,
  (SELECT MIN(m.team_id) FROM crm_team_members m WHERE m.user_id = u.id) AS team_id
  FROM auth_users u WHERE u.email LIKE 'rep%@crm.bench';
CREATE TEMP TABLE bs AS SELECT row_number() OVER (ORDER BY sequence, id) - 1 AS k, id FROM crm_stages;
CREATE TEMP TABLE bc AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM crm_campaigns;
CREATE TEMP TABLE bp AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM partners_parties
  WHERE name LIKE 'Bench customer %';
CREATE TEMP TABLE bx AS SELECT company_id, id AS busy FROM partners_parties WHERE name = 'Bench busy partner';
CREATE INDEX bu_k ON bu (k);
CREATE INDEX bs_k ON bs (k);
CREATE INDEX bc_k ON bc (k);
CREATE INDEX bp_k ON bp (k);

INSERT INTO crm_opportunities (company_id, title, partner_id, stage_id, state, expected_revenue,
  close_date, owner_id, team_id, campaign_id, lost_reason, created_at, closed_at)
SELECT bx.company_id, 'Bench deal ' || n.i, bp.id, bs.id,
  CASE WHEN n.i % 10 < 7 THEN 'open' WHEN n.i % 10 < 9 THEN 'won' ELSE 'lost' END,
  100000 + (n.i * 7919) % 9900000, $(day "n.i % 548"), bu.id, bu.team_id,
  CASE WHEN n.i % 4 = 0 THEN NULL ELSE bc.id END,
  CASE WHEN n.i % 10 = 9 THEN 'price' ELSE '' END, $(instant "-(n.i % 400) - 1"),
  CASE WHEN n.i % 10 < 7 THEN NULL ELSE $(instant "-(n.i % 365)") END
FROM $(series "$opportunities") n
JOIN bu ON bu.k = n.i % (SELECT COUNT(*) FROM bu)
JOIN bs ON bs.k = (n.i / 7) % (SELECT COUNT(*) FROM bs)
JOIN bc ON bc.k = n.i % (SELECT COUNT(*) FROM bc)
JOIN bp ON bp.k = n.i % (SELECT COUNT(*) FROM bp)
CROSS JOIN bx;

INSERT INTO crm_leads (company_id, contact_name, company_name, email, email_key, country,
  employees, source, campaign_id, owner_id, team_id, state, score, disqualify_reason,
  created_at, updated_at)
SELECT bx.company_id, 'Bench lead ' || n.i, 'Lead company ' || (n.i % 5000),
  'lead' || n.i || '@bench.example', 'lead' || n.i || '@bench.example', 'DE', n.i % 500, 'api',
  CASE WHEN n.i % 3 = 0 THEN NULL ELSE bc.id END, bu.id, bu.team_id,
  CASE WHEN n.i % 10 < 6 THEN 'new' WHEN n.i % 10 < 9 THEN 'qualified' ELSE 'disqualified' END,
  n.i % 100, CASE WHEN n.i % 10 = 9 THEN 'no budget' ELSE '' END,
  $(instant "-(n.i % 365) - 1"), $(instant "-(n.i % 365) - 1")
FROM $(series "$leads") n
JOIN bu ON bu.k = n.i % (SELECT COUNT(*) FROM bu)
JOIN bc ON bc.k = n.i % (SELECT COUNT(*) FROM bc)
CROSS JOIN bx;

CREATE TEMP TABLE bo AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, partner_id, owner_id
  FROM crm_opportunities WHERE title LIKE 'Bench deal %';
CREATE TEMP TABLE bl AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, owner_id
  FROM crm_leads WHERE contact_name LIKE 'Bench lead %';
CREATE INDEX bo_k ON bo (k);
CREATE INDEX bl_k ON bl (k);

INSERT INTO crm_activities (company_id, kind, subject, body, direction, partner_id,
  opportunity_id, user_id, due_date, done_at, created_at)
SELECT bx.company_id, CASE n.i % 5 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'meeting'
  WHEN 3 THEN 'note' ELSE 'task' END, 'Bench opportunity activity ' || n.i, 'Notes ' || n.i,
  CASE WHEN n.i % 2 = 0 THEN 'outbound' ELSE '' END, bo.partner_id, bo.id, bo.owner_id,
  CASE WHEN n.i % 5 = 4 THEN $(day "365 + n.i % 60 - 30") ELSE NULL END,
  CASE WHEN n.i % 5 = 4 AND n.i % 2 = 0 THEN NULL ELSE $(instant "-(n.i % 540)") END,
  $(instant "-(n.i % 540)")
FROM $(series "$(( activities / 2 ))") n
JOIN bo ON bo.k = n.i % (SELECT COUNT(*) FROM bo)
CROSS JOIN bx;

INSERT INTO crm_activities (company_id, kind, subject, body, lead_id, user_id, done_at, created_at)
SELECT bx.company_id, CASE n.i % 3 WHEN 0 THEN 'call' WHEN 1 THEN 'email' ELSE 'note' END,
  'Bench lead activity ' || n.i, '', bl.id, bl.owner_id, $(instant "-(n.i % 365)"),
  $(instant "-(n.i % 365)")
FROM $(series "$(( activities * 3 / 10 ))") n
JOIN bl ON bl.k = n.i % (SELECT COUNT(*) FROM bl)
CROSS JOIN bx;

INSERT INTO crm_activities (company_id, kind, subject, body, partner_id, user_id, done_at,
  created_at)
SELECT bx.company_id, CASE n.i % 2 WHEN 0 THEN 'email' ELSE 'call' END,
  'Bench partner activity ' || n.i, '',
  CASE WHEN n.i % 10 = 0 THEN bx.busy ELSE bp.id END, bu.id, $(instant "-(n.i % 540)"),
  $(instant "-(n.i % 540)")
FROM $(series "$(( activities - activities / 2 - activities * 3 / 10 ))") n
JOIN bp ON bp.k = n.i % (SELECT COUNT(*) FROM bp)
JOIN bu ON bu.k = n.i % (SELECT COUNT(*) FROM bu)
CROSS JOIN bx;
COMMIT;
SQL
}

# The raw baseline: the aggregate SQL of the pipeline and of the forecast by owner (as the
# services send it, for a caller who sees everything), run RAW_RUNS (default 5) times straight
# on the database; prints the median in ms.
raw_queries() {
  local from to
  from=$(date -u -d "$(date -u +%Y-%m-01) -6 months" +%Y-%m-01)
  to=$(date -u -d "$(date -u +%Y-%m-01) +6 months" +%Y-%m-01)
  echo "pipeline sums|SELECT o.stage_id, COUNT(*), COALESCE(SUM(o.expected_revenue / 1000000000), 0), COALESCE(SUM(o.expected_revenue % 1000000000), 0) FROM crm_opportunities o WHERE o.company_id = (SELECT company_id FROM crm_stages LIMIT 1) AND o.state = 'open' GROUP BY o.stage_id"
  echo "forecast by owner|SELECT o.owner_id, SUBSTR(o.close_date, 1, 7), o.state, s.probability, s.committed, COUNT(*), COALESCE(SUM(o.expected_revenue / 1000000000), 0), COALESCE(SUM(o.expected_revenue % 1000000000), 0) FROM crm_opportunities o JOIN crm_stages s ON s.id = o.stage_id WHERE o.company_id = (SELECT company_id FROM crm_stages LIMIT 1) AND o.close_date >= '$from' AND o.close_date < '$to' AND o.state IN ('open', 'won') GROUP BY o.owner_id, SUBSTR(o.close_date, 1, 7), o.state, s.probability, s.committed"
}

raw_baseline() {
  local engine=$1 url=$2 name query times
  while IFS='|' read -r name query; do
    if [ "$engine" = sqlite ]; then
      times=$(for _ in $(seq "${RAW_RUNS:-5}"); do printf '.timer on\n%s;\n' "$query"; done |
        sqlite3 "$work/crm.db" | awk '/^Run Time:/{printf "%.1f\n", $4 * 1000}')
    else
      times=$(for _ in $(seq "${RAW_RUNS:-5}"); do printf '%s;\n' "$query"; done |
        psql -q "$url" -c '\timing on' -f - | awk '/^Time:/{printf "%.1f\n", $2}')
    fi
    printf '%-36s %8s ms (median of %s)\n' "raw SQL: $name" \
      "$(sort -n <<<"$times" | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')" "${RAW_RUNS:-5}"
  done < <(raw_queries)
}

bench_engine() {
  local engine=$1 url size
  if [ "$engine" = sqlite ]; then
    url="sqlite:$work/crm.db"
  else
    psql "$pg_url" -qc "CREATE DATABASE crm" >/dev/null
    url="${pg_url%/*}/crm"
  fi
  "$bin" admin create-user --db "$url" --email bench@keel.example --password-stdin --role admin \
    --company Bench <<<"bench-password-1" >/dev/null
  local port; port=$(free_port 18480)
  start_server "$url" "$port"
  node bench/crm_reports.mjs --base "$base" --token "$token" --seed
  stop_server
  local started; started=$(date +%s%N)
  if [ "$engine" = sqlite ]; then
    sql_sqlite | sqlite3 -bail "$work/crm.db" >/dev/null
  else
    sql_postgres | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null
  fi
  local elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  printf 'bulk load: %d opportunities, %d leads, %d activities in %d.%d s\n' \
    "$opportunities" "$leads" "$activities" $(( elapsed_ms / 1000 )) $(( elapsed_ms % 1000 / 100 ))
  if [ "$engine" = sqlite ]; then
    size=$(du -cb "$work"/crm.db* | tail -n 1 | cut -f1)
  else
    size=$(psql -qtA "$url" -c "SELECT pg_database_size(current_database())")
  fi
  echo "database size: $(( size / 1024 / 1024 )) MiB"
  raw_baseline "$engine" "$url"
  start_server "$url" "$port"
  node bench/crm_reports.mjs --base "$base" --token "$token" --time "$runs"
  stop_server
}

echo "keel CRM reports bench: $(nproc) cores, $opportunities opportunities, $leads leads," \
  "$activities activities, $runs calls per report"
if [[ " $engines " == *" postgres "* ]]; then
  pg_port=$(free_port 56982)
  pg_url=$(scripts/pg-test-cluster.sh start "$work/pg" "$pg_port")
fi
for engine in $engines; do
  echo "== $engine"
  bench_engine "$engine"
done
