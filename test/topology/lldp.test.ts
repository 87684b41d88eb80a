/**
 * LLDP probes: what we build is standard LLDP as Wireshark reads it (frames
 * our topology app sent through a real Open vSwitch, fixtures/lldp/), it
 * reads back to the same fields, and no frame can make the parser throw:
 * every truncated prefix, random corruption, and real LLDP of another
 * encoder (lldpd) give a clear reason instead.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../cli/pcap/index.js';
import { buildLldp, parseLldp } from '../../controller/topology/lldp.js';
import { FIXTURES } from '../support/fixtures.js';
import { Rng } from '../fuzz/prng.js';

const DIR = join(FIXTURES, 'lldp');
const frames = (file: string) => readCapture(readFileSync(join(DIR, file))).frames.map((f) => Buffer.from(f.data));
const tshark = readFileSync(join(DIR, 'tshark.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
const mac = Buffer.from([0x02, 0, 0, 0, 0, 0x01]);

test('our probes captured on a real OVS host port: Wireshark reads the chassis (dpid:...), port component, TTL and system name we parse', () => {
  const got = frames('nodeflow-via-ovs.pcap');
  const rows = tshark.filter((r) => r[0] === 'nodeflow-via-ovs.pcap');
  assert.is(got.length, rows.length);
  assert.ok(got.length >= 2);
  got.forEach((f, i) => {
    const [, , chassisSub, chassisHex, , portSub, ttl, sysName, info] = rows[i]!;
    const r = parseLldp(f, 0, f.length);
    assert.ok(r.ok, r.ok ? '' : r.error);
    if (!r.ok) return;
    assert.is(chassisSub, '7', 'chassis id subtype: locally assigned');
    assert.is(Buffer.from(chassisHex!, 'hex').toString('latin1'), `dpid:${r.probe.dpid.toString(16).padStart(16, '0')}`);
    assert.is(portSub, '2', 'port id subtype: port component');
    assert.ok(info!.includes(`PC/${r.probe.port.toString(16).padStart(8, '0')}`), `Wireshark shows the port as ${info}`);
    assert.is(Number(ttl), r.probe.ttl);
    assert.is(sysName, `nodeflow:${r.probe.instance}`);
  });
});

test('build then parse: the full 64-bit dpid and 32-bit port come back', () => {
  for (const [dpid, port] of [[1n, 1], [0xffffffffffffffffn, 0xffffff00], [0x0123456789abcdefn, 65534]] as const) {
    const f = buildLldp(dpid, port, mac, '00112233aabbccdd', 3.5);
    assert.ok(f.length >= 60, 'padded to the Ethernet minimum');
    const r = parseLldp(f, 0, f.length);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.probe, { dpid, port, ttl: 4, instance: '00112233aabbccdd' });
    // the same frame inside a bigger buffer, at an offset
    const big = Buffer.concat([Buffer.alloc(7, 0xee), f, Buffer.alloc(5, 0xee)]);
    const r2 = parseLldp(big, 7, f.length);
    assert.ok(r2.ok && r2.probe.dpid === dpid);
  }
});

test("lldpd's real LLDP (MAC chassis, TTL 120, then a shutdown LLDPDU) is read as foreign, with a reason", () => {
  const got = frames('lldpd.pcap');
  assert.is(got.length, 2);
  for (const f of got) {
    const r = parseLldp(f, 0, f.length);
    assert.not.ok(r.ok);
    if (!r.ok) assert.match(r.error, /foreign LLDP/);
  }
});

test('every truncated prefix of a probe (and of lldpd frames) gives an error naming the problem, never a throw', () => {
  const all = [buildLldp(7n, 3, mac, '00112233aabbccdd', 4), ...frames('lldpd.pcap')];
  for (const f of all) {
    // the LLDPDU ends at the End TLV: beyond it is padding
    for (let n = 0; n < f.length; n++) {
      const r = parseLldp(f, 0, n);
      if (r.ok) {
        // only a prefix that still holds the whole LLDPDU may parse
        assert.ok(n >= 14, `prefix ${n} parsed`);
        continue;
      }
      assert.type(r.error, 'string');
      assert.ok(r.error.length > 10);
    }
  }
  const r = parseLldp(buildLldp(7n, 3, mac, '00112233aabbccdd', 4), 0, 40);
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.error, /runs past|cut off/);
});

test('malformed TLVs: wrong order, duplicate, bad TTL length, non-hex dpid: clear errors', () => {
  const f = buildLldp(7n, 3, mac, '00112233aabbccdd', 4);
  const swap = Buffer.from(f);
  swap[14] = (2 << 1) | (swap[14]! & 1); // first TLV's type -> Port ID
  const r1 = parseLldp(swap, 0, swap.length);
  assert.ok(!r1.ok && /first TLV is type 2/.test(r1.error));
  const ttl = Buffer.from(f);
  const ttlAt = 14 + 2 + 22 + 2 + 5; // chassis TLV (2 + 22), port TLV (2 + 5)
  ttl.writeUInt16BE((3 << 9) | 3, ttlAt);
  const r2 = parseLldp(ttl, 0, ttl.length);
  assert.ok(!r2.ok && /Time To Live TLV of 3 bytes/.test(r2.error), r2.ok ? '' : r2.error);
  const hex = Buffer.from(f);
  hex.write('zz', 14 + 3 + 5, 'latin1');
  const r3 = parseLldp(hex, 0, hex.length);
  assert.ok(!r3.ok && /16 hex digits/.test(r3.error));
  const notLldp = Buffer.from(f);
  notLldp.writeUInt16BE(0x0800, 12);
  const r4 = parseLldp(notLldp, 0, notLldp.length);
  assert.ok(!r4.ok && /not LLDP/.test(r4.error));
});

test('random corruption (20000 mutated frames): the parser always answers, ok or a reason', () => {
  const rng = new Rng(0x11d9);
  const seeds = [buildLldp(0xabcdn, 9, mac, '00112233aabbccdd', 4), ...frames('lldpd.pcap')];
  let ok = 0;
  for (let i = 0; i < 20000; i++) {
    const f = Buffer.from(seeds[i % seeds.length]!);
    const flips = 1 + (rng.u32() % 4);
    for (let k = 0; k < flips; k++) f[12 + (rng.u32() % (f.length - 12))] = rng.u32() & 0xff;
    const len = rng.u32() % 4 === 0 ? rng.u32() % (f.length + 1) : f.length;
    const r = parseLldp(f, 0, len);
    if (r.ok) ok++;
    else assert.type(r.error, 'string');
  }
  assert.ok(ok < 20000);
});

test.run();
