#!/usr/bin/env bash
# Runs every benchmark script in bench/*.bench.sh (each prints its own table).
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.bench.sh; do [ -e "$b" ] || continue; echo "== $b"; bash "$b"; done
