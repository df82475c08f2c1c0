#!/usr/bin/env bash
# Statistics benchmark (issue 5, the big screen): builds a synthetic case
# history (`wangge synth` city of GRIDS grids, then `wangge synth-cases`
# with CASES cases over DAYS days up to now), serves it with `wangge serve`
# and asks every statistics endpoint REQUESTS times in a row as a street
# leader (one street: 120 grids of the 1,200) and as a community leader (10
# grids), over HTTP with keep-alive, default period (the last 30 local
# days). In the same run it times the equivalent plain SQL, a GROUP BY
# over `cases` for the same grids, period and instant (bench/stats_helper.py
# writes it), SQL_REPS times on a warm cache, and checks that it gives
# exactly the API's numbers.
# Scenarios (SCENARIOS, default "sqlite pg"):
#   sqlite  the history in SQLite; the plain SQL through Python's sqlite3
#   pg      the history in a throwaway PostgreSQL 15 (scripts/with-postgres.sh
#           unless WANGGE_TEST_PG_URL is set; PG_SETTINGS below); the plain
#           SQL through psql with \timing
# Environment: CASES (default 100000), DAYS (365), GRIDS (1200), REQUESTS
# (300 per endpoint and user), SQL_REPS (5), SERVER_THREADS (4), SKIP_BUILD=1
# uses the binary as it is, WANGGE_BIN another wangge binary, KEEP=DIR keeps
# the SQLite history in DIR (and reuses it when it is there).
# Usage: CASES=10000000 bench/stats_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cases=${CASES:-100000}
days=${DAYS:-365}
grids=${GRIDS:-1200}
requests=${REQUESTS:-300}
reps=${SQL_REPS:-5}
server_threads=${SERVER_THREADS:-4}
scenarios=${SCENARIOS:-sqlite pg}
bin=${WANGGE_BIN:-$root/build/wangge}
helper=$root/bench/stats_helper.py
password=Bench-pass-1
street=320199001        # the first street of `wangge synth`'s district
community=320199001001  # its first community
# The throwaway cluster: a configuration one would run such a database
# with (room in memory for the cases table, fewer checkpoints while loading).
export WANGGE_PG_SETTINGS=${PG_SETTINGS:-"shared_buffers = 4GB
effective_cache_size = 12GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 16GB"}

pg_part_out=""
if [ "${1:-}" = "--pg-part" ]; then
  pg_part_out=$2
  scenarios=pg
fi

bench_name=stats
# shellcheck source=bench/scratch.sh
. "$root/bench/scratch.sh"
has() { [[ " $scenarios " == *" $1 "* ]]; }

for tool in python3 psql; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh)"
done

