#!/usr/bin/env bash
# Case intake benchmark (issue 4): POST /api/v1/cases over HTTP with wrk
# (locate, route, persist case + event + audit record in one durable
# transaction, acknowledge), beside two references measured in the same
# run on the same machine:
#   nginx      nginx serving a small static JSON file (GET), same wrk settings
#   sqlite     a plain durable SQLite insert loop, one row per transaction
#              (bench/sqlite_loop_bench.cc: WAL, synchronous=FULL, exactly
#              the server's connection settings)
# Scenarios (SCENARIOS, default "nginx sqlite demo city pg"):
#   demo       `wangge init --demo dongyang` on SQLite; the 东阳社区 community
#              leader reports at random points in its 12 grids
#   city       `wangge synth` city on SQLite (CITY_HOUSEHOLDS households,
#              default 1,000,000; CITY_GRIDS grids, default 1,200); a street
#              leader of every street reports at random points city-wide
#   pg         the demo on a throwaway PostgreSQL 15 (scripts/with-postgres.sh
#              unless WANGGE_TEST_PG_URL is set), PG_SERVERS server
#              processes (default 1) with wrk's connections split evenly
# Every case request must answer 201 (any other status fails the run); after
# each intake run the stored cases are counted against the acknowledged ones
# and the audit chain is verified. Each row also says how busy the cores
# were, and how much of that was this benchmark and how much other work on
# the machine (figures taken on a shared machine are only comparable with
# that), and the server's (and PostgreSQL's) CPU time per request.
#
# Environment: DURATION (seconds per run, default 15), WARMUP (seconds,
# default 3), CONNECTIONS (64), WRK_THREADS (2), SERVER_THREADS (serve
# --threads, default 2, the server's own default on 2 cores: a request
# waiting for its batch holds no thread, and fewer threads switch less),
# PG_SERVERS (1), CITY_BASE (a directory keeping the prepared city
# between runs, made on the first; the city's data set then comes from a
# copy of it instead of a new synth),
# UPDATE_DOC=1 writes the figures into docs/PERFORMANCE.md, SKIP_BUILD=1
# uses the binaries as they are, WANGGE_BIN another wangge binary,
# PROFILE=DIR records a `perf` call graph of the server in each measured
# run (DIR/<scenario>.perf.data; the figures of that run pay for it;
# PROFILE_CALL_GRAPH=dwarf for libraries built without frame pointers).
# Usage: bench/intake_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

duration=${DURATION:-15}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
server_threads=${SERVER_THREADS:-2}
city_households=${CITY_HOUSEHOLDS:-1000000}
city_grids=${CITY_GRIDS:-1200}
pg_servers=${PG_SERVERS:-1}
scenarios=${SCENARIOS:-nginx sqlite demo city pg}
update_doc=${UPDATE_DOC:-0}
bin=${WANGGE_BIN:-$root/build/wangge}
loop_bin=$root/build/bench/sqlite_loop_bench
helper=$root/bench/intake_helper.py
lua=$root/bench/intake.lua

# --pg-part OUT: internal; runs the PostgreSQL scenario only (inside
# scripts/with-postgres.sh) and writes its result line to OUT.
pg_part_out=""
if [ "${1:-}" = "--pg-part" ]; then
  pg_part_out=$2
  scenarios=pg
fi

bench_name=intake
# shellcheck source=bench/scratch.sh
. "$root/bench/scratch.sh"
has() { [[ " $scenarios " == *" $1 "* ]]; }

for tool in wrk python3 curl; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh)"
done
if has nginx; then
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] ||
    die "nginx not found (apt-get install nginx-light)"
fi

