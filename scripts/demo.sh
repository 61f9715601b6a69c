#!/usr/bin/env bash
# Sets everything up, writes a demo logdir with tracker's own SummaryWriter and runs tracker on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/make_demo_logdir demo_logdir
# http://localhost:6006 (or the next free port up to 6016); extra arguments go to tracker.
exec ./build/tracker --logdir=demo_logdir "$@"
