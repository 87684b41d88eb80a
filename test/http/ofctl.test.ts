/**
 * Ryu ofctl_rest bodies to FLOW_MODs, checked by an independent decoder:
 * each body is converted, encoded by the codec and read back by Open
 * vSwitch's `ovs-ofctl ofp-print`, whose text must show the flow meant.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { ofctlToFlowMod, type FlowCommand, type OfctlFlow } from '../../controller/http/ofctl.js';
import { encodeMessage } from '../../codec/index.js';
import { HttpError } from '../../controller/http/errors.js';
import { which } from '../support/sys.js';

const ofctl = which('ovs-ofctl');

function print(version: number, command: FlowCommand, body: OfctlFlow): string {
  const bytes = encodeMessage({ ...ofctlToFlowMod(version, command, body), version, xid: 1 });
  const r = spawnSync(ofctl!, ['ofp-print', bytes.toString('hex')], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

const cases: Array<[number, FlowCommand, OfctlFlow, RegExp[]]> = [
  [4, 'add', { priority: 4242, match: { eth_type: 2048, ipv4_dst: '10.9.9.9' }, actions: [{ type: 'OUTPUT', port: 2 }] }, [/ADD priority=4242,ip,nw_dst=10\.9\.9\.9 actions=output:2/]],
  [4, 'add', { match: { in_port: 1, eth_dst: '02:00:00:00:00:01/ff:ff:ff:00:00:00', ipv4_src: '10.0.0.0/8', eth_type: 2048 }, actions: [{ type: 'OUTPUT', port: 'CONTROLLER', max_len: 128 }] },
    [/in_port=1/, /dl_dst=02:00:00:00:00:00\/ff:ff:ff:00:00:00/ /* the value is masked as ovs-ofctl does */, /nw_src=10\.0\.0\.0\/8/, /actions=CONTROLLER:128/, /ADD ip,/ /* no priority shown: the default 32768 */]],
  [4, 'add', { table_id: 1, idle_timeout: 30, hard_timeout: 60, cookie: 7, match: { vlan_vid: 10, eth_type: 2048 }, actions: [{ type: 'POP_VLAN' }, { type: 'SET_FIELD', field: 'ipv4_dst', value: '1.2.3.4' }, { type: 'GOTO_TABLE', table_id: 2 }] },
    [/table:1/, /cookie:0x7/, /idle:30/, /hard:60/, /dl_vlan=10/, /actions=(strip_vlan|pop_vlan),(set_field:1\.2\.3\.4->ip_dst|mod_nw_dst:1\.2\.3\.4),goto_table:2/]],
  [4, 'add', { match: { eth_type: 0x86dd, ip_proto: 6, tcp_dst: 443 }, actions: [{ type: 'WRITE_ACTIONS', actions: [{ type: 'OUTPUT', port: 3 }] }, { type: 'METER', meter_id: 5 }] },
    [/tcp6,tp_dst=443/, /meter:5/, /write_actions\(output:3\)/]],
  // fields given in any order go out prerequisites first
  [4, 'add', { match: { tcp_dst: 22, ipv4_dst: '10.0.0.1', ip_proto: 6, eth_type: 2048 }, actions: [] }, [/tcp,nw_dst=10\.0\.0\.1,tp_dst=22 actions=drop/]],
  [4, 'delete_strict', { priority: 10, match: { in_port: 3 } }, [/DEL_STRICT/, /priority=10,in_port=3/]],
  [4, 'delete', {}, [/DEL table:(all|255)/]],
  // 1.4 and 1.5: the 1.3 form plus importance
  [5, 'add', { priority: 4242, importance: 7, match: { eth_type: 2048, ipv4_dst: '10.9.9.9' }, actions: [{ type: 'OUTPUT', port: 2 }] }, [/OF1\.4/, /priority=4242,ip,nw_dst=10\.9\.9\.9 importance:7 actions=output:2/]],
  [6, 'add', { priority: 4242, match: { eth_type: 2048, ipv4_dst: '10.9.9.9' }, actions: [{ type: 'OUTPUT', port: 2 }] }, [/OF1\.5/, /priority=4242,ip,nw_dst=10\.9\.9\.9 actions=output:2/]],
  [1, 'add', { priority: 4242, match: { eth_type: 2048, ipv4_dst: '10.9.9.0/24', in_port: 2 }, actions: [{ type: 'OUTPUT', port: 1 }] }, [/ADD priority=4242,ip,in_port=2,nw_dst=10\.9\.9\.0\/24 actions=output:1/]],
  [1, 'add', { match: { eth_src: '02:00:00:00:00:0a', vlan_vid: 5 }, actions: [{ type: 'SET_VLAN_VID', vlan_vid: 7 }, { type: 'OUTPUT', port: 'FLOOD' }] }, [/dl_vlan=5/, /dl_src=02:00:00:00:00:0a/, /actions=mod_vlan_vid:7,FLOOD/]],
  [1, 'modify_strict', { priority: 5, match: { eth_type: 2054 }, actions: [] }, [/MOD_STRICT priority=5,arp actions=drop/]],
];

if (ofctl === undefined) {
  if (process.env['NODEFLOW_REQUIRE_TOOLS'] === '1') test('ovs-ofctl required', () => assert.unreachable('ovs-ofctl is required (NODEFLOW_REQUIRE_TOOLS=1)'));
  else console.log('ofctl: SKIPPED, ovs-ofctl not installed');
} else {
  for (const [version, command, body, want] of cases) {
    test(`ofctl_rest ${({ 1: '1.0', 4: '1.3', 5: '1.4', 6: '1.5' } as Record<number, string>)[version]} ${command} ${JSON.stringify(body)} reads back in ovs-ofctl as meant`, () => {
      const text = print(version, command, body);
      for (const re of want) assert.match(text, re, `${re} in: ${text}`);
    });
  }
}

test('bodies a switch could not take are refused before encoding, with the field named', () => {
  const bad: Array<[number, OfctlFlow, RegExp]> = [
    [4, { match: { ipv4_dst: '10.0.0.0/33' } }, /prefix length 33/],
    [4, { match: { in_port: 'NOWHERE' } }, /match\.in_port: 'NOWHERE' is not a port/],
    [4, { match: { eth_type: 70000 } }, /match\.eth_type: '70000' is not an integer from 0 to 65535/],
    [4, { match: { ip_proto: '6/1' } }, /match\.ip_proto: this field takes no mask/],
    [4, { actions: [{ type: 'OUTPUT' }] }, /OUTPUT needs a port/],
    [4, { actions: [{ type: 'OUTPUT', port: 1, bogus: 1 }] }, /OUTPUT takes no field 'bogus'/],
    [1, { table_id: 3 }, /OpenFlow 1\.0 has one table/],
    [4, { importance: 3 }, /importance: only OpenFlow 1\.4 and later/],
    [1, { match: { ipv6_dst: '::1' } }, /OpenFlow 1\.0 has no such match field/],
    [1, { match: { ipv4_dst: '10.0.0.0/255.0.255.0' } }, /only prefix masks/],
    [1, { actions: [{ type: 'OUTPUT', port: 70000 }] }, /does not exist in OpenFlow 1\.0/],
  ];
  for (const [v, body, re] of bad) {
    try {
      ofctlToFlowMod(v, 'add', body);
      assert.unreachable(`accepted ${JSON.stringify(body)}`);
    } catch (e) {
      assert.ok(e instanceof HttpError && e.status === 400, String(e));
      assert.match((e as Error).message, re);
    }
  }
});

test.run();
