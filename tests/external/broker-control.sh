#!/usr/bin/env bash
# chaosrun --broker-control for one local tansu broker (tests/extra.d/external-tansu.sh).
# CHAOSRUN_ACTION=down: SIGKILL the broker and wait until it is gone.
# CHAOSRUN_ACTION=up:   start it again on the same storage and port, wait until it accepts.
# TANSU_DIR holds tansu.env (TANSU, PORT and the storage's AWS_* settings), tansu.pid, tansu.log.
set -euo pipefail
: "${TANSU_DIR:?}" "${CHAOSRUN_ACTION:?}"
# shellcheck disable=SC1091
. "$TANSU_DIR/tansu.env"
gone() { [ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; }
accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
case "$CHAOSRUN_ACTION" in
  down)
    pid=$(cat "$TANSU_DIR/tansu.pid")
    kill -9 "$pid"
    for _ in $(seq 200); do gone "$pid" && break; sleep 0.05; done
    gone "$pid" || { echo "broker-control: tansu $pid still alive after SIGKILL" >&2; exit 1; }
    echo "broker-control: killed tansu $pid (broker ${CHAOSRUN_BROKER:-?}) at $(date +%T.%N)"
    ;;
  up)
    if accepts; then echo "broker-control: port $PORT already taken" >&2; exit 1; fi
    # A subshell that exits at once: tansu is reparented, so it outlives this script and chaosrun.
    ( "$TANSU" broker --listener-url "tcp://127.0.0.1:$PORT" --advertised-listener-url "tcp://127.0.0.1:$PORT" \
        --storage-engine "$STORAGE" </dev/null >>"$TANSU_DIR/tansu.log" 2>&1 &
      echo $! >"$TANSU_DIR/tansu.pid" )
    for _ in $(seq 200); do accepts && break; sleep 0.05; done
    accepts || { echo "broker-control: tansu does not accept on port $PORT" >&2; exit 1; }
    echo "broker-control: started tansu $(cat "$TANSU_DIR/tansu.pid") on port $PORT at $(date +%T.%N)"
    ;;
  *) echo "broker-control: unknown CHAOSRUN_ACTION '$CHAOSRUN_ACTION'" >&2; exit 2 ;;
esac
