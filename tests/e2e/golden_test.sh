#!/usr/bin/env bash
# The end-to-end golden check: the real binary on the test corpus must give TensorBoard's
# answers (tests/data/golden/golden.json), and on each single-experiment hparams logdir the
# hparams answers (tests/data/golden/hparams/<name>/golden.json, logdir corpus/<name> with "__"
# standing for "/").
#
# usage: golden_test.sh TRACKER_BINARY TESTS_DATA_DIR
set -u
tracker="$1"
data="$2"
here="$(cd "$(dirname "$0")" && pwd)"
golden_py="$here/../tools/golden.py"
samples="scalars=1000,histograms=500,images=10,text=10,audio=10,pr_curves=100"

log="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$log"
}
trap cleanup EXIT

# Starts tracker on $1 with --port 0, waits for the banner, sets $pid and $port.
start() {
  : >"$log/stderr"
  "$tracker" --logdir="$1" --samples_per_plugin="$samples" --port 0 2>"$log/stderr" &
  pid=$!
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's/^tracker .* at http:\/\/[^ ]*:\([0-9]*\)\/.*/\1/p' "$log/stderr" | head -n1)"
    [ -n "$port" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "tracker did not start on $1:"; cat "$log/stderr"
    exit 1
  fi
  # The store loads in the background. The event stream, asked for what happened since
  # cursor 0, sends its first event once the first reload pass has finished.
  for _ in $(seq 1 120); do
    if curl -s -N -H 'Last-Event-ID: 0' --max-time 1 \
        "http://127.0.0.1:$port/data/tracker/events" | grep -q '^id:'; then
      break
    fi
  done
}

stop() {
  kill -TERM "$pid"
  if ! wait "$pid"; then echo "tracker did not exit cleanly on SIGTERM"; status=1; fi
  pid=""
}

status=0
echo "== corpus"
start "$data/corpus"
python3 "$golden_py" compare "http://127.0.0.1:$port" "$data/golden" || status=1
stop

for dir in "$data"/golden/hparams/*/; do
  name="$(basename "$dir")"
  logdir="$data/corpus/${name//__//}"
  echo "== hparams/$name on ${logdir#$data/}"
  start "$logdir"
  python3 "$golden_py" compare "http://127.0.0.1:$port" "$dir" || status=1
  stop
done
exit $status
