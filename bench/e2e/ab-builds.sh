#!/bin/sh
# Same-run throughput comparison of two builds of nodeflow (e.g. main and a branch):
# rounds alternate A, B, A, B... on the same machine and load; each round starts
# `nodeflow start` from one build and runs the generator (`nodeflow bench`, from
# build A for both, so only the controller differs) in throughput (-t) and
# latency mode; prints every RESULT and the median of the per-run averages.
# Usage: sh bench/e2e/ab-builds.sh DIST_A DIST_B [ROUNDS=5] [LOOPS=6]
#   e.g. git archive main | tar -x -C /tmp/main && (cd /tmp/main && npx tsc) && sh bench/e2e/ab-builds.sh /tmp/main/dist dist
set -e
A=$1; B=$2; ROUNDS=${3:-5}; LOOPS=${4:-6}
[ -f "$A/cli/nodeflow.js" ] && [ -f "$B/cli/nodeflow.js" ] || { echo "usage: $0 DIST_A DIST_B [ROUNDS] [LOOPS]" >&2; exit 2; }
PORT=$(( 20000 + $$ % 20000 ))
OUT=$(mktemp -d)
run() { # dist label mode
  node "$1/cli/nodeflow.js" start --port "$PORT" --log-level warn >/dev/null 2>&1 &
  pid=$!
  sleep 1
  if [ "$3" = throughput ]; then flag=-t; else flag=; fi
  r=$(timeout 120 node "$A/cli/nodeflow.js" bench -c 127.0.0.1 -p "$PORT" -s 16 -M 100000 -l "$LOOPS" -m 1000 $flag -i 20 -I 4 2>&1 | grep '^RESULT' || true)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  avg=$(echo "$r" | sed -n 's#.*= [0-9.]*/[0-9.]*/\([0-9.]*\)/.*#\1#p')
  echo "$2 $3 ${avg:-FAILED}  ($r)"
  echo "${avg:-0}" >> "$OUT/$2-$3"
}
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for mode in throughput latency; do
    run "$A" A "$mode"
    run "$B" B "$mode"
  done
  i=$((i + 1))
done
for mode in throughput latency; do
  for w in A B; do
    printf '%s %s median of %s runs: ' "$w" "$mode" "$ROUNDS"
    sort -n "$OUT/$w-$mode" | awk '{v[NR]=$1} END {printf "%.0f responses/s\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
  done
done
rm -rf "$OUT"
