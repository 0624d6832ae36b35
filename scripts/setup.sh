#!/usr/bin/env bash
# Installs what bsyn needs to build, test and run on Debian 12. Idempotent: packages that are
# already installed are skipped, so a second run takes well under a second.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  ocl-icd-opencl-dev opencl-headers opencl-c-headers pocl-opencl-icd clinfo
  libhwloc-dev hwloc libcriterion-dev
  berkeley-abc yosys iverilog verilator
  gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  qemu-user gnuplot-nox graphviz hyperfine
  clang libclang-rt-dev
  openmpi-bin libopenmpi-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
