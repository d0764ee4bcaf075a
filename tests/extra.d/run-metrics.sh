#!/usr/bin/env bash
# `chaosrun run --metrics-port` serves valid Prometheus metrics during a run (promtool from the
# Debian prometheus package checks them) with the seed's names.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v promtool >/dev/null || { apt-get install -y -qq prometheus >/dev/null 2>&1 || apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
PORT=$((20000 + RANDOM % 20000))
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
"$CHAOSRUN_BIN" run scenarios/smoke.chaos --metrics-port "$PORT" --report-dir "$OUT/report" --quiet > "$OUT/run.out" 2>&1 &
RUN=$!
sleep 24
python3 - "$PORT" > "$OUT/metrics.txt" <<'PY'
import sys, urllib.request
print(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5).read().decode(), end="")
PY
wait $RUN || true
promtool check metrics < "$OUT/metrics.txt"
grep -q '^chaos_faults_injected_total{kind="broker_crash"} 1' "$OUT/metrics.txt"
grep -q '^chaos_recovery_time_seconds{fault="f1",kind="broker_crash"}' "$OUT/metrics.txt"
grep -q '^chaos_consumer_lag_records' "$OUT/metrics.txt"
echo "run metrics: valid per promtool, seed names present"
