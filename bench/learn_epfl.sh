#!/bin/sh
# Learns the EPFL benchmark circuits as black boxes (aig: oracles) with `bsyn learn` from the
# oracle alone (its own counterexample search feeds mismatches back until a round finds none,
# or the rounds or the time budget run out), then proves the result against the original
# circuit with ABC (--reference is read only for that final proof), and writes JSON lines
# plus a markdown table.
#
# usage: bench/learn_epfl.sh [-b BUILD_DIR] [-d DATA_DIR] [-o OUT_DIR] [circuit...]
#   BUILD_DIR  a built tree (default: build)
#   DATA_DIR   the EPFL .aig files (default: ../shared/data/epfl next to the project)
#   OUT_DIR    default bench/results; writes learn_epfl.jsonl and learn_epfl.md there
#   circuits   default: ctrl int2float dec router adder bar priority multiplier
# The multiplier has no small BDD in any order: it runs under --max-seconds 30 and ends
# with a partial netlist and its unfinished mass.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
data=$root/../shared/data/epfl
out=$root/bench/results
while [ $# -gt 0 ]; do
  case $1 in
    -b) build=$2; shift 2 ;;
    -d) data=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- ctrl int2float dec router adder bar priority multiplier
exe=$build/bsyn
if [ ! -x "$exe" ]; then
  echo "bench/learn_epfl.sh: error: expected $exe, found nothing (build first)" >&2
  exit 1
fi
if ! command -v berkeley-abc >/dev/null 2>&1; then
  echo "bench/learn_epfl.sh: error: expected berkeley-abc on PATH for the proofs, found none" >&2
  exit 1
fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jsonl=$out/learn_epfl.jsonl
md=$out/learn_epfl.md
: >"$jsonl"
printf '| circuit | BSD nodes | AIG ANDs | refinement rounds | seconds | stop | proven |\n|---|---:|---:|---:|---:|---|---|\n' >"$md"
for c in "$@"; do
  f=$data/$c.aig
  if [ ! -r "$f" ]; then
    echo "bench/learn_epfl.sh: error: expected $f, found nothing" >&2
    exit 1
  fi
  budget=600
  [ "$c" = multiplier ] && budget=30
  "$exe" learn --oracle "aig:$f" -o "$tmp/$c.aig" --threads 1 \
    --reference "$f" --refine-rounds 100 --max-seconds "$budget" --json >"$tmp/$c.json" || {
    rc=$? # 2: a budget ended the run, 3: the proof failed (both reported in the row)
    [ $rc -eq 2 ] || [ $rc -eq 3 ] || exit $rc
  }
  line=$(cat "$tmp/$c.json")
  echo "$line" | tee -a "$jsonl"
  echo "$line" | awk -v c="$c" '
    function field(name,   r) {
      if (match($0, "\"" name "\":[^,}]*")) { r = substr($0, RSTART, RLENGTH); sub(/^[^:]*:/, "", r); gsub(/"/, "", r); return r }
      return "?"
    }
    { printf "| %s | %s | %s | %s | %.2f | %s | %s |\n", c, field("bsd_nodes"), field("ands"),
        field("refine_rounds"), field("seconds"), field("stop"), field("proven") }' >>"$md"
done
echo "bench/learn_epfl.sh: $jsonl and $md written" >&2
