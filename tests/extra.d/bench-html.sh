#!/usr/bin/env bash
# `chaosrun bench` end to end on a tiny suite: a baseline run, a run slowed down 10× by the
# test-only switch CHAOSRUN_BENCH_SLOWDOWN (must exit 1 with --fail-on-regression and name the
# regression), a run compared with itself (exit 0), --ci-mode's JSON line, then report.html in
# headless Chromium (Debian package `chromium`): the screenshot must be a real PNG and the DOM
# must hold one histogram per benchmark with the baseline overlaid.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${CHAOSRUN_BIN:-$PWD/.build/debug/chaosrun}
fail() { echo "bench-html: $*" >&2; exit 1; }
count() { { grep -o "$1" "$2" || true; } | wc -l; }

[ -x "$BIN" ] || fail "chaosrun binary not found at $BIN (set CHAOSRUN_BIN)"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  $SUDO apt-get install -y -q chromium >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null; } \
    || fail "chromium is missing (apt-get install chromium)"
  CHROMIUM=$(command -v chromium) || fail "chromium did not install"
fi

OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/tiny.bench" <<'SUITE'
suite "tiny" {
  seed 5
  iterations 8
  warmup 1
  window 50
  stride 10
  embed 2
  benchmark "one_scale"  points: 800, scales: [1], baseline: 2ms
  benchmark "two_scales" points: 800, scales: [1, 2]
}
SUITE
run() { "$BIN" bench --config "$OUT/tiny.bench" --suite tiny "$@"; }

run --output "$OUT/base" > "$OUT/base.txt" 2>&1 || fail "baseline run failed: $(cat "$OUT/base.txt")"
for f in results.json summary.md report.html metrics.prom; do [ -s "$OUT/base/$f" ] || fail "$f missing or empty"; done

set +e
CHAOSRUN_BENCH_SLOWDOWN=10 run --output "$OUT/slow" --baseline "$OUT/base" --tolerance 10 --fail-on-regression \
  > "$OUT/slow.txt" 2> "$OUT/slow.err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "a 10x slower run exited $status, expected 1: $(cat "$OUT/slow.txt" "$OUT/slow.err")"
grep -q "REGRESSION" "$OUT/slow.txt" || fail "no REGRESSION row in the table: $(cat "$OUT/slow.txt")"
grep -q "regression(s): tiny/" "$OUT/slow.err" || fail "stderr does not name the regressions"

"$BIN" bench --compare "$OUT/base" "$OUT/base" --fail-on-regression --output "$OUT/same" > "$OUT/same.txt" \
  || fail "a run compared with itself must exit 0"
line=$(run --iterations 4 --warmup 0 --ci-mode --output "$OUT/ci" --baseline "$OUT/base" --tolerance 400)
python3 - "$line" "$OUT" <<'PY' || fail "--ci-mode line or results.json is wrong"
import json, sys
line, out = sys.argv[1], sys.argv[2]
ci = json.loads(line)
assert ci["status"] == "pass" and set(ci["benchmarks"]) == {"tiny/one_scale", "tiny/two_scales"}, ci
r = json.load(open(f"{out}/slow/results.json"))
assert r["schema_version"] == 1 and r["slowdown"] == 10, r.keys()
b = r["benchmarks"][0]
assert len(b["samples_seconds"]) == 8 and b["stats"]["median"] > 0 and b["windows_emitted"] > 0
for k in ("os", "kernel", "cpu_model", "cpu_count", "memory_bytes", "swift_version", "build_configuration",
          "librdkafka_version", "git_commit", "seed"):
    assert k in r["environment"], k
PY

if command -v promtool >/dev/null; then promtool check metrics < "$OUT/slow/metrics.prom" || fail "promtool rejects metrics.prom"; fi

browser() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$OUT/profile" "$@" 2>>"$OUT/chromium.log"; }
browser --screenshot="$OUT/shot.png" --window-size=1280,2000 "file://$OUT/slow/report.html" >/dev/null \
  || fail "chromium could not take a screenshot (see $OUT/chromium.log)"
python3 - "$OUT/shot.png" <<'PY' || fail "screenshot is not a real rendering"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
assert struct.unpack(">II", data[16:24]) == (1280, 2000)
assert len(data) > 30_000, f"only {len(data)} bytes: a blank or broken page"
PY
[ -n "${BENCH_SCREENSHOT:-}" ] && cp "$OUT/shot.png" "$BENCH_SCREENSHOT"
browser --dump-dom "file://$OUT/slow/report.html" > "$OUT/dom.html" || fail "chromium --dump-dom failed"
[ "$(count '<svg class="dist"' "$OUT/dom.html")" -eq 2 ] || fail "expected 2 distribution plots in the DOM"
[ "$(count '<rect class="bar-base"' "$OUT/dom.html")" -ge 2 ] || fail "the baseline is not overlaid"
[ "$(count '<tr class="regression">' "$OUT/dom.html")" -ge 1 ] || fail "expected regression rows"
grep -q '<line class="reference"' "$OUT/dom.html" || fail "the seed reference line is missing"
if grep -Eiq '<script|<link|src=|https?://[^"]*"' <(grep -v 'xmlns="http://www.w3.org/2000/svg"' "$OUT/slow/report.html"); then
  fail "report.html is not self-contained"
fi
echo "bench-html: regression gate exits 1 on a 10x slowdown, 0 on itself; report.html renders in $($CHROMIUM --version 2>/dev/null | head -1)"
