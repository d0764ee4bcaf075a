#!/usr/bin/env bash
# Builds the fuzzer and runs it for N seconds (default 60) over fuzz/corpus, which is seeded with
# every scenario and corpus case in the repository. New interesting inputs are kept in
# fuzz/corpus; crashes are written to fuzz/crash-*. Prints the libFuzzer summary.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_TO_RUN="${1:-60}"
swift build -c release --product ChaosFuzz --scratch-path ../.build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -E "error|warning: unre|Compiling ChaosFuzz|Build" || true
BIN=../.build-fuzz/release/ChaosFuzz
mkdir -p corpus
for f in ../scenarios/* ../Tests/*/Resources/*/*.chaos ../Tests/*/Resources/*/*.yaml; do
  [ -f "$f" ] || continue
  cp -n "$f" "corpus/seed-$(basename "$f")" 2>/dev/null || true
done
ASAN_OPTIONS=detect_leaks=0 "$BIN" corpus -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix=./ -detect_leaks=0 -print_final_stats=1 2>&1 | tail -25