if [ -z "$pg_part_out" ] && [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building wangge and sqlite_loop_bench"
  cmake --build build -j2 --target wangge sqlite_loop_bench >"$tmp/build.log" 2>&1 ||
    { tail -n 30 "$tmp/build.log" >&2; die "build failed"; }
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server LOG ARGS...: starts `wangge serve` in the background on a free
# port; sets server_pid and server_port.
start_server() {
  local log=$1
  shift
  "$bin" serve --port 0 --jobs-seconds 0 --threads "$server_threads" "$@" \
    >"$log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  server_port=""
  for _ in $(seq 1 300); do
    server_port=$(grep -o 'listening on .* port [0-9]*' "$log" 2>/dev/null |
      grep -o '[0-9]*$' | head -n 1 || true)
    [ -n "$server_port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$server_port" ] || { cat "$log" >&2; die "server did not start"; }
}

stop_server() {
  local pid=$1 p rest=()
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
  pids=("${rest[@]}")
}

# run_wrk OUT URL SECONDS [CONNECTIONS [THREADS]]: wrk with the Lua script;
# the caller exports the INTAKE_* variables.
run_wrk() {
  local out=$1 url=$2 secs=$3 conns=${4:-$connections} threads=${5:-$wrk_threads}
  wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$lua" \
    "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU accounting of a measured run, since wrk, the server, the database and
# anything else on the machine share its cores: cpu_begin PIDS... before,
# cpu_end REQUESTS after. cpu_field is then "busy,ours,others,svc_us":
# the machine's busy share, the share of this benchmark's processes (the
# PIDS, i.e. server and database, plus the children this shell reaped, i.e.
# wrk or the loop) and of everything else, in % of all cores; svc_us is the
# CPU time of PIDS per request in microseconds.
machine_ticks() { awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, b+$5+$6}' /proc/stat; }
pid_ticks() {
  local sum=0 p t
  for p in "$@"; do
    t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    sum=$((sum + t))
  done
  echo "$sum"
}
reaped_ticks() { awk '{print $16+$17}' "/proc/$$/stat"; }
cpu_begin() {
  cpu_pids=("$@")
  read -r cpu_b0 cpu_t0 < <(machine_ticks)
  cpu_s0=$(pid_ticks "${cpu_pids[@]}")
  cpu_r0=$(reaped_ticks)
}
cpu_end() {
  local requests=$1 b1 t1 s1 r1
  read -r b1 t1 < <(machine_ticks)
  s1=$(pid_ticks "${cpu_pids[@]}")
  r1=$(reaped_ticks)
  cpu_field=$(python3 -c "
db, dt = $b1 - $cpu_b0, max(1, $t1 - $cpu_t0)
svc, ours = $s1 - $cpu_s0, ($s1 - $cpu_s0) + ($r1 - $cpu_r0)
busy = 100 * db / dt
mine = min(busy, 100 * ours / dt)
us = svc * 10000 / $requests if $requests and svc else 0
print(f'{busy:.0f},{mine:.0f},{busy - mine:.0f},{us:.0f}')")
}
# The PostgreSQL server's processes (postmaster and its children), found by
# the port of WANGGE_TEST_PG_URL; empty when they cannot be seen.
pg_pids() {
  local port pm
  port=$(echo "${WANGGE_TEST_PG_URL:-}" | sed -n 's|.*@[^:/]*:\([0-9]*\)/.*|\1|p')
  [ -n "$port" ] || return 0
  pm=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
  [ -n "$pm" ] || return 0
  echo "$pm"
  pgrep -P "$pm" || true
}

# results: one line per scenario: name rps p99_ms cpu_field note
results=$tmp/results.txt
: >"$results"

# record NAME WRK_OUT NOTE (after cpu_end)
record() {
  local name=$1 out=$2 note=$3 line
  line=$(python3 "$helper" wrk-summary "$out") || { cat "$out" >&2; die "$name: no wrk result"; }
  read -r rps p99 bad <<<"$line"
  if [ "$bad" != 0 ]; then
    cat "$out" >&2
    die "$name: $bad requests failed or got an unexpected status"
  fi
  echo "$name $rps $p99 $cpu_field $note" >>"$results"
  say "$name: $rps req/s, p99 $p99 ms; cpu busy,ours,others,us/req $cpu_field"
}

# intake_run NAME DATA_ARGS USER PASSWORD: starts the server(s), logs in,
# draws points, warms up, measures, verifies the audit chain.
intake_run() {
  local name=$1 data_args=$2 user=$3 password=$4 n=${5:-1}
  local ports=() spids=() i
  local -a dargs
  read -r -a dargs <<<"$data_args"
  # The data set was just written (the city: over a gigabyte): without this
  # the kernel would still be writing it back during the measurement, and
  # every commit's fsync would queue behind that.
  sync
  for ((i = 0; i < n; i++)); do
    start_server "$tmp/$name-serve$i.log" "${dargs[@]}"
    ports+=("$server_port")
    spids+=("$server_pid")
  done
  local base="http://127.0.0.1:${ports[0]}"
  local token category
  token=$(python3 "$helper" login "$base" "$user" "$password") || die "$name: login failed"
  category=$(python3 "$helper" category "$base" "$token" S0104) || die "$name: no category S0104"
  python3 "$helper" points "$base" "$token" 1000 >"$tmp/$name-points.txt" ||
    die "$name: could not draw points"
  export INTAKE_TOKEN=$token INTAKE_CATEGORY=$category INTAKE_POINTS=$tmp/$name-points.txt
  unset INTAKE_STATIC
  local before
  before=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/cases?page_size=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  local per=$((connections / n)) wt=$wrk_threads
  [ "$n" -gt 1 ] && wt=1
  for ((i = 0; i < n; i++)); do
    run_wrk "$tmp/$name-warm$i.txt" "http://127.0.0.1:${ports[$i]}" "$warmup" "$per" "$wt" &
  done
  wait_jobs
  local svc_pids
  read -r -a svc_pids <<<"${spids[*]} $(pg_pids_if "$name" | tr '\n' ' ')"
  cpu_begin "${svc_pids[@]}"
  # PROFILE=DIR: a call-graph profile of the first server during the run.
  local perf_pid=""
  if [ -n "${PROFILE:-}" ]; then
    mkdir -p "$PROFILE"
    (perf record -F 499 --call-graph "${PROFILE_CALL_GRAPH:-fp}" -p "${spids[0]}" -o "$PROFILE/$name.perf.data" \
      -- sleep "$duration" >/dev/null 2>&1 || say "$name: perf record failed") &
    perf_pid=$!
  fi
  for ((i = 0; i < n; i++)); do
    run_wrk "$tmp/$name-wrk$i.txt" "http://127.0.0.1:${ports[$i]}" "$duration" "$per" "$wt" &
  done
  wait_jobs
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  for ((i = 0; i < n; i++)); do
    cat "$tmp/$name-wrk$i.txt" >&2
  done
  # Every acknowledged case must be there: count them through the API.
  local after acked=0 line
  after=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/cases?page_size=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  local rps_sum=0 p99_max=0 bad_sum=0 measured=0
  for f in "$tmp/$name"-warm*.txt "$tmp/$name"-wrk*.txt; do
    acked=$((acked + $(grep -o 'intake-result: requests=[0-9]*' "$f" | grep -o '[0-9]*$')))
  done
  for ((i = 0; i < n; i++)); do
    line=$(python3 "$helper" wrk-summary "$tmp/$name-wrk$i.txt")
    read -r rps p99 bad <<<"$line"
    rps_sum=$(python3 -c "print(round($rps_sum + $rps, 1))")
    p99_max=$(python3 -c "print(max($p99_max, $p99))")
    bad_sum=$((bad_sum + bad))
    measured=$((measured + $(grep -o 'intake-result: requests=[0-9]*' "$tmp/$name-wrk$i.txt" | grep -o '[0-9]*$')))
  done
  cpu_end "$measured"
  [ "$bad_sum" = 0 ] || die "$name: $bad_sum requests failed or got an unexpected status"
  [ $((after - before)) -ge "$acked" ] ||
    die "$name: $acked cases acknowledged but $((after - before)) stored"
  for pid in "${spids[@]}"; do stop_server "$pid"; done
  "$bin" audit verify "${dargs[@]}" >"$tmp/$name-verify.txt" 2>&1 ||
    { cat "$tmp/$name-verify.txt" >&2; die "$name: audit chain broken"; }
  local note="$((after - before)) cases stored (>= $acked acknowledged), audit chain verified"
  [ "$n" -gt 1 ] && note="$n server processes, wrk -c$per -t1 each (req/s summed, p99 = worst); $note"
  [ "$name" = pg ] && [ -z "$(pg_pids)" ] &&
    note="$note; PostgreSQL's CPU not seen (counted as others)"
  echo "$name $rps_sum $p99_max $cpu_field $note" >>"$results"
  say "$name: $rps_sum req/s, p99 $p99_max ms; cpu busy,ours,others,us/req $cpu_field"
}

pg_pids_if() { [ "$1" = pg ] && pg_pids; return 0; }

wait_jobs() {
  local j
  for j in $(jobs -p); do
    # Servers are background jobs too: wait only for the others.
    [[ " ${pids[*]} " == *" $j "* ]] && continue
    wait "$j" || die "a wrk run failed"
  done
}

say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load $(load)"

# --- nginx: small static JSON -------------------------------------------
if has nginx; then
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$tmp/nginx/www" "$tmp/nginx/tmp" "$tmp/nginx/logs"
  chmod 711 "$tmp"
  chmod 755 "$tmp/nginx" "$tmp/nginx/www"
  # About the size of the answer to POST /api/v1/cases.
  python3 -c '
import json
print(json.dumps({"id": 1, "number": "320115003012-2026-000001", "category_id": 31,
  "category": "乱堆物料", "category_code": "S0104", "level": "ordinary",
  "urgent": False, "source": "hotline", "title": "乱堆物料", "address": "",
  "lon": 119.153, "lat": 31.945, "grid_id": 4, "grid": "第一网格",
  "grid_code": "32011500301201", "community_id": 3, "state": "reported",
  "owner": {"kind": "community", "area_id": 3, "org_id": None, "role": "",
            "label": "东阳社区（社区办公室）", "since": 1795574338120},
  "step": "accept", "light": "green", "deadline_at": 1795577938120, "alert": "",
  "escalation_level": 0, "is_major": False, "created_at": 1795574338120,
  "updated_at": 1795574338120, "closed_at": None,
  "allowed_actions": ["accept", "void"]}, ensure_ascii=False))' >"$tmp/nginx/www/case.json"
  chmod 644 "$tmp/nginx/www/case.json"
  nginx_port=$(free_port)
  cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $tmp/nginx/www; default_type application/json; }
  }
}
EOF
  "$nginx_bin" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  pids+=("$nginx_pid")
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$nginx_port/case.json" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$nginx_port/case.json" >/dev/null ||
    { cat "$tmp/nginx/logs/"* >&2; die "nginx did not start"; }
  export INTAKE_STATIC=/case.json
  run_wrk "$tmp/nginx-warm.txt" "http://127.0.0.1:$nginx_port" "$warmup"
  read -r -a nginx_pids <<<"$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
  cpu_begin "${nginx_pids[@]}"
  run_wrk "$tmp/nginx-wrk.txt" "http://127.0.0.1:$nginx_port" "$duration"
  cpu_end "$(grep -o 'intake-result: requests=[0-9]*' "$tmp/nginx-wrk.txt" | grep -o '[0-9]*$')"
  cat "$tmp/nginx-wrk.txt" >&2
  record nginx "$tmp/nginx-wrk.txt" "GET of a $(stat -c %s "$tmp/nginx/www/case.json")-byte JSON file, worker_processes 2"
  stop_server "$nginx_pid"
  unset INTAKE_STATIC
