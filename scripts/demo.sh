#!/usr/bin/env bash
# The main job on built-in defaults: learn gates from behaviour alone, prove or measure them,
# and run real programs on the learned CPU core. Writes everything under out/ and a report
# (out/report.md, out/report.json). Every figure in the report comes from this run.
#
# usage: scripts/demo.sh [BUILD_DIR]     (make demo builds first, then runs this)
# Environment: BSYN_DEMO_SECONDS (learning budget for rv32i-core, default 300).
set -uo pipefail
build=${1:-build}
bsyn="$build/bsyn"
out=out
budget=${BSYN_DEMO_SECONDS:-300}
if [ ! -x "$bsyn" ]; then
  echo "scripts/demo.sh: error: expected the bsyn binary at $bsyn, found none (run make demo)" >&2
  exit 1
fi
mkdir -p "$out"
json_rows=()
md_rows=()
have() { command -v "$1" >/dev/null 2>&1; }
step() { printf '\n== %s\n' "$*"; }
# a field of a one-line JSON object: jget '<json>' key
jget() { sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$1" | tr -d '"'; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# 1. The thin slice: an arithmetic oracle, learned, then proved equal to a ripple-carry adder.
step "learn arith:add32 and prove it equal to its reference netlist"
t0=$(date +%s.%N)
"$bsyn" oracle reference arith:add32 "$out/add32-ref.aig" || exit 1
add=$("$bsyn" learn --oracle arith:add32 -o "$out/add32.aig" --json) || exit 1
echo "$add"
proof="not run (berkeley-abc missing)"
if have berkeley-abc; then
  if "$bsyn" verify "$out/add32.aig" --formal "$out/add32-ref.aig"; then proof=proved; else proof=FAILED; fi
fi
md_rows+=("| arith:add32 | $(jget "$add" seconds) | $(jget "$add" bsd_nodes) | $(jget "$add" ands) | $proof |")
json_rows+=("{\"case\":\"arith:add32\",\"learn\":$add,\"formal\":\"$proof\"}")

# 2. A netlist used only as a black box (EPFL benchmark), learned and proved equal to it.
epfl=../shared/data/epfl
for c in ctrl int2float router; do
  [ -f "$epfl/$c.aig" ] || continue
  step "learn the EPFL $c circuit as a black box and prove it"
  r=$("$bsyn" learn --oracle "aig:$epfl/$c.aig" -o "$out/$c.aig" --json \
        $(have berkeley-abc && echo --reference "$epfl/$c.aig"))
  echo "$r"
  p=$(jget "$r" proven)
  [ "$p" = true ] && p=proved || p="${p:-not run}"
  md_rows+=("| aig:$c | $(jget "$r" seconds) | $(jget "$r" bsd_nodes) | $(jget "$r" ands) | $p |")
  json_rows+=("{\"case\":\"aig:$c\",\"learn\":$r}")
done

# 3. Real programs on the reference model, and their traces (vectors the learned core is checked on).
progs=()
for p in "$build"/programs/*.elf; do
  [ -e "$p" ] || continue
  case "$(basename "$p")" in trap_* | spin.elf | tohost_fail.elf) continue ;; esac
  progs+=("$p")
done
traces=()
if [ ${#progs[@]} -gt 0 ]; then
  step "run the C programs on the reference model and record their traces"
  for p in "$build"/programs/{sieve,crc32,sort}.elf; do
    [ -e "$p" ] || continue
    t="$out/$(basename "$p" .elf).trace"
    "$bsyn" trace "$p" --oracle rv32i-core -o "$t" >/dev/null && traces+=(--trace "$t")
    echo "$(basename "$p"): traced into $t"
  done
else
  echo "(no RV32 programs: riscv64-unknown-elf-gcc was not found when building)"
fi

# 4. The CPU core: learned from the rv32i-core oracle alone by output groups
#    (scripts/learn_core.sh: no reference read); then verified, proven equal to the
#    independent RTL when Yosys and ABC are installed, and run.
rtl=
if have yosys && have berkeley-abc &&
   bash scripts/rtl_to_aig.sh verify/rv32i_core.v "$out/rtl.aig" >/dev/null 2>&1; then
  rtl="$out/rtl.aig"
  rtl_ands=$("$bsyn" stats "$rtl" --json | sed -n 's/.*"ands":\([0-9]*\).*/\1/p')
fi
step "learn rv32i-core by output groups (budget ${budget}s)"
t_core=$(date +%s.%N)
rm -f "$out/groups.jsonl"
# bsyn learn's exit 2 (a budget cut a group) and 3 (its own check found a mismatch) still
# write the netlist: the proof below decides and says so loudly
bash scripts/learn_core.sh -b "$build" -t "$budget" -j "$out/groups.jsonl" \
  "$out/rv32i-core.aig"
[ $? -eq 1 ] && exit 1
"$bsyn" convert "$out/rv32i-core.aig" "$out/rv32i-core.blif" || exit 1
"$bsyn" convert "$out/rv32i-core.aig" "$out/rv32i-core.v" || exit 1
learn_s=$(elapsed "$t_core")
core_stats=$("$bsyn" stats "$out/rv32i-core.aig" --json)
core_ands=$(jget "$core_stats" ands)
group_rows=()
group_json=()
while IFS= read -r g; do
  group_json+=("$g")
  group_rows+=("| $(jget "$g" group) | $(jget "$g" strategy) | $(jget "$g" seed) | $(jget "$g" seconds) | $(jget "$g" stop) | $(jget "$g" bsd_nodes) | $(jget "$g" ands) | $(jget "$g" queries) | $(jget "$g" refine_rounds) | $(jget "$g" self_cex) |")
done <"$out/groups.jsonl"

step "verify the learned core against the oracle (uniform, RV32-aware and trace vectors)"
t_ver=$(date +%s.%N)
"$bsyn" verify "$out/rv32i-core.aig" --oracle rv32i-core --vectors 1000000 "${traces[@]}" \
  >"$out/verify.txt" 2>&1
verify_rc=$?
verify_s=$(elapsed "$t_ver")
head -n 24 "$out/verify.txt"
verdict=$(grep -E '^(PASS|FAIL)' "$out/verify.txt" | tail -n 1)

# ANDs after ABC's &dc2, then after &dch -f; &dc2, then after a second &dch -f; &dc2 (all
# keep the function), one per line, the netlist written after each &dch round; fewer lines
# when ABC takes more than 240 s
abc_sizes() {
  stdbuf -oL timeout 240 berkeley-abc -c "&r $1; &dc2; &ps; &dch -f; &dc2; &ps; &w $2; &dch -f; &dc2; &ps; &w $2" \
    2>/dev/null | sed -n 's/.*and = *\([0-9]*\).*/\1/p'
}
size_line="not measured (berkeley-abc missing, or it ran past 240 s)"
size_json=null
if have berkeley-abc; then
  step "size: the learned core and the RTL after ABC &dc2, then &dch -f; &dc2 twice"
  rtl_opt=()
  rm -f "$out/rv32i-core-opt.aig" "$out/rtl-opt.aig"
  mapfile -t core_opt < <(abc_sizes "$out/rv32i-core.aig" "$out/rv32i-core-opt.aig")
  if [ -n "$rtl" ]; then
    mapfile -t rtl_opt < <(abc_sizes "$rtl" "$out/rtl-opt.aig")
  fi
  n=${#core_opt[@]}
  if [ "$n" -ge 1 ] && [ ${#rtl_opt[@]} -eq 3 ]; then
    # the ratio compares the two after the same passes
    ratio=$(awk -v a="${core_opt[n - 1]}" -v b="${rtl_opt[n - 1]}" 'BEGIN { printf "%.1f", a / b }')
    size_line="learned $core_ands ANDs, ${core_opt[0]} after &dc2, ${core_opt[1]:-not finished} after &dch -f; &dc2, ${core_opt[2]:-not finished} after it twice (out/rv32i-core-opt.aig); RTL $rtl_ands, ${rtl_opt[0]}, ${rtl_opt[1]}, ${rtl_opt[2]}; ratio ${ratio}x"
    size_json="{\"learned\":[$core_ands,${core_opt[0]},${core_opt[1]:-null},${core_opt[2]:-null}],\"rtl\":[$rtl_ands,${rtl_opt[0]},${rtl_opt[1]},${rtl_opt[2]}],\"ratio\":$ratio}"
  fi
  echo "$size_line"
fi

formal="not run (yosys or berkeley-abc missing)"
formal_s=0
if [ -n "$rtl" ]; then
  t_formal=$(date +%s.%N)
  step "prove the learned core equal to the independent RTL (verify/rv32i_core.v)"
  if [ "$verify_rc" -ne 0 ]; then
    formal="skipped: simulation already found mismatches"
  elif "$bsyn" verify "$out/rv32i-core.aig" --formal "$rtl" >"$out/formal.txt" 2>&1; then
    formal=proved
  else
    formal="FAILED (see out/formal.txt)"
  fi
  formal_s=$(elapsed "$t_formal")
fi

passed=0
total=0
if [ ${#progs[@]} -gt 0 ]; then
  step "run every program on the learned gates in lock-step with the reference model"
  for p in "${progs[@]}"; do
    total=$((total + 1))
    if timeout 120 "$bsyn" run --netlist "$out/rv32i-core.aig" --oracle rv32i-core --lockstep \
         --max-steps 2000000 "$p" >"$out/run-$(basename "$p" .elf).txt" 2>&1; then
      passed=$((passed + 1))
      echo "  pass  $(basename "$p")"
    else
      echo "  FAIL  $(basename "$p"): $(tail -n 1 "$out/run-$(basename "$p" .elf).txt")"
    fi
  done
fi

md_rows+=("| rv32i-core | $learn_s | — | $core_ands | $formal |")
json_rows+=("{\"case\":\"rv32i-core\",\"groups\":[$(IFS=,; echo "${group_json[*]}")],\"ands\":$core_ands,\"learn_seconds\":$learn_s,\"verify\":\"$verdict\",\"verify_seconds\":$verify_s,\"formal\":\"$formal\",\"formal_seconds\":$formal_s,\"programs_passed\":$passed,\"programs\":$total,\"size\":$size_json}")

{
  echo "# bsyn demo report"
  echo
  echo "Run on $(hostname) ($(nproc) cores) at $(date -u +%Y-%m-%dT%H:%M:%SZ) by \`make demo\`."
  echo
  echo "| oracle | learn seconds | BSD nodes | AIG ANDs | proof |"
  echo "|---|---:|---:|---:|---|"
  printf '%s\n' "${md_rows[@]}"
  echo
  echo "## rv32i-core"
  echo
  echo "- \`bsyn learn --oracle rv32i-core\` (groups, strategies and orders chosen by the learner),"
  echo "  ${learn_s} s wall, $core_ands ANDs joined; learned from the oracle alone (orders found from"
  echo "  its answers, counterexamples from the learner's own search and a second learner; the"
  echo "  RTL is read only by the final proof below):"
  echo
  echo "  | group | strategy | seed | seconds | stop | BSD nodes | ANDs | oracle queries | refinement rounds | self-found counterexamples |"
  echo "  |---|---|---:|---:|---|---:|---:|---:|---:|---:|"
  printf '  %s\n' "${group_rows[@]}"
  echo
  echo "- learned, simulated and proved in $(awk -v a="$learn_s" -v b="$verify_s" -v c="$formal_s" 'BEGIN { printf "%.1f", a + b + c }') s"
  echo "- verification (${verify_s} s, out/verify.txt): $verdict"
  echo "- formal equivalence with verify/rv32i_core.v (${formal_s} s, out/formal.txt): $formal${rtl_ands:+ (the RTL synthesizes to $rtl_ands ANDs)}"
  echo "- programs on the learned gates (lock-step with the reference): $passed of $total passed"
  echo "- size (ANDs as learned, after &dc2, after &dch -f; &dc2 once and twice; ratio to the RTL after the same): $size_line"
  echo "- netlists: out/rv32i-core.aig, .blif, .v"
} >"$out/report.md"
printf '[%s]\n' "$(IFS=,; echo "${json_rows[*]}")" >"$out/report.json"
step "report: $out/report.md"
cat "$out/report.md"
echo "total $(elapsed "$t0") s"
case "$formal" in
FAILED* | skipped*)
  echo "" >&2
  echo "scripts/demo.sh: error: the core learned from the oracle alone is NOT proven equal to the RTL: $formal" >&2
  [ -f "$out/formal.txt" ] && cat "$out/formal.txt" >&2
  exit 1
  ;;
esac
