#!/usr/bin/env bash
# rtl_to_aig.sh — synthesizes a combinational Verilog module into binary AIGER (with symbols)
# whose inputs and outputs follow the module's port declaration order, bit 0 of each port
# first. That is the layout of bsyn's oracles when the ports are named and ordered like the
# oracle's fields (verify/rv32i_core.v and rv32i-core), so the result can be simulated against
# the oracle or compared with a learned netlist by position (`bsyn cec`, ABC `cec`).
#
# usage: scripts/rtl_to_aig.sh [--top NAME] [--abc 'CMDS'] [--log FILE] IN.v OUT.aig
#   --top NAME   top module (default: the file name without .v)
#   --abc CMDS   optimize afterwards with berkeley-abc Gia commands, e.g. '&dc2' or
#                '&dch -f; &dc2'; inputs, outputs and names keep their order
#   --log FILE   keep the Yosys log
#
# Yosys maps the design with `synth -flatten; abc -g AND`. Needs yosys (and berkeley-abc for
# --abc). Yosys lists AIGER inputs in its own internal order (an input wired straight to an
# output is listed under the output's name, for example), so the script reads Yosys' ASCII
# AIGER and renumbers inputs and outputs from the port list. Only ports declared [N-1:0] (or
# 1-bit) are supported. Paths must not contain spaces or quotes. Same input, same bytes out.
set -euo pipefail

die() {
  echo "rtl_to_aig.sh: error: $*" >&2
  exit 1
}

top="" abc_cmds="" log=""
while [ $# -gt 0 ]; do
  case "$1" in
  --top) [ $# -ge 2 ] || die "expected a module name after --top"; top=$2; shift 2 ;;
  --abc) [ $# -ge 2 ] || die "expected ABC commands after --abc"; abc_cmds=$2; shift 2 ;;
  --log) [ $# -ge 2 ] || die "expected a file after --log"; log=$2; shift 2 ;;
  -h | --help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
  -*) die "expected an option (--top, --abc, --log), found '$1'" ;;
  *) break ;;
  esac
