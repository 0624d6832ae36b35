#!/usr/bin/env bash
# What `--device auto` costs a small job: the whole-process time of bsyn learn on add32 with
# default options (auto) and with --device cpu, measured by hyperfine on a warm program cache.
# The target: auto within 1.5x of cpu. One JSON line per device on stdout:
#   {"bench":"device_auto","case":"arith:add32","mode":"auto"|"cpu","seconds":mean,
#    "stddev":s,"runs":n}
# and a last line {"bench":"device_auto","case":"arith:add32","mode":"ratio","ratio":auto/cpu}.
#
# usage: bench/device_auto.sh [BUILD_DIR]        (needs hyperfine)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
command -v hyperfine >/dev/null || {
  echo "bench/device_auto.sh: error: expected hyperfine, found none" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bsyn="$build/bsyn"
"$bsyn" learn --oracle arith:add32 -o "$work/warm.aig" >/dev/null 2>&1 # the caches, once
hyperfine -N --warmup 2 --min-runs 20 --export-json "$work/h.json" \
  -n auto "$bsyn learn --oracle arith:add32 -o $work/a.aig" \
  -n cpu "$bsyn learn --oracle arith:add32 -o $work/c.aig --device cpu" >/dev/null || exit 1
python3 - "$work/h.json" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
for m in ("auto", "cpu"):
    r = res[m]
    print(json.dumps({"bench": "device_auto", "case": "arith:add32", "mode": m,
                      "seconds": round(r["mean"], 6), "stddev": round(r["stddev"], 6),
                      "runs": len(r["times"])}, separators=(",", ":")))
print(json.dumps({"bench": "device_auto", "case": "arith:add32", "mode": "ratio",
                  "ratio": round(res["auto"]["mean"] / res["cpu"]["mean"], 3)},
                 separators=(",", ":")))
EOF
