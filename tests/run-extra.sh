#!/usr/bin/env bash
# Test steps outside `swift test` (cross-checks against Python peers, pre-commit, promtool…).
# Each tests/extra.d/*.sh reuses the one build in .build/debug (CHAOSRUN_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0; passed=0; failed=0
for t in tests/extra.d/*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  if bash "$t"; then passed=$((passed+1)); else failed=$((failed+1)); status=1; echo "FAILED: $t"; fi
done
echo "extra: $passed passed, $failed failed"
exit $status
