#!/usr/bin/env bash
# Compares benchmark results with baselines and flags regressions over a threshold.
#
# usage: bench/compare.sh BASELINE_DIR RESULT_DIR [PERCENT]     (default 10)
# Every RESULT_DIR/<name>.jsonl with a BASELINE_DIR/<name>.jsonl of the same name is
# compared row by row. Rows are matched on their identifying fields (bench, case, kernel,
# backend, plan, mode, threads, oracle); the figure compared is the first of
# node_words_per_s, vectors_per_s, inst_per_s, per_s (higher is better) or seconds (lower is
# better) that the row has. A row whose "equivalent" turned false is a regression whatever
# its speed. Exit 1 when anything regressed.
set -uo pipefail
base=${1:?usage: bench/compare.sh BASELINE_DIR RESULT_DIR [PERCENT]}
res=${2:?usage: bench/compare.sh BASELINE_DIR RESULT_DIR [PERCENT]}
pct=${3:-10}
bad=0
for r in "$res"/*.jsonl; do
  [ -e "$r" ] || continue
  b="$base/$(basename "$r")"
  [ -f "$b" ] || continue
  awk -v pct="$pct" -v name="$(basename "$r" .jsonl)" '
    function str(k,   s) { s = $0; if (!match(s, "\"" k "\":\"[^\"]*\"")) return ""; s = substr(s, RSTART, RLENGTH); sub("^\"" k "\":\"", "", s); sub("\"$", "", s); return s }
    function num(k,   s) { s = $0; if (!match(s, "\"" k "\":[-0-9.eE+]+")) return ""; s = substr(s, RSTART, RLENGTH); sub("^\"" k "\":", "", s); return s }
    function key(   k, i, ids) {
      split("bench case kernel backend plan mode oracle", ids, " ")
      k = ""
      for (i = 1; i in ids; i++) k = k "|" str(ids[i])
      return k "|" num("threads")
    }
    function metric(   m, i, names) {
      split("node_words_per_s vectors_per_s inst_per_s per_s", names, " ")
      for (i = 1; i in names; i++) if ((m = num(names[i])) != "") { dir = 1; return m }
      dir = -1
      return num("seconds")
    }
    FNR == NR { k = key(); m = metric(); if (m != "") { bv[k] = m; bd[k] = dir }; next }
    {
      k = key(); m = metric()
      if (index($0, "\"equivalent\":false")) { printf "REGRESSION %s %s: no longer equivalent\n", name, k; bad = 1; next }
      if (m == "" || !(k in bv) || bv[k] == 0) next
      change = bd[k] > 0 ? (m - bv[k]) / bv[k] : (bv[k] - m) / bv[k]
      if (change < -pct / 100) { printf "REGRESSION %s %s: %.4g -> %.4g (%+.0f%%)\n", name, k, bv[k], m, 100 * change; bad = 1 }
      else compared++
    }
    END { printf "%s: %d rows within %s%% of the baseline\n", name, compared, pct; exit bad }
  ' "$b" "$r" || bad=1
done
exit $bad
