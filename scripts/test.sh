#!/usr/bin/env bash
# Sets everything up, builds, and runs every test: a short libFuzzer run of the record and event
# parsers (clang-14 with sanitizers), then the unit and end-to-end tests under CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACKER_FUZZ=ON \
  -DTRACKER_BUILD_TESTS=OFF -DTRACKER_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --target record_fuzzer --parallel "$(nproc)"
bash tests/fuzz/run_fuzzer.sh build-fuzz/record_fuzzer "$FUZZ_SECONDS"

cd build && ctest --output-on-failure --parallel "$(nproc)" --timeout 300
