#!/usr/bin/env bash
# http_bench: requests/s and latency of tracker's HTTP routes under wrk, and its memory before and
# after, on the load benchmark's logdir (20 runs x 20 tags x 50,000 steps) loaded with
# --samples_per_plugin=scalars=1000 as TensorBoard would keep it; then one 1,000,000-point series
# downsampled to 2,000 points by the batch route.
#
# usage: bench/http_bench.sh [BUILD_DIR] [SECONDS]    (defaults: build, 10)
# BUILD_DIR must hold tracker and load_bench. SOAK=600 adds a soak run of that many seconds on
# the scalars route, printing RSS every minute, to show that memory does not grow.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${2:-10}
out=bench/out
command -v wrk >/dev/null || { echo "http_bench: wrk is missing (apt-get install wrk)"; exit 1; }

"$build/load_bench" --child=generate --dir="$out/logdir"
"$build/load_bench" --child=generate --dir="$out/million" --runs=1 --tags=1 --steps=1000000

pid=""
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; true' EXIT

# Starts tracker on $1 (extra flags after it), waits until `check` (a URL path and the JSON
# length it must reach) holds, and sets $pid and $base.
start() {
  local logdir=$1 check_path=$2 want=$3
  shift 3
  "$build/tracker" --logdir="$logdir" --port 0 --reload_interval=0 "$@" 2>"$out/tracker.log" &
  pid=$!
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^tracker .* at http:\/\/[^ ]*:\([0-9]*\)\/.*/\1/p' "$out/tracker.log" | head -n1)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$out/tracker.log"; exit 1; }
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    local n
    n=$(curl -s "$base$check_path" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0)
    [[ $n -ge $want ]] && return 0
    sleep 0.2
  done
  echo "http_bench: $logdir did not load"; exit 1
}

rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }

# Prints one line per wrk run: requests/s, p50, p99 (wrk's --latency distribution).
run_wrk() {
  local name=$1 url=$2
  shift 2
  local report
  report=$(wrk -t2 -c64 -d"${seconds}s" --latency "$@" "$url")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$report")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
  grep -q "Non-2xx" <<<"$report" && { echo "$report"; echo "http_bench: $name had errors"; exit 1; }
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}

echo "== $out/logdir, --samples_per_plugin=scalars=1000, wrk -t2 -c64 -d${seconds}s --latency"
start "$out/logdir" /data/plugin/scalars/tags 20 --samples_per_plugin=scalars=1000
points=$(curl -s "$base/data/plugin/scalars/scalars?run=run_00&tag=train%2Fmetric_00" |
         python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "RSS after loading: $(rss_mib) MiB; the scalars request returns $points points"
run_wrk "GET /data/runs" "$base/data/runs"
run_wrk "GET /data/plugin/scalars/tags" "$base/data/plugin/scalars/tags"
run_wrk "GET scalars (1,000 points)" \
  "$base/data/plugin/scalars/scalars?run=run_00&tag=train%2Fmetric_00"
echo "RSS after the runs: $(rss_mib) MiB"

if [[ ${SOAK:-0} -gt 0 ]]; then
  echo "== soak: ${SOAK}s of the scalars request at 64 connections"
  wrk -t2 -c64 -d"${SOAK}s" "$base/data/plugin/scalars/scalars?run=run_00&tag=train%2Fmetric_00" \
    >"$out/soak.log" &
  wrk_pid=$!
  for ((t = 0; t < SOAK; t += 60)); do
    echo "  t=${t}s RSS $(rss_mib) MiB"
    sleep 60
  done
  wait $wrk_pid
  echo "  end RSS $(rss_mib) MiB; $(awk '/^Requests\/sec/ {print $2}' "$out/soak.log") req/s"
fi
kill $pid; wait $pid 2>/dev/null || true

echo "== $out/million: one series of 1,000,000 points, batch route to 2,000 points, smoothing 0.6"
start "$out/million" /data/plugin/scalars/tags 1
body='{"series": [{"run": "run_00", "tag": "train/metric_00"}], "points": 2000, "smoothing": 0.6}'
curl -s "$base/data/plugin/scalars/batch" -H 'Content-Type: application/json' -d "$body" |
  python3 -c 'import json,sys; s=json.load(sys.stdin)["series"][0]; print("returns", len(s["points"]), "points of a series of 1,000,000")'
# Single requests one after the other: the time of one downsampling, not a throughput.
python3 - "$base" "$body" <<'PY'
import json, statistics, sys, time, urllib.request
base, body = sys.argv[1], sys.argv[2].encode()
times = []
for _ in range(50):
    req = urllib.request.Request(base + "/data/plugin/scalars/batch", data=body,
                                 headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    urllib.request.urlopen(req).read()
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"1,000,000 -> 2,000 points: median {statistics.median(times):.2f} ms, "
      f"max {times[-1]:.2f} ms over {len(times)} requests")
PY
echo "RSS with the 1,000,000-point series: $(rss_mib) MiB"