fi

# --- plain durable SQLite loop, one row per transaction -------------------
if has sqlite; then
  cpu_begin
  "$loop_bin" --seconds "$duration" --dir "$tmp" >"$tmp/sqlite.txt" ||
    { cat "$tmp/sqlite.txt" >&2; die "sqlite loop failed"; }
  cpu_end 0
  cat "$tmp/sqlite.txt" >&2
  loop_rps=$(grep -o 'rows_per_s=[0-9.]*' "$tmp/sqlite.txt" | cut -d= -f2)
  loop_p99=$(grep -o 'p99_ms=[0-9.]*' "$tmp/sqlite.txt" | cut -d= -f2)
  echo "sqlite-loop $loop_rps $loop_p99 $cpu_field one row per BEGIN IMMEDIATE/COMMIT, WAL, synchronous=FULL, one thread; p99 of one commit" >>"$results"
  say "sqlite loop: $loop_rps rows/s, p99 $loop_p99 ms; cpu busy,ours,others $cpu_field"
fi

# --- demo on SQLite -------------------------------------------------------
if has demo; then
  "$bin" init --demo dongyang --data "$tmp/demo" >"$tmp/demo-init.txt" 2>&1 ||
    { cat "$tmp/demo-init.txt" >&2; die "demo init failed"; }
  pw=$(awk '$1 == "dongyang" {print $2}' "$tmp/demo-init.txt")
  [ -n "$pw" ] || die "no password for dongyang in the init output"
  intake_run demo "--data $tmp/demo" dongyang "$pw"
