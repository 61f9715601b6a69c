#!/usr/bin/env bash
# Sets everything up, writes a demo logdir with tracker's own SummaryWriter and runs tracker on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/make_demo_logdir demo_logdir
# The HTTP server and web UI are the next issues; until they land, the demo prints what tracker
# loaded from the logdir, as TensorBoard's --inspect does.
exec ./build/tracker --logdir=demo_logdir --inspect "$@"
