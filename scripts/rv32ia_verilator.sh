#!/usr/bin/env bash
# rv32ia_verilator.sh — builds the RTL verify/rv32ia_priv.v with Verilator into an `exec:`
# oracle responder (verify/tb/rv32ia_priv_exec.cpp), so that bsyn runs programs on the
# verilated RTL:
#
#   scripts/rv32ia_verilator.sh DIR
#   bsyn run --oracle exec:DIR/rv32ia_priv_exec [--lockstep] PROG.elf
#
# DIR keeps Verilator's work; the build is skipped when DIR/rv32ia_priv_exec is newer than
# the RTL and the harness. Needs verilator and a C++ compiler. Prints the responder's path.
set -euo pipefail

die() {
  echo "rv32ia_verilator.sh: error: $*" >&2
  exit 1
}

[ $# -eq 1 ] || die "expected one folder (see the header), found $# arguments"
case "$1" in -h | --help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
rtl=$root/verify/rv32ia_priv.v harness=$root/verify/tb/rv32ia_priv_exec.cpp
exe=$dir/rv32ia_priv_exec
command -v verilator >/dev/null || die "verilator is not installed"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
exe=$dir/rv32ia_priv_exec
if [ ! -x "$exe" ] || [ "$rtl" -nt "$exe" ] || [ "$harness" -nt "$exe" ]; then
  verilator --cc --exe --build -j 2 -O2 --top-module rv32ia_priv -Mdir "$dir/obj" \
    -o "$exe" "$rtl" "$harness" >"$dir/build.log" 2>&1 ||
    { tail -n 30 "$dir/build.log" >&2; die "verilator failed (log: $dir/build.log)"; }
fi
echo "$exe"
