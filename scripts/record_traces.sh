#!/usr/bin/env bash
# record_traces.sh — records rv32ia-priv traces (docs/traces.md) of the programs a build made:
# the p-environment programs of programs/priv (the ends_* ones left out), the scheduler of
# programs/rtos and the C programs of programs/c through the ecall shim; then joins them into
# one trace for `bsyn learn --trace`:
#
#   scripts/record_traces.sh [-b BUILD] [-o DIR] [--per-pc N] [--oracle SPEC]
#
#   -b BUILD      the build folder with bsyn and programs/ (default: build)
#   -o DIR        where the traces go (default: out/traces/rv32ia-priv):
#                 DIR/priv/<name>.trace, DIR/rtos.trace, DIR/c/<name>.trace, DIR/all.trace,
#                 and DIR/summary.tsv (program, steps, vectors, bytes)
#   --per-pc N    record each program with --dedup --per-pc N (default 256); 0 records
#                 every step (the C programs then take 19-420 MB each)
#   --oracle SPEC rv32ia-priv (default) or rv32ia-priv:hints
#
# Exit 0 when every program passed and every trace was written; 1 otherwise.
set -euo pipefail

die() {
  echo "record_traces.sh: error: $*" >&2
  exit 1
}

build=build out=out/traces/rv32ia-priv per_pc=256 oracle=rv32ia-priv
while [ $# -gt 0 ]; do
  case "$1" in
  -h | --help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
  -b) [ $# -ge 2 ] || die "expected a folder after -b"; build=$2; shift 2 ;;
  -o) [ $# -ge 2 ] || die "expected a folder after -o"; out=$2; shift 2 ;;
  --per-pc) [ $# -ge 2 ] || die "expected a count after --per-pc"; per_pc=$2; shift 2 ;;
  --oracle) [ $# -ge 2 ] || die "expected an oracle after --oracle"; oracle=$2; shift 2 ;;
  *) die "expected -b, -o, --per-pc or --oracle, found '$1'" ;;
  esac
done
case "$per_pc" in '' | *[!0-9]*) die "expected a count after --per-pc, found '$per_pc'" ;; esac
bsyn=$build/bsyn
progs=$build/programs/priv
[ -x "$bsyn" ] || die "no bsyn in $build (build it first)"
[ -f "$progs/rtos.elf" ] || die "no programs in $progs (riscv64-unknown-elf-gcc missing?)"
filter=()
[ "$per_pc" -gt 0 ] && filter=(--dedup --per-pc "$per_pc")
mkdir -p "$out/priv" "$out/c"
summary=$out/summary.tsv
printf 'program\tsteps\tvectors\tbytes\n' >"$summary"
traces=()

# record NAME ELF TRACE: one program; its summary line goes to summary.tsv
record() {
  local name=$1 elf=$2 trace=$3 log
  log=$("$bsyn" trace --machine rv32ia-priv --oracle "$oracle" "${filter[@]}" "$elf" \
    -o "$trace" 2>&1 >/dev/null) || die "$name: $log"
  local vectors steps
  vectors=$(sed -n 's/.*: \([0-9]*\) vectors of .* from \([0-9]*\) steps .*/\1/p' <<<"$log")
  steps=$(sed -n 's/.*: \([0-9]*\) vectors of .* from \([0-9]*\) steps .*/\2/p' <<<"$log")
  printf '%s\t%s\t%s\t%s\n' "$name" "$steps" "$vectors" "$(stat -c %s "$trace")" >>"$summary"
  traces+=("$trace")
}

for elf in "$progs"/*.elf; do
  name=$(basename "$elf" .elf)
  case "$name" in ends_* | rtos) continue ;; esac
  record "priv/$name" "$elf" "$out/priv/$name.trace"
done
record rtos "$progs/rtos.elf" "$out/rtos.trace"
for name in crc32 interp printf sieve sort; do
  record "c/$name" "$progs/rv32i/$name.elf" "$out/c/$name.trace"
done
log=$("$bsyn" trace --join "${traces[@]}" -o "$out/all.trace" 2>&1) || die "$log"
vectors=$(sed -n 's/.*: \([0-9]*\) vectors from .*/\1/p' <<<"$log")
printf 'all\t-\t%s\t%s\n' "$vectors" "$(stat -c %s "$out/all.trace")" >>"$summary"
if command -v column >/dev/null; then column -t -s $'\t' "$summary"; else cat "$summary"; fi
