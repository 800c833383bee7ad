#!/usr/bin/env bash
# Installs the browser app's npm packages (from the committed lock file) when they are missing
# or stale, and builds it into web/dist, which `keel serve` serves at /.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
cd web
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (web)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "== build web app"
npm run --silent build