done
[ $# -eq 2 ] || die "expected IN.v OUT.aig (see --help), found $# arguments"
in=$1 out=$2
[ -r "$in" ] || die "expected a readable Verilog file, found '$in'"
[ -n "$top" ] || top=$(basename "$in" .v)
command -v yosys >/dev/null || die "yosys is not installed"
if [ -n "$abc_cmds" ]; then
  command -v berkeley-abc >/dev/null || die "berkeley-abc is not installed (needed by --abc)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rtl_to_aig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The port list is taken before synthesis (write_json lists ports in declaration order).
if ! yosys -q -l "$tmp/yosys.log" -p "read_verilog -sv $in; hierarchy -check -top $top; proc;
     write_json $tmp/ports.json; synth -flatten -top $top; abc -g AND; aigmap; opt_clean;
     write_aiger -ascii -symbols $tmp/raw.aag" >/dev/null 2>&1; then
  grep -iE "error|warning" "$tmp/yosys.log" >&2 || tail -n 20 "$tmp/yosys.log" >&2
  die "yosys failed on $in"
fi
[ -z "$log" ] || cp "$tmp/yosys.log" "$log"

# Pass 1 (ports.json): the ports of module $top in order. Pass 2 (raw.aag): Yosys' AIGER.
# Writes binary AIGER: inputs renumbered to port order, ANDs kept (Yosys already numbers
# them after the inputs in topological order), outputs listed in port order.
LC_ALL=C awk -v top="$top" -v src="$in" -v out="$tmp/out.aig" '
function fail(msg) { print "rtl_to_aig.sh: error: " msg > "/dev/stderr"; failed = 1; exit 1 }
function putu(x) {  # AIGER binary delta: 7 bits per byte, high bit = more bytes follow
  while (x >= 128) { printf "%c", (x % 128) + 128 > out; x = int(x / 128) }
  printf "%c", x > out
}
function relit(l,   v) { v = int(l / 2); return (v >= 1 && v <= I ? 2 * newvar[v] : 2 * v) + l % 2 }
FNR == NR {
  if ($0 ~ /^    "/) { inmod = ($0 == "    \"" top "\": {"); next }
  if (!inmod) next
  if ($0 ~ /^      "ports": \{/) { inports = 1; next }
  if (inports && $0 ~ /^      [}]/) { inports = 0; next }
  if (!inports) next
  if ($0 ~ /^        "[^"]+": \{/) { name = $1; gsub(/[":]/, "", name); next }
  if ($0 ~ /"direction"/) { dir = ($0 ~ /"input"/) ? "i" : ($0 ~ /"output"/) ? "o" : "x"; next }
  if ($0 ~ /"(offset|upto)"/) fail("port " name " of " src ": expected a [N-1:0] range")
  if ($0 ~ /"bits"/) {
    if (dir == "x") fail("port " name " of " src ": expected input or output, found inout")
    width = split($0, parts, ",")
    np[dir]++; pname[dir, np[dir]] = name; pwidth[dir, np[dir]] = width
  }
  next
}
FNR == 1 {
  if (!np["i"] && !np["o"]) fail("expected module " top " with ports in " src)
  if ($1 != "aag" || $4 != 0) fail("expected a combinational aag header from yosys, found " $0)
  M = $2; I = $3; O = $5; A = $6; next
}
FNR <= 1 + I { inlit[FNR - 2] = $1; next }
FNR <= 1 + I + O { outlit[FNR - 2 - I] = $1; next }
FNR <= 1 + I + O + A { lhs[FNR - 2 - I - O] = $1; r0[FNR - 2 - I - O] = $2; r1[FNR - 2 - I - O] = $3; next }
/^[io][0-9]+ / { sym[substr($1, 1, 1), $2] = substr($1, 2) + 0; next }
END {
  if (failed) exit 1
  for (k = 0; k < I; k++) if (inlit[k] != 2 * (k + 1)) fail("expected input literal " 2 * (k + 1) ", found " inlit[k])
  for (d = 1; d <= 2; d++) {
    side = d == 1 ? "i" : "o"; pos = 0
    for (p = 1; p <= np[side]; p++)
      for (b = 0; b < pwidth[side, p]; b++) {
        nm = pname[side, p] "[" b "]"
        if (!((side, nm) in sym) && pwidth[side, p] == 1) nm = pname[side, p]
        if (!((side, nm) in sym)) fail("expected AIGER symbol for port bit " nm ", found none")
        order[side, pos] = sym[side, nm]; oname[side, pos] = nm; pos++
      }
    if (pos != (side == "i" ? I : O)) fail("expected " (side == "i" ? I : O) " port bits, found " pos)
  }
  for (k = 0; k < I; k++) newvar[order["i", k] + 1] = k + 1
  printf "aig %d %d 0 %d %d\n", M, I, O, A > out
  for (k = 0; k < O; k++) printf "%d\n", relit(outlit[order["o", k]]) > out
  for (j = 0; j < A; j++) {
    if (lhs[j] != 2 * (I + 1 + j)) fail("expected AND literal " 2 * (I + 1 + j) ", found " lhs[j])
    a = relit(r0[j]); c = relit(r1[j])
    if (a < c) { t = a; a = c; c = t }
    putu(lhs[j] - a); putu(a - c)
  }
  for (k = 0; k < I; k++) printf "i%d %s\n", k, oname["i", k] > out
  for (k = 0; k < O; k++) printf "o%d %s\n", k, oname["o", k] > out
  printf "c\n%s\nsynthesized from %s by yosys (scripts/rtl_to_aig.sh)\n", top, src > out
}' "$tmp/ports.json" "$tmp/raw.aag"

if [ -n "$abc_cmds" ]; then
  # &put + write_aiger -s keep the order of inputs and outputs and their names. ABC's comment
  # section carries a time stamp: it is replaced so that the output is reproducible.
  (cd "$tmp" && berkeley-abc -q "&r out.aig; $abc_cmds; &put; write_aiger -s opt.aig") >"$tmp/abc.log" 2>&1 ||
    { cat "$tmp/abc.log" >&2; die "berkeley-abc failed on '$abc_cmds'"; }
  [ -s "$tmp/opt.aig" ] || { cat "$tmp/abc.log" >&2; die "berkeley-abc wrote no AIG for '$abc_cmds'"; }
  num_out=$(head -n 1 "$tmp/opt.aig" | cut -d ' ' -f 5)
  last=$(LC_ALL=C grep -a -b -o "^o$((num_out - 1)) [^[:space:]]*\$" "$tmp/opt.aig" | tail -n 1) ||
    die "expected output symbols in ABC's AIGER, found none"
  off=${last%%:*} sym=${last#*:}
  { head -c $((off + ${#sym} + 1)) "$tmp/opt.aig"
    printf 'c\n%s\nsynthesized from %s by yosys (scripts/rtl_to_aig.sh), optimized by berkeley-abc: %s\n' \
      "$top" "$in" "$abc_cmds"; } >"$tmp/out.aig"
fi
mv "$tmp/out.aig" "$out"