fi

# --- synthetic city on SQLite ---------------------------------------------
if has city; then
  # CITY_BASE=DIR: a prepared city kept between runs (made on the first),
  # so that A/B runs of two binaries measure the same data and skip the
  # synth; each run works on a copy.
  if [ -n "${CITY_BASE:-}" ] && [ -f "$CITY_BASE/bench-password" ]; then
    say "city: a copy of the city prepared in $CITY_BASE"
    cp -a "$CITY_BASE" "$tmp/city"
  else
    say "synth: $city_households households, $city_grids grids"
    "$bin" synth --households "$city_households" --grids "$city_grids" \
      --data "$tmp/city" >"$tmp/city-synth.txt" 2>&1 ||
      { cat "$tmp/city-synth.txt" >&2; die "synth failed"; }
    # synth stores no boundary polygons: import its lattice cells as grids.
    "$bin" area list --level grid --data "$tmp/city" | python3 "$helper" lattice \
      >"$tmp/city-grids.json"
    "$bin" grids import "$tmp/city-grids.json" --data "$tmp/city" >/dev/null
    street_args=()
    while read -r code _; do
      street_args+=(--area "$code")
    done < <("$bin" area list --level street --data "$tmp/city")
    echo "Bench-Intake-$RANDOM-x" >"$tmp/city/bench-password"
    "$bin" user add --data "$tmp/city" --username bench \
      --password "$(cat "$tmp/city/bench-password")" \
      --role street_leader "${street_args[@]}" >/dev/null
    if [ -n "${CITY_BASE:-}" ] && [ ! -e "$CITY_BASE" ]; then
      cp -a "$tmp/city" "$CITY_BASE"
    fi
  fi
  intake_run city "--data $tmp/city" bench "$(cat "$tmp/city/bench-password")"
