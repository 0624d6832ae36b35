#!/bin/sh
# Learns output groups of rv32i-full (the register file inside the function) with the current
# learner under a time budget, then measures each netlist against the oracle with
# bench_verify_outputs (outputs matched by name; `bsyn verify` needs every output) on N
# uniform and N RV32-aware vectors. One JSON line per group: the learner's summary fields,
# and the failing vectors and wrong output bits per distribution.
#
# usage: bench/rv32_full.sh [-b BUILD_DIR] [-o OUT.jsonl] [-t SECONDS] [-n VECTORS]
#                           [-k KEEP_DIR] [-- GROUP[=OPTIONS]...]
#   BUILD_DIR  a built tree (default: build)
#   OUT        JSON lines appended here (default: bench/results/rv32_full.jsonl)
#   SECONDS    --max-seconds of each learn run (default 200)
#   VECTORS    vectors per distribution (default 1000000)
#   KEEP_DIR   keep each group's AIG there as <group>.aig (default: a temporary folder)
#   GROUP      a --outputs list (fields such as next_pc or x5_next, or bit ranges), with
#              optional bsyn learn options after '=' and ':' for spaces, e.g.
#              "next_pc=--lookahead:8" (default: next_pc and x5_next, learner defaults; the
#              look-ahead's priority pass costs ~150 s on 1,088 inputs before the first level)
# Timings depend on the machine and its load; node and AND counts of a run that ends with
# "stop":"done" do not.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results/rv32_full.jsonl
secs=200
vectors=1000000
keep=""
while [ $# -gt 0 ]; do
  case $1 in
  -b) build=$2; shift 2 ;;
  -o) out=$2; shift 2 ;;
  -t) secs=$2; shift 2 ;;
  -n) vectors=$2; shift 2 ;;
  -k) keep=$2; shift 2 ;;
  --) shift; break ;;
  -*) echo "bench/rv32_full.sh: error: expected an option (-b -o -t -n -k), found '$1'" >&2; exit 1 ;;
  *) break ;;
  esac
done
[ $# -gt 0 ] || set -- next_pc x5_next
exe=$build/bsyn
if [ ! -x "$exe" ]; then
  echo "bench/rv32_full.sh: error: expected $exe, found nothing (build first)" >&2
  exit 1
fi
tmp=$(mktemp -d /tmp/bsyn-rv32-full-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -n "$keep" ] || keep=$tmp
mkdir -p "$keep" "$(dirname "$out")"
field() { printf '%s' "$2" | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | head -n 1; }
for spec in "$@"; do
  group=${spec%%=*}
  opts=""
  [ "$group" = "$spec" ] || opts=$(printf '%s' "${spec#*=}" | tr ':' ' ')
  name=$(printf '%s' "$group" | tr -c 'A-Za-z0-9_\n-' '_')
  # shellcheck disable=SC2086 # opts is a word list on purpose
  learn=$("$exe" learn --oracle rv32i-full --outputs "$group" $opts -o "$keep/$name.aig" \
    --max-seconds "$secs" --json)
  ver=$("$build/bench/bench_verify_outputs" "$keep/$name.aig" rv32i-full "$vectors")
  uni=$(printf '%s\n' "$ver" | grep '"dist":"uniform"')
  rv=$(printf '%s\n' "$ver" | grep '"dist":"rv32"')
  printf '{"bench":"rv32_full","outputs":"%s","options":"%s","max_seconds":%s,"seconds":%s,"stop":%s,"bsd_nodes":%s,"ands":%s,"learn_nodes":%s,"leaves_forced":%s,"queries":%s,"unfinished_mass":%s,"verify_vectors":%s,"failing_uniform":%s,"failing_rv32":%s,"wrong_bits_uniform":%s,"wrong_bits_rv32":%s}\n' \
    "$group" "$opts" "$secs" "$(field seconds "$learn")" "$(field stop "$learn")" \
    "$(field bsd_nodes "$learn")" "$(field ands "$learn")" "$(field learn_nodes "$learn")" \
    "$(field leaves_forced "$learn")" "$(field queries "$learn")" "$(field unfinished_mass "$learn")" \
    "$vectors" "$(field failing "$uni")" "$(field failing "$rv")" "$(field wrong_bits "$uni")" \
    "$(field wrong_bits "$rv")" | tee -a "$out"
done
