#!/usr/bin/env bash
# Engine throughput: generate → embedded cluster → `chaosrun engine` (1 and 2 workers) → feature
# records, next to raw librdkafka produce+consume (StreamsBench, pipelined) measured in the same
# run. Release build. Prints a Markdown table for docs/benchmarks-engine.md.
#
#   bench/engine.bench.sh [--records 600000] [--rate 400k/s] [--runs 3]
#   CHAOSRUN_SCRATCH=.build-engine bench/engine.bench.sh     # another build folder
#
# Workload: IoT generator, 100 devices, paced at --rate (above what the engine takes, so the
# engine is the bottleneck); engine with the scenario defaults (window 200, stride 10, embed 3,
# delay 1, scales 1,2,4, H0+H1) unless ENGINE_ARGS overrides them. The clock runs from the start
# of `generate` until the workers' streaming_tda_throughput_total reaches --records.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=600000
RATE=400k/s
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SCRATCH=${CHAOSRUN_SCRATCH:-.build}
ENGINE_ARGS=${ENGINE_ARGS:-"--window 200 --stride 10 --embed 3 --delay 1 --scales 1,2,4 --maxdim 1"}
swift build -c release --scratch-path "$SCRATCH" --product chaosrun >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product StreamsBench >/dev/null
BIN=$SCRATCH/release/chaosrun
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

now() { date +%s.%N; }

# One engine measurement: $1 = number of workers. Prints records/s and p50/p99 latency.
engine_run() {
  local workers=$1 run=$2
  local dir=$WORK/run-$workers-$run
  mkdir -p "$dir"
  "$BIN" cluster --brokers 3 --partitions 6 --topic in --topic features --topic acks > "$dir/cluster.log" 2>&1 &
  local cluster=$!; PIDS+=("$cluster")
  local bs=""
  for _ in $(seq 100); do bs=$(awk '/bootstrap servers:/ {print $3}' "$dir/cluster.log"); [ -n "$bs" ] && break; sleep 0.1; done
  local wpids=() ports=()
  for w in $(seq "$workers"); do
    # shellcheck disable=SC2086
    "$BIN" engine --bootstrap "$bs" --input in --output features --acks acks --group bench --worker-id "$w" \
      --metrics-port 0 $ENGINE_ARGS > "$dir/worker-$w.log" 2>&1 &
    wpids+=($!); PIDS+=($!)
  done
  for w in $(seq "$workers"); do
    for _ in $(seq 300); do grep -q "assigned in" "$dir/worker-$w.log" && break; sleep 0.1; done
    ports+=("$(grep -o '127.0.0.1:[0-9]*' "$dir/worker-$w.log" | head -1)")
  done
  sleep 4   # let the group settle (the mock's join takes ~3 s per rebalance)
  local start; start=$(now)
  "$BIN" generate iot --devices 100 --seed "$run" --count "$RECORDS" --rate "$RATE" --topic in --bootstrap "$bs" 2> "$dir/generate.log"
  local generated; generated=$(now)
  local total=0 deadline; deadline=$(echo "$(now) + 300" | bc)
  while :; do
    total=0
    for p in "${ports[@]}"; do
      v=$(curl -s "http://$p/metrics" | awk '/^streaming_tda_throughput_total/ {print $2}')
      total=$((total + ${v:-0}))
    done
    [ "$total" -ge "$RECORDS" ] && break
    if [ "$(echo "$(now) > $deadline" | bc)" = 1 ]; then echo "timeout: $total of $RECORDS processed" >&2; break; fi
    sleep 0.05
  done
  local end; end=$(now)
  local windows=0
  for p in "${ports[@]}"; do
    v=$(curl -s "http://$p/metrics" | awk '/^streaming_tda_windows_total/ {print $2}'); windows=$((windows + ${v:-0}))
  done
  for w in "${wpids[@]}"; do kill -TERM "$w"; done
  for w in "${wpids[@]}"; do wait "$w" || true; done
  kill -TERM "$cluster"; wait "$cluster" || true
  echo "$(echo "$total / ($end - $start)" | bc -l) $(echo "$RECORDS / ($generated - $start)" | bc -l) $windows $total"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "records $RECORDS per run, generator paced at $RATE, engine: $ENGINE_ARGS"
echo
echo "raw librdkafka (StreamsBench, pipelined produce+consume, 3 brokers, 6 partitions):"
"$SCRATCH/release/StreamsBench" --records 150000 --pipeline "$RECORDS" --runs "$RUNS" | tee "$WORK/raw.txt" | grep '^run'
RAW=$(grep '^run' "$WORK/raw.txt" | sed 's/.*pipelined \([0-9]*\).*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
for workers in 1 2; do
  rates=()
  for run in $(seq "$RUNS"); do
    read -r rate genrate windows total < <(engine_run "$workers" "$run")
    printf 'engine, %d worker(s), run %d: %.0f records/s (%d records, %d feature records; generator alone %.0f/s)\n' \
      "$workers" "$run" "$rate" "$total" "$windows" "$genrate"
    rates+=("$rate")
  done
  med=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  eval "MED_$workers=$med"
done
echo
echo "| pipeline | records/s (median of $RUNS) | × raw |"
echo "|---|---:|---:|"
printf '| raw librdkafka produce + consume, pipelined | %.0f | 1.00 |\n' "$RAW"
printf '| generate → cluster → engine (1 worker) → features | %.0f | %.2f |\n' "$MED_1" "$(echo "$MED_1 / $RAW" | bc -l)"
printf '| generate → cluster → engine (2 workers) → features | %.0f | %.2f |\n' "$MED_2" "$(echo "$MED_2 / $RAW" | bc -l)"
