#!/bin/sh
# Same-run throughput comparison of two builds of nodeflow (e.g. main and a branch):
# rounds alternate A B, B A, A B... (ABBA: whichever runs first in a pair has no
# advantage) on the same machine and load; each run starts
# `nodeflow start` from one build and runs the generator (`nodeflow bench`, from
# build A for both, so only the controller differs) in throughput (-t) and
# latency mode; prints every RESULT, the controller CPU time per response, and the medians.
# Usage: sh bench/e2e/ab-builds.sh DIST_A DIST_B [ROUNDS=5] [LOOPS=6] [MODES='throughput latency']
#   e.g. git archive main | tar -x -C /tmp/main && (cd /tmp/main && npx tsc) && sh bench/e2e/ab-builds.sh /tmp/main/dist dist
set -e
A=$1; B=$2; ROUNDS=${3:-5}; LOOPS=${4:-6}; MODES=${5:-throughput latency}
[ -f "$A/cli/nodeflow.js" ] && [ -f "$B/cli/nodeflow.js" ] || { echo "usage: $0 DIST_A DIST_B [ROUNDS] [LOOPS]" >&2; exit 2; }
OUT=$(mktemp -d)
HZ=$(getconf CLK_TCK)
run() { # dist label mode
  # --port 0: the kernel picks a free port, printed as `listening on HOST:PORT`
  node "$1/cli/nodeflow.js" start --host 127.0.0.1 --port 0 --log-level warn >"$OUT/ctl.log" 2>&1 &
  pid=$!
  PORT=
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    PORT=$(sed -n 's/^listening on [0-9.]*:\([0-9]*\).*/\1/p' "$OUT/ctl.log" 2>/dev/null || true)
    [ -n "$PORT" ] && break
    sleep 0.5
  done
  if [ "$3" = throughput ]; then flag=-t; else flag=; fi
  r=$(timeout 120 node "$A/cli/nodeflow.js" bench -c 127.0.0.1 -p "$PORT" -s 16 -M 100000 -l "$LOOPS" -m 1000 $flag -i 20 -I 4 2>&1 | grep '^RESULT' || true)
  # controller CPU time (user + system) over the whole run: less sensitive to other load than throughput
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  kill "$pid" 2>/dev/null || { echo "note: controller $2 had already exited:" >&2; tail -5 "$OUT/ctl.log" >&2; }
  wait "$pid" 2>/dev/null || true
  sleep 1
  avg=$(echo "$r" | sed -n 's#.*= [0-9.]*/[0-9.]*/\([0-9.]*\)/.*#\1#p')
  # CPU microseconds per response, counting every loop (the warm-up one included) at the measured average rate
  cpu=$(awk -v t="$ticks" -v hz="$HZ" -v a="${avg:-0}" -v l="$LOOPS" 'BEGIN { if (a > 0) printf "%.3f", t / hz * 1e6 / (a * l); }')
  echo "$2 $3 ${avg:-FAILED} responses/s, controller ${cpu:-?} cpu-us/response  ($r)"
  [ -n "$avg" ] && echo "$avg" >> "$OUT/$2-$3" && echo "$cpu" >> "$OUT/$2-$3-cpu"
  return 0
}
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for mode in $MODES; do
    if [ $((i % 2)) -eq 1 ]; then run "$A" A "$mode"; run "$B" B "$mode"
    else run "$B" B "$mode"; run "$A" A "$mode"; fi
  done
  i=$((i + 1))
done
for mode in $MODES; do
  for w in A B; do
    printf '%s %s median of %s runs: ' "$w" "$mode" "$(wc -l < "$OUT/$w-$mode")"
    sort -n "$OUT/$w-$mode" | awk '{v[NR]=$1} END {printf "%.0f responses/s, ", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
    sort -n "$OUT/$w-$mode-cpu" | awk '{v[NR]=$1} END {printf "%.3f controller cpu-us/response\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
  done
done
rm -rf "$OUT"
