#!/usr/bin/env bash
# gpu_check.sh — the prepared check for a machine with an NVIDIA GPU.
#
# usage: bench/gpu_check.sh [OUT_DIR]
#
# Finds an OpenCL ICD loader and the NVIDIA OpenCL driver (or says clearly which is missing),
# builds bsyn when no prebuilt one is handed over, lists the devices with the choice of
# --device auto for each kernel (bsyn devices --calibrate), runs the CPU-vs-OpenCL
# comparison on every OpenCL device, and writes everything into OUT_DIR (default
# gpu-check/). Designed to finish within 8 minutes on a machine with no package registry:
#   - a prebuilt tree can be handed over in build-gpu/ (bsyn, bench_cpu_vs_opencl), built
#     on Debian 12 with `cmake -S . -B build-gpu -DBSYN_TESTS=OFF`;
#   - an OpenCL loader (libOpenCL.so.1) is looked up with ldconfig, in the CUDA toolkit, or in
#     BSYN_OPENCL_LOADER_DIR (e.g. a copy of Debian's ocl-icd handed over with the tree);
#   - the NVIDIA ICD is /etc/OpenCL/vendors/nvidia.icd, or made on the fly when
#     libnvidia-opencl.so.1 exists without one.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-gpu-check}
mkdir -p "$out"
log="$out/check.log"
: >"$log"
say() { echo "gpu_check: $*" | tee -a "$log"; }
deadline=$((SECONDS + 450))
left() { echo $((deadline - SECONDS)); }

say "started $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
{ uname -a; nproc; free -g | head -2; } >>"$log" 2>&1
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv >"$out/nvidia-smi.csv" 2>&1
  say "GPU: $(tail -n +2 "$out/nvidia-smi.csv" | head -1)"
else
  say "nvidia-smi not found: no NVIDIA driver visible"
fi

# 1. The OpenCL ICD loader.
find_lib() { # name -> first path found
  local name=$1 p
  p=$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n {print $NF; exit}')
  [ -n "$p" ] && { echo "$p"; return; }
  for d in ${BSYN_OPENCL_LOADER_DIR:-} /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib \
           /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
    [ -e "$d/$name" ] && { echo "$d/$name"; return; }
  done
}
loader=$(find_lib libOpenCL.so.1)
if [ -z "$loader" ]; then
  say "MISSING: no OpenCL ICD loader (libOpenCL.so.1); hand one over in BSYN_OPENCL_LOADER_DIR"
else
  say "OpenCL loader: $loader"
  export LD_LIBRARY_PATH="$(dirname "$loader")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

# 2. The NVIDIA OpenCL driver and its ICD file.
nvocl=$(find_lib libnvidia-opencl.so.1)
if [ -f /etc/OpenCL/vendors/nvidia.icd ]; then
  say "NVIDIA ICD: /etc/OpenCL/vendors/nvidia.icd ($(cat /etc/OpenCL/vendors/nvidia.icd))"
elif [ -n "$nvocl" ]; then
  mkdir -p "$out/vendors"
  echo "$nvocl" >"$out/vendors/nvidia.icd"
  export OCL_ICD_VENDORS="$PWD/$out/vendors"
  say "NVIDIA ICD made for $nvocl (OCL_ICD_VENDORS=$OCL_ICD_VENDORS)"
else
  say "MISSING: the NVIDIA OpenCL driver (libnvidia-opencl.so.1) is not installed; only CPU paths will run"
fi

# 3. bsyn itself.
build=build-gpu
if [ -x "$build/bsyn" ] && [ -x "$build/bench/bench_cpu_vs_opencl" ]; then
  say "using the prebuilt $build/"
elif command -v cmake >/dev/null && command -v cc >/dev/null; then
  inc=""
  [ -f /usr/local/cuda/include/CL/cl.h ] && inc="-DOpenCL_INCLUDE_DIR=/usr/local/cuda/include"
  [ -n "$loader" ] && inc="$inc -DOpenCL_LIBRARY=$loader"
  gen=""
  command -v ninja >/dev/null && gen="-G Ninja"
  say "building in $build/ ($inc)"
  timeout "$(left)" cmake -S . -B "$build" $gen -DCMAKE_BUILD_TYPE=Release -DBSYN_TESTS=OFF \
    -DBSYN_WERROR=OFF $inc >>"$log" 2>&1 &&
    timeout "$(left)" cmake --build "$build" -j "$(nproc)" >>"$log" 2>&1 ||
    say "build failed (see $log)"
else
  say "MISSING: no cmake/cc and no prebuilt $build/"
fi
[ -x "$build/bsyn" ] || { say "no bsyn binary; stopping"; exit 1; }

# 4. Devices, what --device auto picks per kernel (measured now), and the comparison.
timeout 120 "$build/bsyn" devices --calibrate 2>&1 | tee "$out/devices.txt" | tee -a "$log" ||
  say "bsyn devices --calibrate failed or timed out"
ndev=$(grep -c '^opencl:' "$out/devices.txt" || true)
bench="$build/bench/bench_cpu_vs_opencl"
if [ -x "$bench" ]; then
  for ((i = 0; i < ndev; i++)); do
    [ "$(left)" -gt 30 ] || { say "time is up before device $i"; break; }
    say "comparing CPU and opencl:$i"
    timeout "$(left)" "$bench" --device "opencl:$i" --threads "$(nproc)" \
      >>"$out/cpu_vs_opencl.jsonl" 2>>"$log" || say "bench on opencl:$i failed or timed out"
  done
  [ "$ndev" -gt 0 ] || timeout "$(left)" "$bench" --device cpu >>"$out/cpu_vs_opencl.jsonl" 2>>"$log"
else
  say "no $bench"
fi
say "done in ${SECONDS}s; results in $out/"
