#!/usr/bin/env bash
# Times `wangge synth` (city-scale synthetic data) into a fresh SQLite data
# directory, and optionally into PostgreSQL when WANGGE_TEST_PG_URL is set
# (run through scripts/with-postgres.sh). Usage:
#   bench/synth_bench.sh [HOUSEHOLDS] [GRIDS]
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-1000000}
grids=${2:-1200}
bin=build/wangge
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
dir=$(mktemp -d /tmp/wangge-synth.XXXXXX)
trap 'rm -rf "$dir"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$bin" synth --households "$households" --grids "$grids" --data "$dir/sqlite" 2>/dev/null
end=$(date +%s.%N)
printf 'sqlite: %d households, %d grids: %.1f s wall\n' "$households" "$grids" "$(echo "$end - $start" | bc)"
ls -l "$dir/sqlite/wangge.db" | awk '{printf "sqlite file: %.0f MiB\n", $5/1048576}'

if [ -n "${WANGGE_TEST_PG_URL:-}" ]; then
  start=$(date +%s.%N)
  "$bin" synth --households "$households" --grids "$grids" --data "$dir/pg" \
    --db "$WANGGE_TEST_PG_URL" 2>/dev/null
  end=$(date +%s.%N)
  printf 'postgresql: %d households, %d grids: %.1f s wall\n' "$households" "$grids" "$(echo "$end - $start" | bc)"
fi
