#!/usr/bin/env bash
# Installs what tracker needs on Debian 12 (only what is missing) and builds it into build/.
# Safe to run again: it skips installed packages and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3
  libboost1.81-dev libboost-url1.81-dev
  libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libspdlog-dev zlib1g-dev
  libgtest-dev libbenchmark-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  clang-14 libclang-rt-14-dev
)
# --tests: also what only the tests need (Debian's chromium drives the browser tests).
if [[ ${1:-} == --tests ]]; then PACKAGES+=(chromium); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node builds the web UI. This machine may have Node 20 from NodeSource, with which Debian's npm
# package conflicts: install Debian's nodejs and npm (Node 18) only when there is no node at all.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing nodejs npm"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
# Front-end packages, exactly as the lock file says; skipped while they match it.
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build --parallel "$(nproc)"
