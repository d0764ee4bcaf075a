#!/usr/bin/env bash
# Cross-checks `chaosrun tda diagram` against ripser (PyPI) on random clouds: several sizes and
# dimensions, with and without a threshold, with duplicate points, lattice ties and collinear
# points. Distances follow the exact convention of shared/fixtures/tda/README.md on both sides
# (float64, left-to-right sum, no FMA, one sqrt, one rounding to float32), so the diagrams must
# be equal as multisets of float32 rows. Exits non-zero on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${CHAOSRUN_BIN:-$PWD/.build/debug/chaosrun}"
[ -x "$BIN" ] || { echo "tda-crosscheck: no chaosrun binary at $BIN (set CHAOSRUN_BIN)"; exit 1; }
VENV=.venv/test
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import ripser" 2>/dev/null || "$VENV/bin/pip" install -q ripser
exec "$VENV/bin/python" tests/extra.d/tda_crosscheck.py "$BIN"
