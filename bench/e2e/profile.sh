#!/bin/bash
# Where the controller's CPU goes under cbench-style load: `nodeflow start` (this build, or another
# dist/) runs on CPU 1 with --perf-basic-prof (so perf can name JIT-compiled functions), `nodeflow
# bench -t -s 16 -M MACS` drives it from CPU 0, and `perf record -p` samples the controller for 3 s
# after 4 s of load. Prints the top symbols (JavaScript and kernel) by share of samples.
#
#   bash bench/e2e/profile.sh [-M MACS] [-d DIST] [-o perf.data] [-n TOP]
#
# Needs perf (Debian linux-perf) and root or kernel.perf_event_paranoid <= 1, and dist/ (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
M=1000; DIST=dist; OUT=$(mktemp /tmp/nodeflow-profile.XXXXXX); TOP=20
while getopts "M:d:o:n:" o; do
  case $o in M) M=$OPTARG;; d) DIST=$OPTARG;; o) OUT=$OPTARG;; n) TOP=$OPTARG;; *) exit 2;; esac
done
command -v perf >/dev/null || { echo "profile: perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
taskset -c 1 node --perf-basic-prof "$DIST/cli/nodeflow.js" start --port "$PORT" --log-level error >/dev/null 2>&1 &
P=$!
trap 'kill $P 2>/dev/null || true' EXIT
sleep 1
(sleep 4; perf record -o "$OUT" -F 2000 -p "$P" -- sleep 3 >/dev/null 2>&1) &
R=$!
taskset -c 0 node dist/cli/nodeflow.js bench -c 127.0.0.1 -p "$PORT" -t -s 16 -M "$M" -l 6 -m 1000 -w 1 2>&1 | grep RESULT || true
wait $R
echo "controller $DIST, -M $M: share of samples ($OUT)"
perf report -i "$OUT" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | awk '{p=$1; s=$0; sub(/.*\[\.\] |.*\[k\] /,"",s); print p, substr(s,1,90)}' | head -n "$TOP"
rm -f "/tmp/perf-$P.map"
