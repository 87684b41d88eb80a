#!/bin/bash
# Records a cbench-like OpenFlow 1.0 session on loopback for the capture
# decoding benchmark (BENCHMARKS.md, "Decoding captures"): `nodeflow start`
# (learning switch) answered by `nodeflow bench` in throughput mode, captured
# with tcpdump. Run as root after a build.
#
#   bench/pcap/record-session.sh OUT.pcap [LOOPS] [SWITCHES]
#
# LOOPS one-second tests (default 8) of SWITCHES emulated switches (default 4).
set -eu
OUT=${1:?usage: record-session.sh OUT.pcap [LOOPS] [SWITCHES]}
LOOPS=${2:-8}
SW=${3:-4}
P=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
D=$(mktemp -d /tmp/nodeflow-record.XXXXXX)
node dist/cli/nodeflow.js start --host 127.0.0.1 --port "$P" --versions 1.0 --summary-interval 0 --log-level warn >"$D/ctl.log" 2>&1 &
CTL=$!
tcpdump -i lo -s 0 -B 16384 -w "$OUT" "tcp port $P" 2>"$D/tcpdump.log" &
DUMP=$!
trap 'kill $DUMP $CTL 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$D/tcpdump.log" && break; sleep 0.1; done
sleep 0.5
node dist/cli/nodeflow.js bench -p "$P" -c 127.0.0.1 -s "$SW" -l "$LOOPS" -m 1000 -t -w 0 | tail -3
sleep 1
kill -INT $DUMP; wait $DUMP 2>/dev/null || true
kill $CTL; wait $CTL 2>/dev/null || true
trap - EXIT
grep -E 'packets (captured|dropped)' "$D/tcpdump.log" || true
echo "port $P"
echo "$P" >"$OUT.port"
