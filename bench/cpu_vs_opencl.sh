#!/usr/bin/env bash
# Runs bench_cpu_vs_opencl and draws its result: throughput per case, CPU path beside OpenCL.
# usage: bench/cpu_vs_opencl.sh [BUILD_DIR] [OUT_DIR] [-- options for the bench program]
set -euo pipefail
build=${1:-build}
out=${2:-bench/results/$(date -u +%Y-%m-%d)}
shift $(($# < 2 ? $# : 2))
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
json="$out/cpu_vs_opencl.jsonl"
"$build/bench/bench_cpu_vs_opencl" "$@" | tee "$json"

# one row per kernel/case: label, CPU per_s, OpenCL per_s (0 when absent)
table="$out/cpu_vs_opencl.dat"
awk -F'"' '
  function field(name,   i) { for (i = 1; i < NF; i++) if ($i == name) return $(i + 2); return "" }
  function num(name,   s) { s = $0; sub(".*\"" name "\":", "", s); sub("[,}].*", "", s); return s }
  {
    key = field("kernel") "/" field("case"); sub("epfl/", "", key)
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    if (field("backend") ~ /^cpu/) cpu[key] = num("per_s"); else cl[key] = num("per_s")
  }
  END { for (i = 1; i <= n; i++) printf "\"%s\" %s %s\n", order[i], cpu[order[i]] + 0, cl[order[i]] + 0 }
' "$json" >"$table"

if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal pngcairo size 1100,520 font ",10" noenhanced
set output "$out/cpu_vs_opencl.png"
set title "CPU path vs OpenCL ($(hostname), $(nproc) cores): work items per second, higher is better"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel "work per second (log): node-words, or oracle vectors"
set xtics rotate by -30
set key top right
plot "$table" using 2:xtic(1) title "CPU (C, SIMD, threads)", "" using 3 title "OpenCL"
GP
  echo "chart: $out/cpu_vs_opencl.png" >&2
fi
