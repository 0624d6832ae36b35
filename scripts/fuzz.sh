#!/usr/bin/env bash
# make fuzz: builds the libFuzzer harnesses of tests/fuzz with clang into build-fuzz/ and runs
# each for FUZZ_SECONDS (default 20), or FUZZ_RUNS inputs when that is set, one process per
# harness, inputs up to FUZZ_MAX_LEN bytes (default 4096; a harness's fuzz_<name>.options
# may override it). Arguments name harnesses to run (aiger_ascii blif ...); none: all.
# New inputs accumulate in build-fuzz/corpus/<name> (the committed seeds in
# tests/fuzz/corpus/<name> are only read); a crash leaves build-fuzz/artifacts/<name>-*
# and makes the script exit 1 after the rest have run. Logs: build-fuzz/logs/<name>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-20}
runs=${FUZZ_RUNS:-}
max_len=${FUZZ_MAX_LEN:-4096}
jobs=${JOBS:-2}
out=build-fuzz

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi
cmake -S . -B "$out" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DBSYN_FUZZ=ON -DBSYN_TESTS=OFF -DBSYN_OPENCL=OFF \
  -DBSYN_HWLOC=OFF >/dev/null
cmake --build "$out" -j "$jobs" --target bsyn_fuzzers

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for src in tests/fuzz/fuzz_*.c; do
    n=${src##*/fuzz_}
    names+=("${n%.c}")
  done
fi

mkdir -p "$out/logs" "$out/artifacts"
failed=()
for name in "${names[@]}"; do
  exe="$out/tests/fuzz/fuzz_$name"
  if [ ! -x "$exe" ]; then
    echo "fuzz: no harness fuzz_$name" >&2
    exit 1
  fi
  mkdir -p "$out/corpus/$name"
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  extra=()
  [ -f "tests/fuzz/fuzz_$name.options" ] && read -r -a extra <"tests/fuzz/fuzz_$name.options"
  log="$out/logs/$name.log"
  rc=0
  "$exe" "${limit[@]}" -max_len="$max_len" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$name-" "${extra[@]}" \
    "$out/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1 || rc=$?
  done_line=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  corpus=$(find "$out/corpus/$name" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    failed+=("$name")
    echo "fuzz_$name: FAILED (exit $rc), see $log:" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*internal error|artifact_prefix|Test unit written)' \
      "$log" | head -8 >&2 || true
  else
    echo "fuzz_$name: ${done_line:-no summary}s, corpus $corpus inputs"
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: ${#failed[@]} harness(es) failed: ${failed[*]}" >&2
  exit 1
fi
