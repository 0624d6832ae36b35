#!/usr/bin/env bash
# rv32i-core learned from the oracle alone (the plain `bsyn learn --oracle rv32i-core`
# through scripts/learn_core.sh: groups, strategies and orders chosen by the learner, its own
# counterexample search, no reference read), then proven against the RTL, for each seed. One
# JSON line per seed on stdout:
#   {"bench":"oracle_alone","case":"rv32i-core","seed":S,"seconds":learning wall time,
#    "exit":bsyn learn's exit code,"ands":joined ANDs,"ands_abc":after ABC &dch -f; &dc2,
#    "rtl_abc":the RTL after the same,"proven":true|false,"groups":[one object per group]}
#
# usage: bench/oracle_alone.sh [BUILD_DIR] [SEEDS...]     (default seeds 1 2 3; needs yosys
#        and berkeley-abc for the proof)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$root/scripts/rtl_to_aig.sh" "$root/verify/rv32i_core.v" "$work/ref.aig" >/dev/null 2>&1 || {
  echo "bench/oracle_alone.sh: error: expected yosys and berkeley-abc for the RTL, found none" >&2
  exit 1
}
# ANDs after ABC's `&dch -f; &dc2`
abc_ands() { berkeley-abc -q "&r $1; &dch -f; &dc2; &ps" 2>/dev/null | sed -n 's/.*and = *\([0-9]*\).*/\1/p'; }
rtl_abc=$(abc_ands "$work/ref.aig")
for s in "${seeds[@]}"; do
  t0=$(date +%s.%N)
  bash "$root/scripts/learn_core.sh" -b "$build" -t 300 -s "$s" -j "$work/g$s.jsonl" \
    "$work/core$s.aig" >/dev/null
  rc=$?
  [ $rc -eq 1 ] && exit 1
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  ands=$("$build/bsyn" stats "$work/core$s.aig" --json | sed -n 's/.*"ands":\([0-9]*\).*/\1/p')
  proven=false
  "$build/bsyn" verify "$work/core$s.aig" --formal "$work/ref.aig" >/dev/null 2>&1 && proven=true
  printf '{"bench":"oracle_alone","case":"rv32i-core","seed":%s,"seconds":%s,"exit":%s,"ands":%s,"ands_abc":%s,"rtl_abc":%s,"proven":%s,"groups":[%s]}\n' \
    "$s" "$secs" "$rc" "$ands" "$(abc_ands "$work/core$s.aig")" "$rtl_abc" "$proven" \
    "$(paste -sd, "$work/g$s.jsonl")"
done
