#!/usr/bin/env bash
# rv32i-core learned as N MPI ranks of one job (mpirun -n N bsyn learn --threads 1), N = 1, 2,
# 4, 8 by default: wall time, the netlist's bytes compared with N = 1, and per rank (from the
# run's JSON "ranks") the groups it learned, its CPU seconds, the seconds it spent in the
# collective calls (waiting for the other ranks included) and the bytes it moved. Beyond the
# machine's cores the ranks are oversubscribed, so wall time stops falling there while CPU
# seconds per rank and bytes stay meaningful. One JSON line per N on stdout; a chart
# (mpi_scaling.png) in OUT_DIR when gnuplot is there.
#
# usage: bench/mpi_scaling.sh [-b BUILD_DIR] [-o OUT_DIR] [N...]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results
while getopts "b:o:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: bench/mpi_scaling.sh [-b BUILD_DIR] [-o OUT_DIR] [N...]" >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
ranks=("$@")
[ ${#ranks[@]} -gt 0 ] || ranks=(1 2 4 8)
command -v mpirun >/dev/null || { echo "bench/mpi_scaling.sh: error: expected mpirun, found none" >&2; exit 1; }
"$build/bsyn" version | grep -q '^mpi *built in' || {
  echo "bench/mpi_scaling.sh: error: expected $build/bsyn built with MPI, found one without" >&2
  exit 1
}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
json=$out/mpi_scaling.jsonl
: >"$json"
for n in "${ranks[@]}"; do
  t0=$(date +%s.%N)
  if [ "$n" -eq 1 ]; then
    /usr/bin/time -f "%U %S" -o "$work/cpu" "$build/bsyn" learn --oracle rv32i-core \
      -o "$work/n$n.aig" --threads 1 --json --quiet >"$work/n$n.json" 2>/dev/null
  else
    mpirun --oversubscribe -n "$n" "$build/bsyn" learn --oracle rv32i-core -o "$work/n$n.aig" \
      --threads 1 --json --quiet >"$work/n$n.json" 2>/dev/null
  fi
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  same=false
  cmp -s "$work/n1.aig" "$work/n$n.aig" 2>/dev/null && same=true
  rank_json=$(sed -n 's/.*"ranks":\(\[[^]]*\]\).*/\1/p' "$work/n$n.json")
  if [ -z "$rank_json" ]; then
    cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$work/cpu" 2>/dev/null || echo 0)
    rank_json="[{\"rank\":0,\"groups\":5,\"seconds\":$secs,\"cpu_seconds\":$cpu,\"comm_seconds\":0,\"comm_bytes\":0}]"
  fi
  printf '{"bench":"mpi_scaling","case":"rv32i-core","ranks":%s,"cores":%s,"seconds":%s,"exit":%s,"same_netlist_as_1":%s,"per_rank":%s}\n' \
    "$n" "$(nproc)" "$secs" "$rc" "$same" "$rank_json" | tee -a "$json"
done
table=$work/table
awk '{
  n = $0; sub(/.*"ranks":/, "", n); sub(/,.*/, "", n)
  s = $0; sub(/.*"seconds":/, "", s); sub(/,.*/, "", s)
  cpu = 0; m = 0; rest = $0
  while (match(rest, /"cpu_seconds":[0-9.]+/)) { v = substr(rest, RSTART + 14, RLENGTH - 14); if (v > m) m = v; rest = substr(rest, RSTART + RLENGTH) }
  print n, s, m
}' "$json" >"$table"
if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal pngcairo size 800,480 font ",10" noenhanced
set output "$out/mpi_scaling.png"
set title "rv32i-core as N MPI ranks ($(nproc) cores, --threads 1 per rank)"
set xlabel "ranks"
set ylabel "seconds"
set logscale x 2
set key top right
plot "$table" using 1:2 with linespoints title "wall", "" using 1:3 with linespoints title "CPU of the busiest rank"
GP
  echo "chart: $out/mpi_scaling.png" >&2
fi
