#!/bin/sh
# Does serving HTTP cost the per-packet path anything? Same build, same run:
# rounds alternate `nodeflow start` without --http ("off") and with --http plus
# a client fetching /metrics every second ("on"), each measured with the
# generator (`nodeflow bench`, 16 switches) in throughput (-t) and latency
# mode; prints every RESULT and the median of the per-run averages.
# Usage: [MODES=throughput] sh bench/e2e/http-overhead.sh [ROUNDS=5] [LOOPS=6]   (after npm run build)
set -e
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}; LOOPS=${2:-6}; MODES=${MODES:-throughput latency}
PORT=$(( 20000 + $$ % 20000 )); HPORT=$(( PORT + 1 ))
OUT=$(mktemp -d)
run() { # variant mode
  if [ "$1" = on ]; then
    node dist/cli/nodeflow.js start --port "$PORT" --log-level warn --http "127.0.0.1:$HPORT" >/dev/null 2>&1 &
  else
    node dist/cli/nodeflow.js start --port "$PORT" --log-level warn >/dev/null 2>&1 &
  fi
  pid=$!
  sleep 1
  poller=
  if [ "$1" = on ]; then
    # wait until the HTTP server answers, then scrape once a second for the whole run
    n=0; until curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || [ $n -ge 50 ]; do sleep 0.2; n=$((n + 1)); done
    ( while :; do curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || true; sleep 1; done ) &
    poller=$!
  fi
  if [ "$2" = throughput ]; then flag=-t; else flag=; fi
  r=$(timeout 120 node dist/cli/nodeflow.js bench -c 127.0.0.1 -p "$PORT" -s 16 -M 100000 -l "$LOOPS" -m 1000 $flag -i 20 -I 4 2>&1 | grep '^RESULT' || true)
  if [ -n "$poller" ]; then kill "$poller" 2>/dev/null || true; fi
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  avg=$(echo "$r" | sed -n 's#.*= [0-9.]*/[0-9.]*/\([0-9.]*\)/.*#\1#p')
  echo "$1 $2 ${avg:-FAILED}  ($r)"
  echo "${avg:-0}" >> "$OUT/$1-$2"
}
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for mode in $MODES; do
    run off "$mode"
    run on "$mode"
  done
  i=$((i + 1))
done
for mode in $MODES; do
  for v in off on; do
    printf '%s %s median of %s runs: ' "$v" "$mode" "$ROUNDS"
    sort -n "$OUT/$v-$mode" | awk '{v[NR]=$1} END {printf "%.0f responses/s\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
  done
done
rm -rf "$OUT"
