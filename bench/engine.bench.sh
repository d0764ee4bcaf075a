#!/usr/bin/env bash
# Engine throughput: generate → embedded cluster → `chaosrun engine` (1 and 2 workers) → feature
# records, next to raw librdkafka produce+consume (StreamsBench, pipelined) measured in the same
# run. Release build. Prints a Markdown table for docs/benchmarks.md.
#
#   bench/engine.bench.sh [--records 400000] [--rate 250k/s] [--heavy-records 4000] [--runs 3]
#   CHAOSRUN_SCRATCH=.build-engine bench/engine.bench.sh     # another build folder
#
# Two engine workloads, each with 1 and 2 workers, IoT generator with 100 devices:
#  - light TDA (window 32, stride 16, embed 2, scale 1: Kafka-bound, the one compared with raw):
#    --records records paced at --rate (at or above what the engine takes; the embedded cluster
#    keeps only ~5 MiB per partition, so the rate also bounds the backlog);
#  - scenario defaults (window 200, stride 10, embed 3, delay 1, scales 1,2,4, H0+H1:
#    TDA-bound, full Rips filtration of 198 points per window): --heavy-records records from 4
#    devices (so that windows at every scale fill), unpaced.
# The clock runs from the start of `generate` until the workers' streaming_tda_throughput_total
# (scraped from their metrics endpoints) reaches the record count.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=400000
RATE=250k/s
HEAVY=4000
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --heavy-records) HEAVY=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SCRATCH=${CHAOSRUN_SCRATCH:-.build}
LIGHT_ARGS="--window 32 --stride 16 --embed 2 --delay 1 --scales 1 --maxdim 1"
HEAVY_ARGS="--window 200 --stride 10 --embed 3 --delay 1 --scales 1,2,4 --maxdim 1"
swift build -c release --scratch-path "$SCRATCH" --product chaosrun >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product StreamsBench >/dev/null
BIN=$SCRATCH/release/chaosrun
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

now() { date +%s.%N; }

# One engine measurement: workers, run, records, rate, engine arguments. Prints records/s,
# the generator's own rate, feature records and records processed.
engine_run() {
  local workers=$1 run=$2 records=$3 rate=$4 args=$5 devices=$6
  local dir=$WORK/run-$workers-$run-$records
  mkdir -p "$dir"
  "$BIN" cluster --brokers 3 --partitions 6 --topic in --topic features --topic acks > "$dir/cluster.log" 2>&1 &
  local cluster=$!; PIDS+=("$cluster")
  local bs=""
  for _ in $(seq 100); do bs=$(awk '/bootstrap servers:/ {print $3}' "$dir/cluster.log"); [ -n "$bs" ] && break; sleep 0.1; done
  local wpids=() ports=()
  for w in $(seq "$workers"); do
    # shellcheck disable=SC2086
    "$BIN" engine --bootstrap "$bs" --input in --output features --acks acks --group bench --worker-id "$w" \
      --metrics-port 0 $args > "$dir/worker-$w.log" 2>&1 &
    wpids+=($!); PIDS+=($!)
  done
  for w in $(seq "$workers"); do
    for _ in $(seq 300); do grep -q "assigned in" "$dir/worker-$w.log" && break; sleep 0.1; done
    ports+=("$(grep -o '127.0.0.1:[0-9]*' "$dir/worker-$w.log" | head -1)")
  done
  sleep 4   # let the group settle (the mock's join takes ~3 s per rebalance)
  local start; start=$(now)
  "$BIN" generate iot --devices "$devices" --seed "$run" --count "$records" --rate "$rate" --topic in --bootstrap "$bs" 2> "$dir/generate.log"
  local generated; generated=$(now)
  local total=0 deadline; deadline=$(echo "$(now) + 300" | bc)
  while :; do
    total=0
    for p in "${ports[@]}"; do
      v=$(curl -s "http://$p/metrics" | awk '/^streaming_tda_throughput_total/ {print $2}')
      total=$((total + ${v:-0}))
    done
    [ "$total" -ge "$records" ] && break
    if [ "$(echo "$(now) > $deadline" | bc)" = 1 ]; then echo "timeout: $total of $records processed" >&2; break; fi
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
  echo "$(echo "$total / ($end - $start)" | bc -l) $(echo "$records / ($generated - $start)" | bc -l) $windows $total"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "light: $RECORDS records paced at $RATE, engine $LIGHT_ARGS"
echo "heavy: $HEAVY records from 4 devices, unpaced, engine $HEAVY_ARGS"
echo
echo "raw librdkafka (StreamsBench, pipelined produce+consume, 3 brokers, 6 partitions):"
"$SCRATCH/release/StreamsBench" --records 150000 --pipeline "$RECORDS" --runs "$RUNS" | tee "$WORK/raw.txt" | grep '^run'
RAW=$(grep '^run' "$WORK/raw.txt" | sed 's/.*pipelined \([0-9]*\).*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MED
for load in light heavy; do
  if [ "$load" = light ]; then n=$RECORDS; r=$RATE; a=$LIGHT_ARGS; d=100; else n=$HEAVY; r=10M/s; a=$HEAVY_ARGS; d=4; fi
  for workers in 1 2; do
    rates=()
    for run in $(seq "$RUNS"); do
      read -r rate genrate windows total < <(engine_run "$workers" "$run" "$n" "$r" "$a" "$d")
      printf '%s, %d worker(s), run %d: %.0f records/s (%d records, %d feature records; generator alone %.0f/s)\n' \
        "$load" "$workers" "$run" "$rate" "$total" "$windows" "$genrate"
      rates+=("$rate")
    done
    MED[$load-$workers]=$(printf '%s\n' "${rates[@]}" | median)
  done
done
echo
echo "| pipeline | records/s (median of $RUNS) | × raw |"
echo "|---|---:|---:|"
printf '| raw librdkafka produce + consume, pipelined | %.0f | 1.00 |\n' "$RAW"
for load in light heavy; do
  for workers in 1 2; do
    m=${MED[$load-$workers]}
    printf '| generate → cluster → engine (%s TDA, %d worker(s)) → features | %.0f | %.2f |\n' "$load" "$workers" "$m" "$(echo "$m / $RAW" | bc -l)"
  done
done
