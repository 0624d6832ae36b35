#!/usr/bin/env bash
# Learns the rv32i-core oracle by output groups, each with its own learner, options and
# budget, and joins the groups into one netlist in the oracle's output order
# (docs/rv32-learning.md). A group that is learned exactly stays exact whatever the others do.
# Learning stands on the oracle alone: input orders are found from its answers (--order
# auto) and counterexamples by the learner's own search (--verify-vectors); no reference
# netlist is read. Prove the result afterwards (bsyn verify OUT.aig --formal REF.aig).
#
# usage: scripts/learn_core.sh [-b BUILD] [-t SECONDS] [-s SEED] [-j JSONL] OUT.aig [LEARN OPTIONS...]
#   -t SECONDS  whole budget (default 300), learning and refinement rounds: control and
#               mem_addr a tenth each, rd_wdata[1-31] half of what is left then (at least
#               60 s), rd_wdata[0] a third of what is left then (at least 20 s), next_pc and
#               trap the rest (at least 60 s); groups that finish sooner leave their time to
#               the next
#   -s SEED     the learners' seed (default 1)
#   -j JSONL    one JSON line per group appended here ({"group":..., "learn":{...}})
#   LEARN OPTIONS go to the budgeted next_pc group (e.g. --trace FILE: importance samples
#               for a group that does not finish; the others learn from the oracle alone,
#               since trace words made the control group blow up: docs/rv32-learning.md §7)
# Exit status: 0 when every group was learned and joined, 1 on an error.
set -uo pipefail
build=build
budget=300
seed=1
jsonl=
while getopts "b:t:s:j:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    t) budget=$OPTARG ;;
    s) seed=$OPTARG ;;
    j) jsonl=$OPTARG ;;
    *) exit 1 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
  echo "scripts/learn_core.sh: error: expected OUT.aig, found nothing" >&2
  exit 1
fi
out=$1
shift
bsyn="$build/bsyn"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
# left D [FLOOR]: the budget left, divided by D, at least FLOOR seconds (default 5)
left() { awk -v t0="$t0" -v b="$budget" -v n="$(now)" -v d="$1" -v f="${2:-5}" \
  'BEGIN { r = (b - (n - t0)) / d; printf "%.1f", r < f ? f : r }'; }

# refinement from the oracle: simulation mismatches, then the boundary search, per round
check=(--verify-vectors 1000000 --refine-rounds 40)
extra=("$@")
t0=$(now)
tenth=$(awk -v b="$budget" 'BEGIN { printf "%.1f", b / 10 }')
parts=()

# group NAME OUTPUTS SECONDS [LEARN OPTIONS...]: learns one group into a part, one JSON line.
# A free-order diagram can blow up on one seed and not on the next (docs/rv32-learning.md
# §11): a group run with --max-nodes that ends at that budget is learned again with the
# next seed, up to two more times (the JSON line says which seed gave the part).
group() {
  local name=$1 outs=$2 secs=$3 file r rc try
  shift 3
  file="$work/$(tr -c 'a-z0-9_\n' _ <<<"$name").aig"
  for try in 0 1 2; do
    # exit 2 (a budget ended learning) and 3 (the check found it wrong) still write the part;
    # the JSON line says which, and the proof afterwards decides
    r=$("$bsyn" learn --oracle rv32i-core --outputs "$outs" -o "$file" --max-seconds "$secs" \
          "$@" --seed $((seed + try)) --json)
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 2 ] && [ $rc -ne 3 ]; then
      echo "scripts/learn_core.sh: error: learning the $name group failed" >&2
      exit 1
    fi
    grep -q '"stop":"node budget"' <<<"$r" || break
  done
  echo "{\"group\":\"$name\",\"seed\":$((seed + try)),\"learn\":$r}" | tee -a "${jsonl:-/dev/null}"
  parts+=("$file")
}

# free-order groups also learn a second diagram from another seed and let ABC compare the
# two (--cross-check): the oracle answers where they differ (docs/learner.md)
group control rs1_addr,rs2_addr,rd_we,rd_addr,mem_re,mem_we,mem_wstrb,cause,mem_wdata \
  "$tenth" "${check[@]}" --cross-check
# ordered diagrams (docs/rv32-learning.md §9, §11): the order found from the answers reads
# the decode bits first and walks every adder from bit 0; gates in path form (outputs share
# the carry chain)
group mem_addr mem_addr "$tenth" --epsilon 0.001 --order auto "${check[@]}"
group "rd_wdata[1-31]" "rd_wdata[1-31]" "$(left 2 60)" --epsilon 0.001 --pair-fields \
  --max-nodes 150000 "${check[@]}" --cross-check
# SLT, SLTU, SLTI, SLTIU: one input per level from uniform words; the rare cases (operands
# equal or near the immediate) come from the counterexample search (docs/rv32-learning.md §8)
group "rd_wdata[0]" "rd_wdata[0]" "$(left 3 20)" --epsilon 0.001 --sampler uniform \
  --level-order --sens-words 16 "${check[@]}" --cross-check
# trap with next_pc (next_pc = pc on a trap): in the order of next_pc its diagram is small
# whatever the seed, where learned alone its free order blew up on some seeds
group "next_pc,trap" next_pc,trap "$(left 1 60)" --sampler rv32 --order auto --epsilon 0.0003 \
  "${check[@]}" "${extra[@]}"
"$bsyn" join --oracle rv32i-core -o "$out" "${parts[@]}"
