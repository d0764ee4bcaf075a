#!/usr/bin/env bash
# Benchmark of the TDA core against GUDHI, ripser.py and giotto-ph, measured side by side in
# one run on the same data: single fixture clouds, sliding windows (threshold 1 and full),
# p99 per window, and two workers against one. Prints a Markdown table.
#   bench/tda.bench.sh                      everything
#   TDA_BENCH_SKIP_LARGE=1 bench/tda.bench.sh   skip circle_n2000 without threshold (minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product chaosrun >&2
BIN="$PWD/.build/release/chaosrun"
VENV=.venv/bench
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import ripser, gudhi, gph" 2>/dev/null || "$VENV/bin/pip" install -q ripser gudhi giotto-ph
exec "$VENV/bin/python" bench/tda/peers_bench.py --bin "$BIN" --fixtures Tests/TDATests/Resources