fi

# --- demo on PostgreSQL -----------------------------------------------------
if has pg; then
  if [ -z "${WANGGE_TEST_PG_URL:-}" ]; then
    say "starting a throwaway PostgreSQL (scripts/with-postgres.sh)"
    env SCENARIOS=pg "$root/scripts/with-postgres.sh" bash "$root/bench/intake_bench.sh" \
      --pg-part "$tmp/pg-result.txt" || die "PostgreSQL scenario failed"
    cat "$tmp/pg-result.txt" >>"$results"
  else
    # A fresh cluster creates (and zero-fills) a 16 MiB WAL segment file
    # whenever it needs one, and intake writes ~35 MB/s of WAL: commits wait
    # behind those files every half second. A server that has been running
    # reuses old segments after each checkpoint, so the cluster is aged
    # first: about 1 GB of WAL, then a checkpoint that keeps the segments.
    if [ "${PG_AGE:-1}" = 1 ]; then
      say "pg: ageing the cluster's WAL (set PG_AGE=0 to skip)"
      psql -q -X -v ON_ERROR_STOP=1 "$WANGGE_TEST_PG_URL" >/dev/null <<'SQL' ||
CREATE TABLE bench_wal_age AS
  SELECT g, repeat('x', 900) AS pad FROM generate_series(1, 900000) g;
