#!/usr/bin/env bash
# Installs every Debian package that building, testing and serving wangge need, then the
# web app's npm packages from the committed lock file. Safe to run again: packages that are
# already present are skipped, so a second run costs a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake g++ make pkg-config git clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  libsodium-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxlsxwriter-dev libminizip-dev libpugixml-dev zlib1g-dev
  libmetis-dev libgeos-dev
  postgresql-15-postgis-3
  wrk nginx-light
  chromium fonts-wqy-microhei
  curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: all Debian packages present"
fi

# The web app (built from web/ once it exists) installs from its lock file only.
if [ -f web/package-lock.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
