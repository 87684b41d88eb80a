#!/bin/sh
# Does serving HTTP cost the per-packet path anything? Same build, same run,
# in adjacent pairs: each pair runs `nodeflow start` without --http ("off")
# and with --http plus a client fetching /metrics every second ("on"), one
# right after the other, each measured with a cbench-style generator (16
# switches) in throughput (-t) or latency mode. The order inside a pair
# alternates (off,on then on,off) so that neither variant always runs second.
# A shared box drifts by far more than 3% over minutes; the two runs of a
# pair share most of that drift, so the per-pair ratio on/off cancels it.
# Prints every RESULT, each pair's ratio, and the median ratio with its
# quartiles and range, plus the medians of each variant. Also the
# controller's CPU time per response (from /proc/PID/stat around the
# generator run) and its per-pair ratio: what a response costs the
# controller, which other load on the box moves much less than the rate.
#
# With SIMULTANEOUS=1 the two runs of a pair are not one after the other
# but at the same time: both controllers (ports P and P+2), each with its own
# generator, start together, so that whatever else loads the box loads both
# alike; the scheduler shares the cores between them, so a controller that
# spends more CPU per response gets fewer responses, and the ratio shows it.
#
# Usage: [MODES="throughput latency"] [CBENCH=/path/to/cbench] [SIMULTANEOUS=1] sh bench/e2e/http-overhead.sh [PAIRS=12] [LOOPS=6]
#   (after npm run build). Without CBENCH the generator is `nodeflow bench`
#   (same options and RESULT line as cbench); with it, the real cbench.
set -e
cd "$(dirname "$0")/../.."
PAIRS=${1:-12}; LOOPS=${2:-6}; MODES=${MODES:-throughput}
PORT=$(( 20000 + $$ % 20000 )); HPORT=$(( PORT + 1 )); PORT2=$(( PORT + 2 ))
OUT=$(mktemp -d); for m in $MODES; do touch "$OUT/off-$m" "$OUT/on-$m" "$OUT/ratio-$m" "$OUT/cpu-off-$m" "$OUT/cpu-on-$m" "$OUT/cpuratio-$m"; done
HZ=$(getconf CLK_TCK)
cpu_ticks() { # user + system CPU ticks of a process so far
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
run() { # variant mode -> appends the run's average to $OUT/variant-mode, echoes it
  variant=$1; mode=$2
  if [ "$variant" = on ]; then
    node dist/cli/nodeflow.js start --port "$PORT" --log-level warn --http "127.0.0.1:$HPORT" >/dev/null 2>&1 &
  else
    node dist/cli/nodeflow.js start --port "$PORT" --log-level warn >/dev/null 2>&1 &
  fi
  pid=$!
  sleep 1
  poller=
  if [ "$variant" = on ]; then
    # wait until the HTTP server answers, then scrape once a second for the whole run
    n=0; until curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || [ $n -ge 50 ]; do sleep 0.2; n=$((n + 1)); done
    ( while :; do curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || true; sleep 1; done ) >/dev/null 2>&1 &
    poller=$!
  fi
  if [ "$mode" = throughput ]; then flag=-t; else flag=; fi
  # the generator as positional parameters (timeout runs a program, not a shell function)
  if [ -n "$CBENCH" ]; then set -- "$CBENCH"; else set -- node dist/cli/nodeflow.js bench; fi
  c0=$(cpu_ticks "$pid")
  log=$(timeout 120 "$@" -c 127.0.0.1 -p "$PORT" -s 16 -M 100000 -l "$LOOPS" -m 1000 $flag -i 20 -I 4 2>&1 || true)
  c1=$(cpu_ticks "$pid")
  r=$(echo "$log" | grep '^RESULT' || true)
  # the controller's CPU per response over the whole generator run (every loop, warmup included):
  # how much work a response costs, which a busy box moves far less than the rate it can reach
  responses=$(echo "$log" | sed -n 's/.*total = \([0-9.]*\) per ms.*/\1/p' | awk '{s += $1} END {printf "%.0f", s * 1000}')
  us=$(awk -v a="$c0" -v b="$c1" -v n="$responses" -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.4f", (b - a) / hz * 1e6 / n; else print 0 }')
  echo "$us" >> "$OUT/cpu-$variant-$mode"
  if [ -n "$poller" ]; then kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true; fi
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  avg=$(echo "$r" | sed -n 's#.*= [0-9.]*/[0-9.]*/\([0-9.]*\)/.*#\1#p')
  echo "$variant $mode ${avg:-FAILED} responses/s, controller CPU $us us/response  ($r)" >&2
  echo "${avg:-0}" >> "$OUT/$variant-$mode"
  echo "${avg:-0}"
}
gen_args() { # port mode -> the generator's command line in "$@" of the caller (set by eval)
  if [ "$2" = throughput ]; then f=-t; else f=; fi
  if [ -n "$CBENCH" ]; then g="$CBENCH"; else g="node dist/cli/nodeflow.js bench"; fi
  echo "$g -c 127.0.0.1 -p $1 -s 16 -M 100000 -l $LOOPS -m 1000 $f -i 20 -I 4"
}
avg_of() { sed -n 's#^RESULT.*= [0-9.]*/[0-9.]*/\([0-9.]*\)/.*#\1#p' "$1" | head -n 1; }
responses_of() { sed -n 's/.*total = \([0-9.]*\) per ms.*/\1/p' "$1" | awk '{s += $1} END {printf "%.0f", s * 1000}'; }
us_per() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.4f", (b - a) / hz * 1e6 / n; else print 0 }'; }
both() { # mode: off and on at the same time; appends to the same files as run
  mode=$1
  node dist/cli/nodeflow.js start --port "$PORT" --log-level warn >/dev/null 2>&1 &
  poff=$!
  node dist/cli/nodeflow.js start --port "$PORT2" --log-level warn --http "127.0.0.1:$HPORT" >/dev/null 2>&1 &
  pon=$!
  sleep 1
  n=0; until curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || [ $n -ge 50 ]; do sleep 0.2; n=$((n + 1)); done
  ( while :; do curl -s -o /dev/null "http://127.0.0.1:$HPORT/metrics" || true; sleep 1; done ) >/dev/null 2>&1 &
  poller=$!
  a0=$(cpu_ticks "$poff"); b0=$(cpu_ticks "$pon")
  # shellcheck disable=SC2046
  timeout 120 $(gen_args "$PORT" "$mode") > "$OUT/log-off" 2>&1 &
  goff=$!
  # shellcheck disable=SC2046
  timeout 120 $(gen_args "$PORT2" "$mode") > "$OUT/log-on" 2>&1 &
  gon=$!
  wait "$goff" || true; a1=$(cpu_ticks "$poff")
  wait "$gon" || true; b1=$(cpu_ticks "$pon")
  kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true
  kill "$poff" "$pon" 2>/dev/null || true; wait "$poff" 2>/dev/null || true; wait "$pon" 2>/dev/null || true
  off=$(avg_of "$OUT/log-off"); on=$(avg_of "$OUT/log-on")
  uoff=$(us_per "$a0" "$a1" "$(responses_of "$OUT/log-off")"); uon=$(us_per "$b0" "$b1" "$(responses_of "$OUT/log-on")")
  echo "both $mode: off ${off:-FAILED} (CPU $uoff us/response), on ${on:-FAILED} (CPU $uon us/response)" >&2
  echo "${off:-0}" >> "$OUT/off-$mode"; echo "${on:-0}" >> "$OUT/on-$mode"
  echo "$uoff" >> "$OUT/cpu-off-$mode"; echo "$uon" >> "$OUT/cpu-on-$mode"
  echo "${off:-0} ${on:-0}"
}
# median, quartiles (nearest rank) and range of the numbers on stdin, printed with format $1
summary() {
  sort -g | awk -v f="$1" '{v[NR]=$1} END {
    if (NR == 0) { print "no data"; exit }
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    q1 = v[int((NR + 3) / 4)]; q3 = v[NR + 1 - int((NR + 3) / 4)]
    printf "median " f "  quartiles " f ".." f "  range " f ".." f "  (n=%d)\n", m, q1, q3, v[1], v[NR], NR }'
}
date -u +'start %H:%M:%S UTC' >&2
for m in $MODES; do
  i=1
  while [ "$i" -le "$PAIRS" ]; do
    if [ -n "$SIMULTANEOUS" ]; then r2=$(both "$m"); off=${r2% *}; on=${r2#* }
    elif [ $((i % 2)) -eq 1 ]; then off=$(run off "$m"); on=$(run on "$m")
    else on=$(run on "$m"); off=$(run off "$m"); fi
    if [ "$off" != 0 ] && [ "$on" != 0 ]; then
      ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.4f", a / b }')
      echo "$ratio" >> "$OUT/ratio-$m"
      cpu=$(awk -v a="$(tail -n 1 "$OUT/cpu-on-$m")" -v b="$(tail -n 1 "$OUT/cpu-off-$m")" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print 0 }')
      echo "$cpu" >> "$OUT/cpuratio-$m"
      echo "pair $i $m: off $off on $on on/off $ratio; CPU per response on/off $cpu" >&2
    fi
    i=$((i + 1))
  done
done
date -u +'end %H:%M:%S UTC' >&2
uptime >&2
for mode in $MODES; do
  for v in off on; do printf '%s %s responses/s: ' "$v" "$mode"; summary %.0f < "$OUT/$v-$mode"; done
  printf 'on/off per pair, %s: ' "$mode"; summary %.4f < "$OUT/ratio-$mode"
  for v in off on; do printf '%s %s controller CPU us/response: ' "$v" "$mode"; summary %.4f < "$OUT/cpu-$v-$mode"; done
  printf 'CPU per response on/off per pair, %s: ' "$mode"; summary %.4f < "$OUT/cpuratio-$mode"
done
rm -rf "$OUT"
