#!/bin/sh
# Runs bench_sim (simulation throughput per SIMD path, thread count and plan) and appends its
# JSON lines to a file.
#
# usage: bench/sim.sh [-b BUILD_DIR] [-o OUT.jsonl] [bench_sim options...]
#   BUILD_DIR  a configured and built tree (default: build); bench_sim is in BUILD_DIR/bench
#   OUT        default BUILD_DIR/bench/sim.jsonl (bench/baselines/ holds committed runs)
# Options after these go to bench_sim, e.g. --plans, --threads 1,2, --only epfl/ (see the
# top of bench/sim.c). Run it on a quiet machine: figures are best-of-N wall-clock times,
# and each line's cpu_seconds shows whether the threads really ran.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=
while [ $# -gt 0 ]; do
  case $1 in
    -b) build=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    *) break ;;
  esac
done
out=${out:-$build/bench/sim.jsonl}
exe=$build/bench/bench_sim
if [ ! -x "$exe" ]; then
  echo "bench/sim.sh: error: expected $exe, found nothing (build first: cmake --build $build)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
"$exe" "$@" | tee -a "$out"
echo "bench/sim.sh: results appended to $out" >&2
