#!/usr/bin/env bash
# Installs the Debian 12 packages Keel needs to build, run and test, skipping what is already
# there. Safe to run again. Used by `make run`, `make build` and `make test`.
#   scripts/install-deps.sh build   → compilers, libraries and Node.js (for the browser app)
#   scripts/install-deps.sh test    → also PostgreSQL, Chromium and the tools the tests use
set -euo pipefail

want=${1:-build}

build_packages=(
  g++ cmake ninja-build make pkg-config git ca-certificates
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev libspdlog-dev
  nlohmann-json3-dev rapidjson-dev libcli11-dev libsodium-dev libgmime-3.0-dev
  libsqlite3-dev libpq-dev libicu-dev libhowardhinnant-date-dev tzdata
  libgtest-dev libgmock-dev nodejs npm
)
test_packages=(
  postgresql sqlite3 wrk curl procps chromium fonts-noto-core fonts-noto-cjk
)

packages=("${build_packages[@]}")
[ "$want" = test ] && packages+=("${test_packages[@]}")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *)
      # A newer Node.js from another source satisfies nodejs/npm.
      if { [ "$package" = nodejs ] && command -v node >/dev/null; } ||
         { [ "$package" = npm ] && command -v npm >/dev/null; }; then
        continue
      fi
      missing+=("$package")
      ;;
  esac
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
