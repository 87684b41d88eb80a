#!/bin/bash
# Issue 16's measurement: the learning switch (`nodeflow start`) against the trivial responder writing the
# same 80-byte FLOW_MOD per PACKET_IN (bench/trivial-responder.js --output), optionally against a second
# build of nodeflow, one fresh process per run, alternating, in cbench's throughput mode with 16 switches.
# A shorthand for bench/e2e/compare.js, which does the work (medians, controller CPU per response, ratios).
#
#   bash bench/e2e/vs-responder.sh [-M MACS] [-r RUNS] [-g cbench|nodeflow-bench] [-c /path/to/cbench] [-b BASE_DIST] [-p]
#
# -M source MACs per switch (default 1000), -r runs per controller (default 5), -g generator (default
# cbench when -c is given, else `nodeflow bench`), -b a second dist/ to compare (e.g. a build of main),
# -p pin the controller to CPU 1 and the generator to CPU 0. Each run: `-t -s 16 -M MACS -l 4 -m 1000
# -w 1 -i 20 -I 4`. Needs dist/ (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
M=1000; RUNS=5; GEN=""; CBENCH=""; BASE=""; PIN=""
while getopts "M:r:g:c:b:p" o; do
  case $o in M) M=$OPTARG;; r) RUNS=$OPTARG;; g) GEN=$OPTARG;; c) CBENCH=$OPTARG;; b) BASE=$OPTARG;; p) PIN=1;; *) exit 2;; esac
done
[ -n "$GEN" ] || { [ -n "$CBENCH" ] && GEN=cbench || GEN=nodeflow-bench; }
[ -f dist/cli/nodeflow.js ] || { echo "vs-responder: build first (npm run build)" >&2; exit 1; }
ARGS=(--controllers nodeflow,trivial-output --scenarios throughput --macs "$M" --runs "$RUNS" --loops 4 --warmup 1 --generators "$GEN")
[ -n "$CBENCH" ] && ARGS+=(--cbench "$CBENCH")
[ -n "$BASE" ] && ARGS+=(--base "$BASE")
[ -n "$PIN" ] && ARGS+=(--pin)
exec node dist/bench/e2e/compare.js "${ARGS[@]}"
