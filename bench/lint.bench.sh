#!/usr/bin/env bash
# Lint speed: cold start of one invocation on one file (process start included), and throughput
# over 1,000 files in one invocation. Release build; hyperfine (Debian) does the timing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
swift build -c release --product chaosrun >/dev/null
BIN=.build/release/chaosrun
DIR=$(mktemp -d); trap 'rm -rf "$DIR"' EXIT
for i in $(seq 1 1000); do
  src=$(ls scenarios/*.chaos scenarios/*.chaos.yaml | sed -n "$(( (i % 12) + 1 ))p")
  ext=${src#*.}; cp "$src" "$DIR/s$i.$ext"
done
echo "## lint cold start, one file (scenarios/cascade.chaos)"
hyperfine -N --warmup 5 --runs 50 --export-json "$DIR/one.json" "$BIN lint scenarios/cascade.chaos" | sed -n '1,4p'
echo "## lint, 1000 files in one invocation (.chaos and .chaos.yaml mixed)"
hyperfine -N --warmup 2 --runs 10 --export-json "$DIR/many.json" "$BIN lint $DIR" | sed -n '1,4p'
python3 - "$DIR/one.json" "$DIR/many.json" <<'PY'
import json, sys
one = json.load(open(sys.argv[1]))["results"][0]
many = json.load(open(sys.argv[2]))["results"][0]
print(f"single file: median {one['median']*1000:.1f} ms (target <= 20 ms)")
print(f"1000 files: median {many['median']*1000:.0f} ms = {1000/many['median']:.0f} files/s (target >= 2000 files/s)")
PY
