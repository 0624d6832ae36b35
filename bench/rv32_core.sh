#!/bin/sh
# Learns rv32i-core (all outputs, or an output group) under a time budget for each learner
# configuration given, verifies the result on uniform and RV32-aware vectors, and, when no
# vector disagrees, asks ABC to prove it equal to the RTL reference. One JSON line per
# configuration: the learner's summary fields that matter here, the verifier's failing
# vector counts (uniform and rv32 for the whole core; for an output group, the learning
# distribution's through --verify-vectors), and "proven" (true, false, or null when not
# attempted; "equivalent" is true only when proven).
#
# usage: bench/rv32_core.sh [-b BUILD_DIR] [-o OUT.jsonl] [-t SECONDS] [-n VECTORS]
#                           [-g OUTPUTS] [-r REF.aig] [-- CONFIG...]
#        bench/rv32_core.sh BUILD_DIR OUT_DIR     (as bench/run_all.sh calls it: the default
#                                                  configurations into OUT_DIR/rv32_core.jsonl)
#   BUILD_DIR  a built tree (default: build)
#   OUT        JSON lines appended here (default: bench/results/rv32_core.jsonl)
#   SECONDS    --max-seconds of each learn run (default 90)
#   VECTORS    vectors per distribution for `bsyn verify` (default 1000000)
#   OUTPUTS    --outputs of the learn runs (default: all; then verification uses bsyn
#              verify, else bsyn learn --verify-vectors on the learning distribution)
#   REF        reference netlist (default: synthesized from verify/rv32i_core.v when yosys
#              is installed; without one, nothing is proven)
#   CONFIG     bsyn learn options as one word with ':' for spaces, e.g.
#              "--sampler:stress" "--sampler:rv32:--lookahead:8" (default: both samplers,
#              look-ahead off and on)
# Timings depend on the machine and its load; node and AND counts of a run that ends with
# "stop":"done" do not.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results/rv32_core.jsonl
secs=90
vectors=1000000
group=""
ref=""
while [ $# -gt 0 ]; do
  case $1 in
  -b) build=$2; shift 2 ;;
  -o) out=$2; shift 2 ;;
  -t) secs=$2; shift 2 ;;
  -n) vectors=$2; shift 2 ;;
  -g) group=$2; shift 2 ;;
  -r) ref=$2; shift 2 ;;
  --) shift; break ;;
  -*) echo "bench/rv32_core.sh: error: expected an option (-b -o -t -n -g -r), found '$1'" >&2; exit 1 ;;
  *) break ;;
  esac
done
if [ $# -eq 2 ] && [ -d "$1" ] && [ -d "$2" ]; then
  build=$(cd "$1" && pwd) out=$2/rv32_core.jsonl
  set --
fi
[ $# -gt 0 ] || set -- --sampler:stress --sampler:stress:--lookahead:8 --sampler:rv32 \
  --sampler:rv32:--lookahead:8
exe=$build/bsyn
if [ ! -x "$exe" ]; then
  echo "bench/rv32_core.sh: error: expected $exe, found nothing (build first)" >&2
  exit 1
fi
tmp=$(mktemp -d /tmp/bsyn-rv32-core-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$out")"
if [ -z "$ref" ] && command -v yosys >/dev/null 2>&1; then
  ref=$tmp/ref.aig
  "$root/scripts/rtl_to_aig.sh" "$root/verify/rv32i_core.v" "$ref" >/dev/null
fi
# field FIELD JSON: the value of a top-level number, string or literal field
field() { printf '%s' "$2" | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | head -n 1; }
for config in "$@"; do
  opts=$(printf '%s' "$config" | tr ':' ' ')
  outsel=""
  [ -z "$group" ] || outsel="--outputs $group"
  verify_opt=""
  [ -z "$group" ] || verify_opt="--verify-vectors $vectors --refine-rounds 0"
  # shellcheck disable=SC2086 # opts and outsel are word lists on purpose
  learn=$("$exe" learn --oracle rv32i-core $outsel $opts -o "$tmp/core.aig" --max-seconds "$secs" \
    $verify_opt --json)
  if [ -z "$group" ]; then
    ver=$("$exe" verify "$tmp/core.aig" --oracle rv32i-core --vectors "$vectors" --json || true)
    uni=$(printf '%s' "$ver" | sed -n 's/.*"name":"uniform","vectors":[0-9]*,"failing":\([0-9]*\).*/\1/p')
    rv=$(printf '%s' "$ver" | sed -n 's/.*"name":"rv32","vectors":[0-9]*,"failing":\([0-9]*\).*/\1/p')
  else
    uni=null rv=null
    lrn=$(field mismatches "$learn")
  fi
  lrn=${lrn:-null}
  proven=null
  if [ -n "$ref" ] && [ -z "$group" ] && [ "$uni" = 0 ] && [ "$rv" = 0 ]; then
    if "$exe" verify "$tmp/core.aig" --formal "$ref" --json >/dev/null; then proven=true; else proven=false; fi
  fi
  printf '{"bench":"rv32_core","case":"%s %s","config":"%s","outputs":"%s","max_seconds":%s,"seconds":%s,"stop":%s,"bsd_nodes":%s,"ands":%s,"learn_nodes":%s,"merges_rejected":%s,"merges_cyclic":%s,"leaves_forced":%s,"max_frontier":%s,"verify_vectors":%s,"failing_uniform":%s,"failing_rv32":%s,"failing_learning":%s,"proven":%s,"equivalent":%s}\n' \
    "${group:-all}" "$opts" "$opts" "${group:-all}" "$secs" "$(field seconds "$learn")" "$(field stop "$learn")" \
    "$(field bsd_nodes "$learn")" "$(field ands "$learn")" "$(field learn_nodes "$learn")" \
    "$(field merges_rejected "$learn")" "$(field merges_cyclic "$learn")" \
    "$(field leaves_forced "$learn")" "$(field max_frontier "$learn")" "$vectors" \
    "${uni:-null}" "${rv:-null}" "$lrn" "$proven" "$([ "$proven" = true ] && echo true || echo false)" | tee -a "$out"
done
