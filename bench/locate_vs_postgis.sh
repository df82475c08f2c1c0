#!/usr/bin/env bash
# Peer comparison for point location (issue 3): our in-memory PointLocator
# against PostGIS's best single-threaded join (GiST indexes; point-driven and
# polygon-driven plans) on the same 1,200-grid city and 1,000,000 points.
# Prints the rates and ends with "locate: OK ratio=NN.Nx" (exit 0) or
# "locate: FAIL ..." (exit 1). Uses the server in WANGGE_TEST_PG_URL when
# set, otherwise a throwaway one from scripts/with-postgres.sh. Usage:
#   bench/locate_vs_postgis.sh [POINTS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bench/postgis_compare_bench
if [ ! -x "$bin" ]; then
  echo "build first: cmake --build build --target postgis_compare_bench" >&2
  exit 1
fi
if [ -z "${WANGGE_TEST_PG_URL:-}" ]; then
  exec scripts/with-postgres.sh "$bin" "$@"
fi
exec "$bin" "$@"
