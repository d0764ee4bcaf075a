#!/usr/bin/env bash
# report.html renders in a real browser: headless Chromium (Debian package `chromium`) loads the
# sample reports of `chaosrun report-sample`, takes a screenshot and dumps the rendered DOM; the
# screenshot must be a real, non-trivial PNG and the DOM must hold the three SVG plots with shaded
# fault windows and criterion marks. Also checks that report.json and junit.xml parse.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${CHAOSRUN_BIN:-$PWD/.build/debug/chaosrun}
fail() { echo "html-report: $*" >&2; exit 1; }
count() { { grep -o "$1" "$2" || true; } | wc -l; }  # occurrences, 0 without failing

[ -x "$BIN" ] || fail "chaosrun binary not found at $BIN (set CHAOSRUN_BIN)"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else
    sudo -n apt-get install -y -q chromium >/dev/null || fail "chromium is missing (apt-get install chromium)"
  fi
  CHROMIUM=$(command -v chromium) || fail "chromium did not install"
fi

OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
browser() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$OUT/profile" "$@" 2>>"$OUT/chromium.log"; }

for variant in failing passing; do
  dir="$OUT/$variant"
  flag=(); [ "$variant" = passing ] && flag=(--passing)
  "$BIN" report-sample --output "$dir" "${flag[@]}" > "$dir.verdict.txt" || fail "report-sample ($variant) failed"
  for f in report.json junit.xml summary.md report.html; do [ -s "$dir/$f" ] || fail "$variant: $f missing or empty"; done

  python3 - "$dir" "$variant" <<'PY' || fail "$variant: report.json / junit.xml check failed"
import json, sys, xml.etree.ElementTree as ET
d, variant = sys.argv[1], sys.argv[2]
report = json.load(open(f"{d}/report.json"))
failing = [c["text"] for c in report["criteria"] if not c["passed"]]
suite = ET.parse(f"{d}/junit.xml").getroot().find("testsuite")
junit_failures = [tc.get("name") for tc in suite.findall("testcase") if tc.find("failure") is not None]
assert junit_failures == failing, (junit_failures, failing)
assert (variant == "passing") == (failing == []), failing
assert len(report["series"]["t_ms"]) >= 100
PY

  browser --screenshot="$dir/shot.png" --window-size=1280,2400 "file://$dir/report.html" >/dev/null \
    || fail "$variant: chromium could not take a screenshot (see $OUT/chromium.log)"
  python3 - "$dir/shot.png" <<'PY' || fail "$variant: screenshot is not a real rendering"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1280, 2400), (width, height)
assert len(data) > 50_000, f"only {len(data)} bytes: a blank or broken page"
PY

  browser --dump-dom "file://$dir/report.html" > "$dir/dom.html" || fail "$variant: chromium --dump-dom failed"
  plots=$(count '<svg class="plot"' "$dir/dom.html")
  [ "$plots" -eq 3 ] || fail "$variant: expected 3 SVG plots in the rendered DOM, found $plots"
  for id in plot-throughput plot-lag plot-latency; do
    grep -q "id=\"$id\"" "$dir/dom.html" || fail "$variant: plot $id missing from the DOM"
  done
  bands=$(count '<rect class="fault-band"' "$dir/dom.html")
  [ "$bands" -ge 12 ] || fail "$variant: expected shaded fault windows in every plot, found $bands"
  marks=$(count '<rect class="criterion-mark"' "$dir/dom.html")
  [ "$marks" -ge 15 ] || fail "$variant: expected criterion windows under the plots, found $marks"
  grep -q '<path class="series"' "$dir/dom.html" || fail "$variant: no plotted lines"
  if grep -Eiq '<script|<link|src=|https?://[^"]*"' <(grep -v 'xmlns="http://www.w3.org/2000/svg"' "$dir/report.html"); then
    fail "$variant: report.html is not self-contained"
  fi
done
echo "html-report: both sample reports render in $($CHROMIUM --version 2>/dev/null | head -1) with 3 plots, shaded faults and criterion marks"
