#!/usr/bin/env bash
# Multi-core scaling of `nodeflow start --workers N` under a cbench-style
# throughput load from `nodeflow bench` (16 switches, 100k MACs), runs
# interleaved (N=1, N=2, ..., then again), median per N.
#   bash bench/e2e/workers.sh [RUNS] [N...]      (after npm run build)
# The load generator runs on the same machine: on a 2-core box it competes
# with the workers, so expect well under N x there.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}; shift || true
NS=("$@"); [ ${#NS[@]} -gt 0 ] || NS=(1 2)
CLI=dist/cli/nodeflow.js
declare -A R
for run in $(seq 1 "$RUNS"); do
  for n in "${NS[@]}"; do
    log=$(mktemp)
    node "$CLI" start --host 127.0.0.1 --port 0 --workers "$n" --log-level warn --summary-interval 0 >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
    port=$(grep -o 'listening on [0-9.]*:[0-9]*' "$log" | sed 's/.*://')
    res=$(node "$CLI" bench -c 127.0.0.1 -p "$port" -s 16 -M 100000 -l 6 -m 1000 -w 2 -t -i 20 -I 4 2>/dev/null | grep '^RESULT' || true)
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    avg=$(echo "$res" | sed -E 's#.*= [0-9.]+/[0-9.]+/([0-9.]+)/.*#\1#')
    echo "run $run workers=$n: ${avg:-?} responses/s  ($res)"
    R[$n]="${R[$n]:-} ${avg:-0}"
    rm -f "$log"
  done
done
echo
echo "| workers | median responses/s | vs 1 worker |"
echo "|---:|---:|---:|"
base=""
for n in "${NS[@]}"; do
  med=$(echo ${R[$n]} | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  [ -n "$base" ] || base=$med
  printf '| %s | %.0f | %.2fx |\n' "$n" "$med" "$(awk -v a="$med" -v b="$base" 'BEGIN{print a/b}')"
done
