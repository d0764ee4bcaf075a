#!/usr/bin/env bash
# The engine's Prometheus endpoint passes `promtool check metrics` (Debian package prometheus,
# installed here if missing) after a worker has processed records.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${CHAOSRUN_BIN:-.build/debug/chaosrun}
if ! command -v promtool >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus >/dev/null
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" cluster --brokers 1 --partitions 2 --topic in --topic features --topic acks --seconds 120 > "$WORK/cluster.log" 2>&1 &
PIDS+=($!)
BS=""
for _ in $(seq 100); do BS=$(awk '/bootstrap servers:/ {print $3}' "$WORK/cluster.log"); [ -n "$BS" ] && break; sleep 0.1; done
[ -n "$BS" ] || { echo "cluster did not start"; cat "$WORK/cluster.log"; exit 1; }
"$BIN" engine --bootstrap "$BS" --input in --output features --acks acks --group metrics --worker-id 3 \
  --window 32 --stride 16 --embed 2 --scales 1,2 --metrics-port 0 > "$WORK/engine.log" 2>&1 &
ENGINE=$!; PIDS+=($ENGINE)
for _ in $(seq 300); do grep -q "assigned in" "$WORK/engine.log" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/engine.log" | head -1)
"$BIN" generate iot --devices 10 --seed 1 --count 5000 --rate 20k/s --topic in --bootstrap "$BS" 2>/dev/null
for _ in $(seq 200); do
  curl -s "http://$PORT/metrics" | grep -q '^streaming_tda_throughput_total{worker="3"} 5000$' && break
  sleep 0.1
done
curl -s "http://$PORT/metrics" > "$WORK/metrics.txt"
grep -q '^streaming_tda_throughput_total{worker="3"} 5000$' "$WORK/metrics.txt" || { echo "throughput not 5000:"; cat "$WORK/metrics.txt"; exit 1; }
for m in streaming_tda_latency_seconds_bucket streaming_tda_latency_seconds_sum streaming_tda_latency_seconds_count \
         streaming_tda_errors_total streaming_tda_windows_total; do
  grep -q "^$m{" "$WORK/metrics.txt" || { echo "missing $m"; exit 1; }
done
promtool check metrics < "$WORK/metrics.txt"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$PORT/nope")" = 404 ]
kill -TERM $ENGINE
wait $ENGINE
echo "engine metrics: promtool check passed, clean exit on SIGTERM"
