#!/usr/bin/env bash
# OpenFlow 1.3 end to end, which cbench cannot do: `nodeflow bench -O 1.3`
# against `nodeflow start` (learning switch) and `ovs-testcontroller -O
# OpenFlow13`, throughput (-t -s 16 -M 100000) and latency (-s 16, -s 1),
# runs interleaved, median per controller and scenario.
#   bash bench/e2e/of13.sh [RUNS]      (after npm run build)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
CLI=dist/cli/nodeflow.js
declare -A R
SCENARIOS=(throughput latency16 latency1)
args() {
  case $1 in
    throughput) echo "-t -s 16 -M 100000" ;;
    latency16) echo "-s 16 -M 100000" ;;
    latency1) echo "-s 1 -M 100000" ;;
  esac
}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
for run in $(seq 1 "$RUNS"); do
  for sc in "${SCENARIOS[@]}"; do
    for ctl in nodeflow ovs; do
      port=$(free_port)
      if [ "$ctl" = nodeflow ]; then
        node "$CLI" start --host 127.0.0.1 --port "$port" --log-level warn --summary-interval 0 >/dev/null 2>&1 &
      else
        ovs-testcontroller "ptcp:$port:127.0.0.1" -O OpenFlow13 "--unixctl=/tmp/nodeflow-of13-$port.ctl" -vconsole:off >/dev/null 2>&1 &
      fi
      pid=$!
      sleep 0.7
      # shellcheck disable=SC2046
      res=$(node "$CLI" bench -O 1.3 -c 127.0.0.1 -p "$port" $(args "$sc") -l 6 -m 1000 -w 2 -i 20 -I 4 2>/dev/null | grep '^RESULT' || true)
      kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
      avg=$(echo "$res" | sed -E 's#.*= [0-9.]+/[0-9.]+/([0-9.]+)/.*#\1#')
      echo "run $run $sc $ctl: ${avg:-?} responses/s"
      R[$sc.$ctl]="${R[$sc.$ctl]:-} ${avg:-0}"
    done
  done
done
med() { echo "$@" | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "| scenario (OpenFlow 1.3) | nodeflow | ovs-testcontroller | nodeflow / ovs |"
echo "|---|---:|---:|---:|"
for sc in "${SCENARIOS[@]}"; do
  n=$(med ${R[$sc.nodeflow]}); o=$(med ${R[$sc.ovs]})
  printf '| %s | %.0f | %.0f | %.2fx |\n' "$sc" "$n" "$o" "$(awk -v a="$n" -v b="$o" 'BEGIN{print (b > 0 ? a/b : 0)}')"
done
