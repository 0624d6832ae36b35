#!/usr/bin/env bash
# run_on_verilog.sh — runs an RV32I program on a gate-level rv32i-core netlist in Verilog
# (as `bsyn convert cpu.aig cpu.v` writes it) under Icarus Verilog or Verilator, with the
# testbench verify/tb/rv32i_core_tb.v. Prints the program's output like `bsyn run` and exits
# with the same code (the program's exit code; 0 for tohost = 1; 2 for a failed test,
# tohost = (N << 1) | 1; 3 on a trap; 124 at the step limit; 1 on an error).
#
# usage: scripts/run_on_verilog.sh [--sim iverilog|verilator] [--max-steps N] [--workdir DIR]
#                                  NETLIST.v PROG.elf
#   --sim        the simulator (default iverilog)
#   --max-steps  stop after N instructions (exit 124)
#   --workdir    keep the compiled simulation in DIR and reuse it for the same netlist
#                (Verilator compiles slowly); default: a temporary folder
#
# Needs bsyn (BSYN=path, else `bsyn` on PATH, else build/bsyn) for `bsyn elf2hex`, and the
# simulator. The netlist's module must have the rv32i-core ports in the oracle's bit order
# (160 one-bit inputs, then 155 one-bit outputs), which `bsyn convert` keeps.
set -euo pipefail

die() {
  echo "run_on_verilog.sh: error: $*" >&2
  exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
sim=iverilog max_steps=0 workdir=""
while [ $# -gt 0 ]; do
  case "$1" in
  --sim) [ $# -ge 2 ] || die "expected iverilog or verilator after --sim"; sim=$2; shift 2 ;;
  --max-steps) [ $# -ge 2 ] || die "expected a count after --max-steps"; max_steps=$2; shift 2 ;;
  --workdir) [ $# -ge 2 ] || die "expected a folder after --workdir"; workdir=$2; shift 2 ;;
  -h | --help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
  -*) die "expected an option (--sim, --max-steps, --workdir), found '$1'" ;;
  *) break ;;
  esac
done
[ $# -eq 2 ] || die "expected NETLIST.v PROG.elf (see --help), found $# arguments"
netlist=$1 prog=$2
[ -r "$netlist" ] || die "expected a readable netlist, found '$netlist'"
[ -r "$prog" ] || die "expected a readable program, found '$prog'"
case "$sim" in iverilog | verilator) ;; *) die "expected --sim iverilog or verilator, found '$sim'" ;; esac
[[ "$max_steps" =~ ^[0-9]+$ ]] || die "expected a step count, found '$max_steps'"
bsyn=${BSYN:-$(command -v bsyn || echo "$root/build/bsyn")}
[ -x "$bsyn" ] || die "bsyn not found (set BSYN=path/to/bsyn)"
command -v "$sim" >/dev/null || die "$sim is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run_on_verilog.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ -n "$workdir" ] || workdir=$tmp/build
mkdir -p "$workdir"

plusargs=$("$bsyn" elf2hex "$prog" "$tmp/prog.hex")

# The wrapper `bsyn_core`: the netlist's one-bit ports by position, as two vectors.
module=$(sed -n 's/^module \(\\\{0,1\}[^ (]*\).*/\1/p' "$netlist" | head -n 1)
[ -n "$module" ] || die "expected a module in $netlist, found none"
inputs=$(grep -c '^  input ' "$netlist" || true)
outputs=$(grep -c '^  output ' "$netlist" || true)
[ "$inputs" -eq 160 ] && [ "$outputs" -eq 155 ] ||
  die "expected 160 inputs and 155 outputs (the rv32i-core layout) in $netlist, found $inputs and $outputs"
{
  echo "module bsyn_core(input [159:0] in, output [154:0] out);"
  printf '  %s u (' "$module"
  for ((k = 0; k < 160; k++)); do printf 'in[%d], ' "$k"; done
  for ((k = 0; k < 155; k++)); do printf 'out[%d]%s' "$k" "$([ $k -lt 154 ] && echo ', ')"; done
  echo ");"
  echo "endmodule"
} >"$tmp/wrap.v"

# Reuse a compiled simulation only for the same netlist, wrapper and testbench.
key=$(cat "$netlist" "$tmp/wrap.v" "$root/verify/tb/rv32i_core_tb.v" | cksum | cut -d ' ' -f 1)
if [ "$(cat "$workdir/key" 2>/dev/null)" != "$sim-$key" ]; then
  rm -f "$workdir/key"
  if [ "$sim" = iverilog ]; then
    iverilog -g2012 -s rv32i_core_tb -o "$workdir/tb.vvp" "$root/verify/tb/rv32i_core_tb.v" \
      "$tmp/wrap.v" "$netlist" || die "iverilog failed"
  else
    cp "$tmp/wrap.v" "$workdir/wrap.v"
    verilator --binary -j 2 -O1 --top-module rv32i_core_tb -Wno-fatal -Wno-lint -Wno-style \
      -Mdir "$workdir/obj" -o Vtb "$root/verify/tb/rv32i_core_tb.v" "$workdir/wrap.v" \
      "$netlist" >"$workdir/verilator.log" 2>&1 || { tail -n 30 "$workdir/verilator.log" >&2; die "verilator failed"; }
  fi
  echo "$sim-$key" >"$workdir/key"
fi

# shellcheck disable=SC2086 # plusargs are words by design
args=(+hex="$tmp/prog.hex" +status="$tmp/status" +max_steps="$max_steps" $plusargs)
if [ "$sim" = iverilog ]; then
  vvp -n "$workdir/tb.vvp" "${args[@]}" | grep -v '^VCD info:\|^\$finish called\|: \$finish called at ' || true
else
  "$workdir/obj/Vtb" "${args[@]}" | grep -v '^- .*Verilog \$finish' || true
fi
[ -s "$tmp/status" ] || die "the simulation ended without a status"
code=$(sed -n '1s/^exit \([0-9]*\)$/\1/p' "$tmp/status")
[ -n "$code" ] || die "expected 'exit N' from the testbench, found '$(head -n 1 "$tmp/status")'"
sed -n '2,$p' "$tmp/status" | sed "s|^|run_on_verilog.sh: $prog: |" >&2
exit "$code"