if [ -z "$pg_part_out" ] && [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building wangge"
  cmake --build build -j2 --target wangge >"$tmp/build.log" 2>&1 ||
    { tail -n 30 "$tmp/build.log" >&2; die "build failed"; }
fi

# make_history LABEL ARGS...: the city, the cases and the two leaders in the
# store that ARGS (--data DIR [--db URL]) name; appends to $tmp/history.txt.
make_history() {
  local label=$1
  shift
  say "$label: synth city of $grids grids"
  "$bin" synth --households "$grids" --grids "$grids" "$@" >"$tmp/synth.log" 2>&1 ||
    { cat "$tmp/synth.log" >&2; die "synth failed"; }
  say "$label: $cases cases over $days days"
  local start end
  start=$(date +%s.%N)
  "$bin" synth-cases --cases "$cases" --days "$days" "$@" >"$tmp/cases.log" 2>"$tmp/cases.err" ||
    { cat "$tmp/cases.err" >&2; die "synth-cases failed"; }
  end=$(date +%s.%N)
  echo "$label | $(cat "$tmp/cases.log") | $(awk "BEGIN{printf \"%.1f\", $end - $start}") s | load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/history.txt"
  "$bin" user add --username b_street --password "$password" --role street_leader --area "$street" "$@" >/dev/null
  "$bin" user add --username b_community --password "$password" --role community_leader --area "$community" "$@" >/dev/null
}

# measure LABEL HELPER_ARGS -- STORE_ARGS...: serves the store and runs the
# helper against it.
measure() {
  local label=$1 helper_args=$2
  shift 3
  local log=$tmp/serve-$label.log port=""
  "$bin" serve --port 0 --jobs-seconds 0 --threads "$server_threads" "$@" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 600); do
    port=$(grep -o 'listening on .* port [0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' | head -n 1 || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log" >&2; die "server did not start"; }
  say "$label: $requests requests per endpoint and user, plain SQL $reps times"
  # shellcheck disable=SC2086  # helper_args holds several words.
  python3 "$helper" --port "$port" --password "$password" \
    --users b_street,b_community --requests "$requests" --reps "$reps" \
    --label "$label" --out "$tmp/results.jsonl" $helper_args ||
    die "measurement failed"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

if [ -n "$pg_part_out" ]; then
  make_history pg --data "$tmp/pg" --db "$WANGGE_TEST_PG_URL"
  size=$(psql -X -A -t "$WANGGE_TEST_PG_URL" -c "SELECT pg_size_pretty(pg_total_relation_size('cases')) || ' cases, ' || pg_size_pretty(pg_total_relation_size('case_stats_daily')) || ' counters'")
  echo "pg | size: $size" >>"$tmp/history.txt"
  measure pg "--pg-url $WANGGE_TEST_PG_URL" -- --data "$tmp/pg" --db "$WANGGE_TEST_PG_URL"
  cat "$tmp/history.txt" >"$pg_part_out.history"
  cp "$tmp/results.jsonl" "$pg_part_out"
  exit 0
fi

if has sqlite; then
  dir=${KEEP:-$tmp/sqlite}
  if [ -f "$dir/wangge.db" ]; then
    say "sqlite: reusing the history in $dir"
  else
    make_history sqlite --data "$dir"
    echo "sqlite | size: $(du -h "$dir/wangge.db" | cut -f1) (one file)" >>"$tmp/history.txt"
  fi
  measure sqlite "--sqlite $dir/wangge.db" -- --data "$dir"
fi

if has pg; then
  if [ -z "${WANGGE_TEST_PG_URL:-}" ]; then
    say "starting a throwaway PostgreSQL (scripts/with-postgres.sh)"
    env SCENARIOS=pg SKIP_BUILD=1 WANGGE_BIN="$bin" CASES="$cases" DAYS="$days" \
      GRIDS="$grids" REQUESTS="$requests" SQL_REPS="$reps" \
      "$root/scripts/with-postgres.sh" bash "$root/bench/stats_bench.sh" \
      --pg-part "$tmp/pg.jsonl" || die "PostgreSQL scenario failed"
    cat "$tmp/pg.jsonl" >>"$tmp/results.jsonl"
    cat "$tmp/pg.jsonl.history" >>"$tmp/history.txt"
  else
    make_history pg --data "$tmp/pg" --db "$WANGGE_TEST_PG_URL"
    measure pg "--pg-url $WANGGE_TEST_PG_URL" -- --data "$tmp/pg" --db "$WANGGE_TEST_PG_URL"
  fi
fi

echo
echo "Command: \`CASES=$cases DAYS=$days GRIDS=$grids REQUESTS=$requests SQL_REPS=$reps bench/stats_bench.sh\` — load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| history | cases (states) | build time | load |"
echo "| --- | --- | --- | --- |"
sed 's/^/| /; s/$/ |/' "$tmp/history.txt"
echo
python3 - "$tmp/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| backend | user (grids) | endpoint | API p50 ms | API p95 ms | plain SQL ms (median of runs) | plain SQL ÷ API p95 | same numbers |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |")
for r in rows:
    user = {"b_street": "street leader", "b_community": "community leader"}.get(r["user"], r["user"])
    print("| %s | %s (%d) | %s | %.2f | %.2f | %.1f | %.0f× | %s |" % (
        r["label"], user, r["grids"], r["endpoint"], r["p50_ms"], r["p95_ms"],
        r["sql_median_ms"], r["sql_median_ms"] / r["p95_ms"],
        "yes" if r["same_numbers"] else "**NO**"))
bad = [r for r in rows if not r["same_numbers"]]
for r in bad:
    print("\nmismatch:", json.dumps(r, ensure_ascii=False)[:2000], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
