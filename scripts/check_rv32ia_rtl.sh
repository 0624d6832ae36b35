#!/usr/bin/env bash
# check_rv32ia_rtl.sh — checks the independent RTL of the rv32ia-priv step
# (verify/rv32ia_priv.v) against the C oracle `rv32ia-priv`: synthesizes the RTL to an AIG
# (scripts/rtl_to_aig.sh) and runs `bsyn verify` on N vectors per distribution. Both are
# written from docs/rv32ia-priv.md separately; a mismatch means one of them misreads it.
#
# usage: scripts/check_rv32ia_rtl.sh [--dist D] [--seed S] [--threads T] [--aig FILE] [N]
#   N           vectors per distribution (default 1M; k, M, G and 1e6 forms as bsyn verify)
#   --dist D    distributions, comma-separated (default: bsyn verify's own default)
#   --seed S    seed of the distributions (default 1)
#   --threads T threads for bsyn verify (default 0: one per core)
#   --aig FILE  use this synthesized AIG instead of synthesizing (and keep nothing)
#
# Needs yosys (unless --aig) and bsyn (BSYN=path, else `bsyn` on PATH, else build/bsyn).
# Exit 0: no mismatch; 1: a mismatch or an error (bsyn verify's report says which vector).
set -euo pipefail

die() {
  echo "check_rv32ia_rtl.sh: error: $*" >&2
  exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
dist="" seed=1 threads=0 aig=""
while [ $# -gt 0 ]; do
  case "$1" in
  --dist) [ $# -ge 2 ] || die "expected distributions after --dist"; dist=$2; shift 2 ;;
  --seed) [ $# -ge 2 ] || die "expected a seed after --seed"; seed=$2; shift 2 ;;
  --threads) [ $# -ge 2 ] || die "expected a count after --threads"; threads=$2; shift 2 ;;
  --aig) [ $# -ge 2 ] || die "expected a file after --aig"; aig=$2; shift 2 ;;
  -h | --help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
  -*) die "expected an option (--dist, --seed, --threads, --aig), found '$1'" ;;
  *) break ;;
  esac
done
[ $# -le 1 ] || die "expected at most one vector count (see --help), found $# arguments"
vectors=${1:-1M}
bsyn=${BSYN:-$(command -v bsyn || echo "$root/build/bsyn")}
[ -x "$bsyn" ] || die "bsyn not found (set BSYN=path/to/bsyn)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check_rv32ia_rtl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ -z "$aig" ]; then
  aig=$tmp/rv32ia_priv.aig
  "$root/scripts/rtl_to_aig.sh" "$root/verify/rv32ia_priv.v" "$aig"
fi
[ -r "$aig" ] || die "expected a readable AIG, found '$aig'"

args=(verify "$aig" --oracle rv32ia-priv --vectors "$vectors" --seed "$seed" --threads "$threads")
[ -z "$dist" ] || args+=(--dist "$dist")
echo "+ bsyn ${args[*]}" >&2
rc=0
"$bsyn" "${args[@]}" || rc=$?
exit "$rc"
