#!/usr/bin/env bash
# Raw Kafka throughput on the embedded cluster (release build). Extra arguments go to
# StreamsBench, e.g. --records 200000 --pipeline 1000000 --runs 3 [--bootstrap host:port].
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product StreamsBench >/dev/null
.build/release/StreamsBench "$@"
