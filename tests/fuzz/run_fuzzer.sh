#!/usr/bin/env bash
# Runs a libFuzzer binary for a bounded time, seeded with real event files from tests/data.
# usage: run_fuzzer.sh FUZZER SECONDS
set -euo pipefail
fuzzer=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
# Small real files make good seeds: every writer's framing and event shapes.
find "$here/../data/corpus" -name '*tfevents*' -size -16k -print0 |
  while IFS= read -r -d '' f; do cp "$f" "$work/corpus/$(basename "$f" | tr -c 'A-Za-z0-9._-' '_')"; done
echo "fuzz: running $(basename "$fuzzer") for ${seconds}s on $(ls "$work/corpus" | wc -l) seed files"
"$fuzzer" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" 2>"$work/log" || {
  tail -50 "$work/log"
  echo "fuzz: FAILED (crash artifacts above)"
  exit 1
}
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/log" || true
echo "fuzz: no crash"