DROP TABLE bench_wal_age;
CHECKPOINT;
SQL
        die "pg: could not age the cluster"
    fi
    "$bin" init --demo dongyang --db "$WANGGE_TEST_PG_URL" --data "$tmp/pgdemo" \
      >"$tmp/pg-init.txt" 2>&1 || { cat "$tmp/pg-init.txt" >&2; die "pg demo init failed"; }
    pw=$(awk '$1 == "dongyang" {print $2}' "$tmp/pg-init.txt")
    [ -n "$pw" ] || die "no password for dongyang in the init output"
    # PostgreSQL's default max_connections is 100; each server pools
    # threads + 2 connections.
    if [ $(((server_threads + 2) * pg_servers)) -gt 90 ]; then
      server_threads=$((90 / pg_servers - 2))
      say "pg: $server_threads server threads per process (max_connections)"
    fi
    intake_run pg "--data $tmp/pgdemo --db $WANGGE_TEST_PG_URL" dongyang "$pw" "$pg_servers"
    if [ -n "$pg_part_out" ]; then
      grep '^pg ' "$results" >"$pg_part_out"
      exit 0
    fi
  fi
fi

# --- table ------------------------------------------------------------------
loop_rps=$(awk '$1 == "sqlite-loop" {print $2}' "$results")
cmd="bench/intake_bench.sh"
env_used="DURATION=$duration CONNECTIONS=$connections WRK_THREADS=$wrk_threads SERVER_THREADS=$server_threads"
[ "$city_households" != 1000000 ] && env_used+=" CITY_HOUSEHOLDS=$city_households"
[ "$city_grids" != 1200 ] && env_used+=" CITY_GRIDS=$city_grids"
[ "$pg_servers" != 1 ] && env_used+=" PG_SERVERS=$pg_servers"
python3 - "$results" "${loop_rps:-0}" "$env_used $cmd" "$(nproc)" "$(load)" \
  "$duration" "$connections" "$wrk_threads" >"$tmp/table.md" <<'EOF'
import sys
results, loop, cmd, cores, load, dur, conns, wt = sys.argv[1:9]
loop = float(loop)
names = {
    "nginx": "nginx, static JSON (GET)",
    "sqlite-loop": "SQLite loop, 1 row per durable transaction",
    "demo": "**intake, demo (SQLite)**",
    "city": "**intake, synthetic city (SQLite)**",
    "pg": "**intake, demo (PostgreSQL 15)**",
}
print(f"Command: `{cmd}` — wrk -c{conns} -t{wt}, {dur} s per run after a "
      f"warm-up; {cores} cores shared by wrk, server and database; load "
      f"average at the end {load}. CPU: share of all cores during the "
      f"measured run taken by anything, by this benchmark (server, database, "
      f"wrk or the loop) and by other work on the machine; per request: "
      f"CPU time of the server (and PostgreSQL) alone.")
print()
print("| scenario | req/s | p99 ms | × SQLite loop | CPU busy / ours / others | server+db CPU per request | notes |")
print("| --- | ---: | ---: | ---: | --- | ---: | --- |")
for line in open(results, encoding="utf-8"):
    name, rps, p99, cpu, note = line.rstrip("\n").split(" ", 4)
    busy, ours, others, us = cpu.split(",")
    ratio = f"{float(rps) / loop:.2f}×" if loop and name in ("demo", "city", "pg") else ""
    per = f"{us} µs" if us != "0" else ""
    print(f"| {names.get(name, name)} | {float(rps):,.0f} | {float(p99):.1f} | {ratio} "
          f"| {busy} / {ours} / {others} % | {per} | {note} |")
EOF
echo
cat "$tmp/table.md"
if [ "$update_doc" = 1 ]; then
  python3 "$helper" doc "$root/docs/PERFORMANCE.md" "$tmp/table.md"
  say "docs/PERFORMANCE.md updated"
fi
