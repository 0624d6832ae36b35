#!/usr/bin/env bash
# Learns the whole rv32i-core oracle with the plain `bsyn learn --oracle rv32i-core`: the
# learner plans the output groups, their strategies and their time itself (docs/learner.md,
# "Groups"), from the oracle alone: no reference netlist and no order file is read. Prove
# the result afterwards (bsyn verify OUT.aig --formal REF.aig). This wrapper only keeps the
# options scripts and benches pass and writes one JSON line per group.
#
# usage: scripts/learn_core.sh [-b BUILD] [-t SECONDS] [-s SEED] [-j JSONL] OUT.aig [LEARN OPTIONS...]
#   -t SECONDS  the whole budget, --max-seconds (default 300)
#   -s SEED     the learners' seed (default 1)
#   -j JSONL    one JSON line per group appended here ({"group":...,"strategy":...,"ands":...})
#   LEARN OPTIONS go to bsyn learn (e.g. --trace FILE: importance samples for every group)
# Exit status: bsyn learn's (0 learned and checked, 2 a budget ended a group, 3 the check
# found it wrong), 1 on an error.
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
r=$("$build/bsyn" learn --oracle rv32i-core -o "$out" --max-seconds "$budget" --seed "$seed" \
      --json "$@")
rc=$?
[ $rc -eq 1 ] && exit 1
# the summary's "groups" array holds flat objects: one line each
grep -o '{"group":[^}]*}' <<<"$r" | tee -a "${jsonl:-/dev/null}"
exit $rc
