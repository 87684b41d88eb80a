#!/bin/sh
# Throughput and latency of nodeflow over TLS beside plain TCP, in one run:
# one `nodeflow start` serving both (plain --port, TLS --tls-port, certificates
# made here with openssl), `nodeflow bench` alternating plain / TLS, ROUNDS
# times per mode. Prints every RESULT line; BENCHMARKS.md has the medians.
#   sh bench/e2e/tls.sh [ROUNDS] [extra bench options]
set -eu
ROUNDS=${1:-3}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/../.."
CLI=dist/cli/nodeflow.js
D=$(mktemp -d)
trap 'kill $CTL 2>/dev/null || true; rm -rf "$D"' EXIT
ec() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "$@" 2>/dev/null; }
ec -x509 -keyout "$D/ca.key" -out "$D/ca.pem" -days 2 -subj /CN=bench-ca -addext basicConstraints=critical,CA:TRUE
for n in ctl sw; do
  ec -keyout "$D/$n.key" -out "$D/$n.csr" -subj "/CN=$n"
  openssl x509 -req -in "$D/$n.csr" -CA "$D/ca.pem" -CAkey "$D/ca.key" -CAcreateserial -out "$D/$n.pem" -days 2 2>/dev/null
done
P=$((20000 + $$ % 20000)); Q=$((P + 1))
node $CLI start --host 127.0.0.1 --port $P --tls-port $Q --tls-cert "$D/ctl.pem" --tls-key "$D/ctl.key" --tls-ca "$D/ca.pem" \
  --summary-interval 0 --log-level warn > "$D/ctl.log" 2>&1 &
CTL=$!
for i in $(seq 50); do grep -q '(tls)' "$D/ctl.log" && break; sleep 0.1; done
echo "openssl $(openssl version | cut -d' ' -f2), node $(node --version), TLS: $(node -e "const t=require('tls');const s=t.connect({port:$Q,host:'127.0.0.1',cert:require('fs').readFileSync('$D/sw.pem'),key:require('fs').readFileSync('$D/sw.key'),ca:require('fs').readFileSync('$D/ca.pem'),checkServerIdentity:()=>undefined},()=>{console.log(s.getProtocol()+' '+s.getCipher().name);s.destroy()})")"
for mode in latency throughput; do
  T=""; [ $mode = throughput ] && T="-t"
  for r in $(seq "$ROUNDS"); do
    printf '%s plain ' $mode; node $CLI bench -c 127.0.0.1 -p $P -s 16 -M 100000 -l 6 -m 1000 -i 20 -I 4 $T --percentiles "$@" 2>/dev/null | grep RESULT
    printf '%s tls   ' $mode; node $CLI bench -c 127.0.0.1 -p $Q -s 16 -M 100000 -l 6 -m 1000 -i 20 -I 4 $T --percentiles "$@" \
      --tls --tls-cert "$D/sw.pem" --tls-key "$D/sw.key" --tls-ca "$D/ca.pem" 2>/dev/null | grep RESULT
  done
done
