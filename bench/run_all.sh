#!/usr/bin/env bash
# Runs every benchmark into bench/results/<date>/ (JSON lines, tables, charts), then compares
# the results with the committed baselines in bench/baselines/ (bench/compare.sh).
#
# usage: bench/run_all.sh [BUILD_DIR] [OUT_DIR]      (make bench runs it on build/)
# Run on a quiet machine: every figure is a wall-clock time.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=${2:-$root/bench/results/$(date -u +%Y-%m-%d)}
mkdir -p "$out"
status=0
run() { # name command...: runs one benchmark, notes a failure, goes on
  local name=$1
  shift
  echo "== $name" >&2
  if ! "$@"; then
    echo "bench/run_all.sh: $name failed" >&2
    status=1
  fi
}

run sim "$build/bench/bench_sim" --min-time 0.5 >"$out/sim.jsonl"
run oracle "$build/bench/bench_oracle" 1 >"$out/oracle.jsonl"
run learn "$build/bench/bench_learn" --widths 32 --reps 3 --dir "$out" >/dev/null
run learn_epfl sh "$root/bench/learn_epfl.sh" -b "$build" -o "$out" >/dev/null
run cpu_vs_opencl bash "$root/bench/cpu_vs_opencl.sh" "$build" "$out" >/dev/null
command -v hyperfine >/dev/null &&
  run device_auto bash "$root/bench/device_auto.sh" "$build" >"$out/device_auto.jsonl"
if command -v yosys >/dev/null && ls "$build"/programs/*.elf >/dev/null 2>&1; then
  bash "$root/scripts/rtl_to_aig.sh" "$root/verify/rv32i_core.v" "$out/rv32i_core_rtl.aig" >/dev/null 2>&1 &&
    run gates "$build/bench/bench_gates" "$out/rv32i_core_rtl.aig" \
      "$build"/programs/{sort,crc32,printf}.elf >"$out/gates.jsonl"
fi
for extra in rv32_core build_timing; do
  [ -x "$root/bench/$extra.sh" ] && run "$extra" bash "$root/bench/$extra.sh" "$build" "$out" >/dev/null
done

echo "== results in $out" >&2
bash "$root/bench/compare.sh" "$root/bench/baselines" "$out" || status=1
exit $status
