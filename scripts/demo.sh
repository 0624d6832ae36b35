#!/usr/bin/env bash
# The main job on built-in defaults. Grows with the project: for now it prints the version.
set -euo pipefail
bsyn=${1:-build/bsyn}
"$bsyn" version
