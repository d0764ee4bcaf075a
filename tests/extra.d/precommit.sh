#!/usr/bin/env bash
# The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework (PyPI) in a
# temporary git repository: a commit with a broken scenario is refused with the diagnostic shown,
# an unformatted one is refused by the fmt hook, a good one is accepted.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="$ROOT/.venv/test"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import pre_commit" 2>/dev/null || "$VENV/bin/pip" install -q pre-commit
BIN_DIR="$(dirname "$CHAOSRUN_BIN")"
export PATH="$BIN_DIR:$VENV/bin:$PATH"
export PRE_COMMIT_HOME="$ROOT/.venv/pre-commit-home"

REV=$(git -C "$ROOT" rev-parse HEAD)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
git init -q .
git config user.email ci@example.com; git config user.name ci
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $ROOT
    rev: $REV
    hooks:
      - id: chaosrun-lint
      - id: chaosrun-fmt
CFG
pre-commit install >/dev/null
git add .pre-commit-config.yaml && git commit -qm config --no-verify

cp "$ROOT/Tests/CLITests/Resources/files/broken.chaos" broken.chaos
git add broken.chaos
if git commit -qm broken >out.txt 2>&1; then echo "a broken scenario was committed"; cat out.txt; exit 1; fi
grep -q "E2102" out.txt || { echo "the diagnostic was not shown"; cat out.txt; exit 1; }
git rm -q --cached broken.chaos; rm broken.chaos

printf 'scenario "s" {\n  duration   1m\n  generate iot "x" rate: 1k/s\n  expect {\n    data_loss == 0\n  }\n}\n' > ugly.chaos
git add ugly.chaos
if git commit -qm ugly >out.txt 2>&1; then echo "an unformatted scenario was committed"; cat out.txt; exit 1; fi
grep -q "not formatted" out.txt || { echo "fmt hook gave no diff"; cat out.txt; exit 1; }
git rm -q --cached ugly.chaos; rm ugly.chaos

cp "$ROOT/scenarios/smoke.chaos" "$ROOT/scenarios/smoke.chaos.yaml" .
git add smoke.chaos smoke.chaos.yaml
git commit -qm good >out.txt 2>&1 || { echo "a good scenario was refused"; cat out.txt; exit 1; }
echo "pre-commit: broken refused with diagnostics, unformatted refused, good accepted"
