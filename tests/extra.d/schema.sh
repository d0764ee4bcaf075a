#!/usr/bin/env bash
# The generated JSON Schema accepts every shipped YAML scenario and rejects broken ones,
# checked with the real check-jsonschema (PyPI) in a local venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.venv/test
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import check_jsonschema" 2>/dev/null || "$VENV/bin/pip" install -q check-jsonschema
"$CHAOSRUN_BIN" docs --check
"$VENV/bin/check-jsonschema" --schemafile docs/scenario.schema.json scenarios/*.chaos.yaml Tests/ChaosCheckTests/Resources/sema/ok_*.yaml
for broken in err_unknown_field err_invalid_choice err_unit_mismatch; do
  if "$VENV/bin/check-jsonschema" --schemafile docs/scenario.schema.json "Tests/ChaosCheckTests/Resources/sema/$broken.yaml" >/dev/null 2>&1; then
    echo "schema accepted broken file $broken.yaml"; exit 1
  fi
done
# Every shipped scenario's plan validates against docs/plan-schema.json, and the plan of a
# .chaos file equals the plan of its YAML twin byte for byte.
PLANS=$(mktemp -d); trap 'rm -rf "$PLANS"' EXIT
for f in scenarios/*.chaos; do
  "$CHAOSRUN_BIN" plan --format json "$f" > "$PLANS/$(basename "$f").json"
  "$CHAOSRUN_BIN" plan --format json "$f.yaml" > "$PLANS/$(basename "$f").yaml.json"
  cmp "$PLANS/$(basename "$f").json" "$PLANS/$(basename "$f").yaml.json"
done
"$VENV/bin/check-jsonschema" --schemafile docs/plan-schema.json "$PLANS"/*.json
echo "schema: shipped scenarios valid, broken ones rejected, plans valid and identical across syntaxes"
