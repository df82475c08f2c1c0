# Sourced by the benchmark scripts after they set `bench_name`: a scratch
# directory ($tmp) removed on exit, the background processes listed in
# $pids stopped on exit (TERM, then KILL after 10 s: servers stop
# gracefully within seconds, but a run must not hang on one that does not),
# and say/die messages that name the benchmark.
# shellcheck shell=bash
# shellcheck disable=SC2154  # bench_name: set by the sourcing script.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wangge-${bench_name:?}.XXXXXX")
pids=()
# shellcheck disable=SC2317  # Invoked by the EXIT trap.
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf -- "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "${bench_name}-bench: $*" >&2; }
die() {
  say "FAIL: $*"
  exit 1
}
