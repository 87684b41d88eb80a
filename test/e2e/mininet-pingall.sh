#!/usr/bin/env bash
# Mininet's pingall against `npm start`, fenced in so nothing else on the
# machine can be harmed (see README, "Running with Open vSwitch and Mininet"):
#   - a private Open vSwitch (own db, own daemons, OVS_RUNDIR etc. in a temp
#     dir) whose ovs-vswitchd runs in a private network namespace;
#   - `npm start` (nodeflow) in that namespace on 127.0.0.1:6653;
#   - mn through mn-nocleanup.py (Mininet's global cleanup disabled), in the
#     same network namespace, in its own PID namespace, under `timeout 60`.
# Everything is removed on exit, also on failure or Ctrl-C.
#
# Usage (root, from the repository root, after `npm run build`):
#   test/e2e/mininet-pingall.sh [OpenFlow13|OpenFlow10] [extra mn args...]
# NODEFLOW_ARGS adds `nodeflow start` options, e.g. a topology with loops:
#   NODEFLOW_ARGS='--app forwarding' test/e2e/mininet-pingall.sh OpenFlow13 --topo torus,3,3
set -euo pipefail

PROTO=${1:-OpenFlow13}
shift || true
case $PROTO in
  OpenFlow10) VERSIONS=1.0 ;;
  OpenFlow13) VERSIONS=1.3 ;;
  *) echo "usage: $0 [OpenFlow13|OpenFlow10] [mn args...]" >&2; exit 2 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
NS=nfmn$$
D=$(mktemp -d /tmp/nodeflow-mn-XXXXXX)
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
CTL_PID=

cleanup() {
  set +e
  # npm runs node as a child: stop the whole process group setsid made
  if [ -n "$CTL_PID" ]; then kill -TERM -- "-$CTL_PID" 2>/dev/null; wait "$CTL_PID" 2>/dev/null; fi
  for d in ovs-vswitchd ovsdb-server; do
    if [ -f "$D/$d.pid" ]; then
      ovs-appctl -t "$D/$d.$(cat "$D/$d.pid").ctl" exit 2>/dev/null
    fi
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do ip netns del "$NS" 2>/dev/null && break; sleep 0.2; done
  rm -rf "$D"
}
trap cleanup EXIT INT TERM

ip netns add "$NS"
ip -n "$NS" link set lo up
ovsdb-tool create "$D/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$D/conf.db" --remote="punix:$D/db.sock" --pidfile="$D/ovsdb-server.pid" \
  --log-file="$D/ovsdb-server.log" --detach -vconsole:off
ovs-vsctl --db="unix:$D/db.sock" --no-wait init
ip netns exec "$NS" ovs-vswitchd "unix:$D/db.sock" --pidfile="$D/ovs-vswitchd.pid" \
  --log-file="$D/ovs-vswitchd.log" --detach -vconsole:off

# the controller first: OVS backs off 1, 2, 4, 8 s after failed attempts
ip netns exec "$NS" setsid npm start --silent -- --port 6653 --versions "$VERSIONS" ${NODEFLOW_ARGS:-} \
  >"$D/nodeflow.log" 2>&1 </dev/null &
CTL_PID=$!
for _ in $(seq 50); do
  ip netns exec "$NS" ss -Hltn 'sport = :6653' | grep -q 6653 && break
  sleep 0.1
done

ip netns exec "$NS" unshare --pid --fork --mount-proc \
  timeout 60 /usr/bin/python3 "$HERE/mn-nocleanup.py" \
  --switch "ovs,datapath=user,protocols=$PROTO" \
  --controller remote,ip=127.0.0.1,port=6653 \
  --topo tree,depth=2 --test pingall "$@"
echo "--- nodeflow (npm start) log ---"
grep -v ' summary ' "$D/nodeflow.log" || true
