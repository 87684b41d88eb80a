#!/bin/bash
# Issue 16's measurement: the learning switch (`nodeflow start`) against the trivial responder writing the
# same 80-byte FLOW_MOD per PACKET_IN (bench/trivial-responder.js --output), optionally against a second
# build of nodeflow, one fresh process per run, alternating, in cbench's throughput mode with 16 switches.
#
#   bash bench/e2e/vs-responder.sh [-M MACS] [-r RUNS] [-g cbench|nodeflow-bench] [-c /path/to/cbench] [-b BASE_DIST] [-p]
#
# -M source MACs per switch (default 1000), -r runs per controller (default 5), -g generator (default
# cbench when -c is given, else `nodeflow bench`), -b a second dist/ to compare (e.g. a build of main),
# -p pin the controller to CPU 1 and the generator to CPU 0. Each run: `-t -s 16 -M MACS -l 4 -m 1000
# -w 1 -i 20 -I 4`. Prints one line per run (RESULT avg, controller CPU ticks over the run, CPU ns per
# response estimated over the 5 tests) and then the medians and ratios. Needs dist/ (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
M=1000; RUNS=5; GEN=""; CBENCH=""; BASE=""; PIN=""
while getopts "M:r:g:c:b:p" o; do
  case $o in M) M=$OPTARG;; r) RUNS=$OPTARG;; g) GEN=$OPTARG;; c) CBENCH=$OPTARG;; b) BASE=$OPTARG;; p) PIN=1;; *) exit 2;; esac
done
[ -n "$GEN" ] || { [ -n "$CBENCH" ] && GEN=cbench || GEN=nodeflow-bench; }
[ -f dist/cli/nodeflow.js ] || { echo "vs-responder: build first (npm run build)" >&2; exit 1; }
CTLS="nodeflow trivial-output"; [ -n "$BASE" ] && CTLS="base $CTLS"
T1=""; T0=""; [ -n "$PIN" ] && { T1="taskset -c 1"; T0="taskset -c 0"; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
OUT=$(mktemp)
for i in $(seq "$RUNS"); do
  for c in $CTLS; do
    PORT=$(free_port)
    case $c in
      nodeflow) $T1 node dist/cli/nodeflow.js start --port "$PORT" --log-level error >/dev/null 2>&1 & P=$!;;
      base) $T1 node "$BASE/cli/nodeflow.js" start --port "$PORT" --log-level error >/dev/null 2>&1 & P=$!;;
      trivial-output) $T1 node dist/bench/trivial-responder.js "$PORT" --output >/dev/null & P=$!;;
    esac
    sleep 1
    t0=$(awk '{print $14+$15}' /proc/$P/stat)
    ARGS="-c 127.0.0.1 -p $PORT -t -s 16 -M $M -l 4 -m 1000 -w 1 -i 20 -I 4"
    if [ "$GEN" = cbench ]; then G="$CBENCH"; else G="node dist/cli/nodeflow.js bench"; fi
    # shellcheck disable=SC2086
    R=$(timeout 60 $T0 $G $ARGS 2>&1 | grep RESULT | sed 's/.*= //' | cut -d/ -f3 || true)
    t1=$(awk '{print $14+$15}' /proc/$P/stat)
    kill "$P"; wait "$P" 2>/dev/null || true
    echo "$GEN M=$M $c run $i ${R:-none} cpu_ticks=$((t1 - t0))" | tee -a "$OUT"
  done
done
python3 - "$OUT" <<'EOF'
import sys, statistics as st, collections
rate, ns = collections.defaultdict(list), collections.defaultdict(list)
for l in open(sys.argv[1]):
    p = l.split()
    if p[5] == 'none': continue
    r, ticks = float(p[5]), int(p[6].split('=')[1])
    rate[p[2]].append(r)
    ns[p[2]].append(ticks * 1e7 / (r * 5))  # CPU over the run / responses of 1 warm-up + 4 tests
med = {c: st.median(v) for c, v in rate.items()}
for c in med:
    print(f"{c}: median {med[c]:,.0f} responses/s over {len(rate[c])} runs; controller CPU ~{st.median(ns[c]):.0f} ns per response")
t = med.get('trivial-output')
if t:
    for c in med:
        if c != 'trivial-output': print(f"{c} / trivial-output: {med[c] / t:.2f}x")
if 'base' in med and 'nodeflow' in med: print(f"nodeflow / base: {med['nodeflow'] / med['base']:.2f}x")
EOF
rm -f "$OUT"
