/**
 * OpenFlow 1.0 writers: written into a buffer pre-filled with a sentinel
 * byte (so a forgotten field or pad shows), the bytes decode with the generic
 * decoder to the intended value and equal encodeMessage of that value; every
 * fixture of a type the writers cover is rebuilt byte for byte from its
 * decoded value.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage, type Message } from '../../codec/message.js';
import '../../codec/index.js';
import * as s10 from '../../codec/of10/schema.js';
import { OFPT, OFPAT, OFPST } from '../../codec/of10/enums.js';
import { parseMac, parseIpv4 } from '../../codec/schema/scalars.js';
import { listFixtures } from '../support/fixtures.js';
import * as hot from '../../codec/hot.js';
import { hex, num, typeOf } from './views-support.js';

const SENTINEL = 0xaa;

function freshOut(at = 0): hot.OutBuffer {
  const out = new hot.OutBuffer(512);
  out.buf.fill(SENTINEL);
  out.pos = at;
  return out;
}

function mac(s: string): Buffer {
  const b = Buffer.alloc(6);
  assert.ok(parseMac(s, b, 0), s);
  return b;
}
function ip(s: string): number {
  const b = Buffer.alloc(4);
  assert.ok(parseIpv4(s, b, 0), s);
  return b.readUInt32BE(0);
}

/** Append the actions of a decoded value; false when one has no writer. */
function writeActions(out: hot.OutBuffer, actions: Record<string, unknown>[]): boolean {
  for (const a of actions) {
    const t = num(s10.ofp_action_header, 'type', a['type']);
    switch (t) {
      case OFPAT.OUTPUT: hot.action10Output(out, num(s10.ofp_action_output, 'port', a['port']), a['max_len'] as number); break;
      case OFPAT.SET_VLAN_VID: hot.action10SetVlanVid(out, a['vlan_vid'] as number); break;
      case OFPAT.SET_VLAN_PCP: hot.action10SetVlanPcp(out, a['vlan_pcp'] as number); break;
      case OFPAT.STRIP_VLAN: hot.action10StripVlan(out); break;
      case OFPAT.SET_DL_SRC: hot.action10SetDlSrc(out, mac(a['dl_addr'] as string), 0); break;
      case OFPAT.SET_DL_DST: hot.action10SetDlDst(out, mac(a['dl_addr'] as string), 0); break;
      case OFPAT.SET_NW_SRC: hot.action10SetNwSrc(out, ip(a['nw_addr'] as string)); break;
      case OFPAT.SET_NW_DST: hot.action10SetNwDst(out, ip(a['nw_addr'] as string)); break;
      case OFPAT.SET_NW_TOS: hot.action10SetNwTos(out, a['nw_tos'] as number); break;
      case OFPAT.SET_TP_SRC: hot.action10SetTpSrc(out, a['tp_port'] as number); break;
      case OFPAT.SET_TP_DST: hot.action10SetTpDst(out, a['tp_port'] as number); break;
      case OFPAT.ENQUEUE: hot.action10Enqueue(out, num(s10.ofp_action_enqueue, 'port', a['port']), a['queue_id'] as number); break;
      default: return false;
    }
  }
  return true;
}

/** Rebuild a decoded message with the writers; null when a part has no writer. */
function rebuild(out: hot.OutBuffer, m: Message): number | null {
  const t = num(s10.ofp_hello, 'type', m.type);
  const xid = m.xid;
  const data = (k: string) => (m[k] as Buffer | undefined) ?? null;
  switch (t) {
    case OFPT.HELLO:
      if ((m['data'] as Buffer).length) return null;
      return hot.hello10(out, xid);
    case OFPT.FEATURES_REQUEST: return hot.featuresRequest10(out, xid);
    case OFPT.BARRIER_REQUEST: return hot.barrierRequest10(out, xid);
    case OFPT.GET_CONFIG_REQUEST: return hot.getConfigRequest10(out, xid);
    case OFPT.SET_CONFIG: return hot.setConfig10(out, xid, m['flags'] as number, m['miss_send_len'] as number);
    case OFPT.ERROR: {
      const d = m['data'] as Buffer;
      if (d.length > hot.ERROR_DATA_MAX) return null;
      const e = s10.ofp_error_msg;
      const et = num(e, 'error_type', m['error_type']);
      const codeEnum = (e.members.find((x) => x.kind === 'scalar' && x.name === 'code') as any).enumBy.enums.get(et);
      const code = typeof m['code'] === 'number' ? m['code'] : codeEnum.byName.get(m['code']);
      return hot.error10(out, xid, et, code, d, 0, d.length);
    }
    case OFPT.STATS_REQUEST: {
      const st = num(s10.ofp_stats_request_header, 'stats_type', m['stats_type']);
      if (st === OFPST.DESC || st === OFPST.TABLE) return hot.statsRequest10(out, xid, st, m['flags'] as number);
      if (st === OFPST.PORT && m['flags'] === 0) return hot.portStatsRequest10(out, xid, num(s10.ofp_port_stats_request, 'port_no', (m['body'] as Record<string, unknown>)['port_no']));
      return null;
    }
    case OFPT.ECHO_REQUEST: case OFPT.ECHO_REPLY: {
      const d = data('data') ?? data('payload');
      const f = t === OFPT.ECHO_REQUEST ? hot.echoRequest10 : hot.echoReply10;
      return f(out, xid, d, 0, d ? d.length : 0);
    }
    case OFPT.FLOW_MOD: {
      const p = hot.flowMod10Params();
      const d = s10.ofp_flow_mod;
      p.xid = xid; p.cookie = m['cookie'] as bigint; p.command = num(d, 'command', m['command']);
      p.idleTimeout = m['idle_timeout'] as number; p.hardTimeout = m['hard_timeout'] as number;
      p.priority = m['priority'] as number; p.bufferId = num(d, 'buffer_id', m['buffer_id']);
      p.outPort = num(d, 'out_port', m['out_port']); p.flags = num(d, 'flags', m['flags']);
      const at = hot.beginFlowMod10(out, p);
      const mt = m['match'] as Record<string, unknown>;
      const md = s10.ofp_match;
      hot.match10InPort(out, at, num(md, 'in_port', mt['in_port']));
      hot.match10DlSrc(out, at, mac(mt['dl_src'] as string), 0);
      hot.match10DlDst(out, at, mac(mt['dl_dst'] as string), 0);
      hot.match10DlVlan(out, at, num(md, 'dl_vlan', mt['dl_vlan']));
      hot.match10DlVlanPcp(out, at, mt['dl_vlan_pcp'] as number);
      hot.match10DlType(out, at, num(md, 'dl_type', mt['dl_type']));
      hot.match10NwTos(out, at, mt['nw_tos'] as number);
      hot.match10NwProto(out, at, num(md, 'nw_proto', mt['nw_proto']));
      hot.match10NwSrc(out, at, ip(mt['nw_src'] as string));
      hot.match10NwDst(out, at, ip(mt['nw_dst'] as string));
      hot.match10TpSrc(out, at, mt['tp_src'] as number);
      hot.match10TpDst(out, at, mt['tp_dst'] as number);
      hot.match10Wildcards(out, at, num(md, 'wildcards', mt['wildcards']));
      if (!writeActions(out, m['actions'] as Record<string, unknown>[])) return null;
      hot.endMessage(out, at);
      return at;
    }
    case OFPT.PACKET_OUT: {
      const d = s10.ofp_packet_out;
      const at = hot.beginPacketOut10(out, xid, num(d, 'buffer_id', m['buffer_id']), num(d, 'in_port', m['in_port']));
      if (!writeActions(out, m['actions'] as Record<string, unknown>[])) return null;
      const body = m['data'] as Buffer;
      hot.endPacketOut10(out, at, body.length ? body : null, 0, body.length);
      return at;
    }
  }
  return null;
}

/** Write with `write` into a sentinel-filled buffer at a non-zero offset; check it decodes to and encodes like `value`. */
function check(name: string, value: Record<string, unknown>, write: (out: hot.OutBuffer) => number): Buffer {
  const out = freshOut(5);
  const at = write(out);
  assert.is(at, 5, `${name}: writers return the message start`);
  const bytes = Buffer.from(out.buf.subarray(at, out.pos));
  assert.is(out.buf[out.pos], SENTINEL, `${name}: wrote past its end`);
  const d = decodeMessage(bytes);
  assert.ok(d.ok, `${name}: written bytes do not decode: ${d.ok ? '' : d.error.message}`);
  const want = encodeMessage(value);
  assert.is(hex(bytes), hex(want), `${name}: differs from encodeMessage`);
  assert.is(d.ok && d.value.length, bytes.length);
  return bytes;
}

test('header-only and echo writers', () => {
  check('hello', { version: 1, type: 'OFPT_HELLO', xid: 1 }, (o) => hot.hello10(o, 1));
  check('echo request', { version: 1, type: 'OFPT_ECHO_REQUEST', xid: 0xfffffffe, data: Buffer.from('abc') },
    (o) => hot.echoRequest10(o, 0xfffffffe, Buffer.from('xxabcxx'), 2, 3));
  check('echo reply', { version: 1, type: 'OFPT_ECHO_REPLY', xid: 2, data: Buffer.alloc(0) }, (o) => hot.echoReply10(o, 2));
});

test('FLOW_MOD with match fields and an output action', () => {
  const value = {
    version: 1, type: 'OFPT_FLOW_MOD', xid: 42,
    match: {
      wildcards: hot.OFPFW10.ALL & ~(hot.OFPFW10.IN_PORT | hot.OFPFW10.DL_DST | hot.OFPFW10.DL_SRC | hot.OFPFW10.DL_TYPE | hot.OFPFW10.NW_PROTO | hot.OFPFW10.TP_DST | hot.OFPFW10.NW_SRC_MASK | hot.OFPFW10.NW_DST_MASK) | (8 << hot.OFPFW10.NW_DST_SHIFT),
      in_port: 3, dl_src: '00:11:22:33:44:55', dl_dst: '66:77:88:99:aa:bb', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0x0800,
      nw_tos: 0, nw_proto: 6, nw_src: '10.0.0.1', nw_dst: '10.1.2.0', tp_src: 0, tp_dst: 80,
    },
    cookie: 0x0123456789abcdefn, command: 0, idle_timeout: 10, hard_timeout: 30, priority: 100, buffer_id: 0xffffffff,
    out_port: 0xffff, flags: 1,
    actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }, { type: 'OFPAT_OUTPUT', port: 0xfffd, max_len: 128 }],
  };
  const pkt = Buffer.from('66778899aabb001122334455', 'hex');
  const p = hot.flowMod10Params();
  p.xid = 42; p.cookie = 0x0123456789abcdefn; p.idleTimeout = 10; p.hardTimeout = 30; p.priority = 100; p.flags = 1;
  const bytes = check('flow_mod', value, (o) => {
    const at = hot.beginFlowMod10(o, p);
    hot.match10InPort(o, at, 3);
    hot.match10DlDst(o, at, pkt, 0);
    hot.match10DlSrc(o, at, pkt, 6);
    hot.match10DlType(o, at, 0x0800);
    hot.match10NwProto(o, at, 6);
    hot.match10NwSrc(o, at, ip('10.0.0.1'));
    hot.match10NwDst(o, at, ip('10.1.2.0'), 24);
    hot.match10TpDst(o, at, 80);
    hot.action10Output(o, 2);
    hot.action10Output(o, 0xfffd, 128);
    hot.endMessage(o, at);
    return at;
  });
  assert.is(bytes.length, 72 + 16);
});

test('PACKET_OUT with actions and data copied from a source range', () => {
  const frame = Buffer.alloc(64, 0x33);
  check('packet_out', {
    version: 1, type: 'OFPT_PACKET_OUT', xid: 5, buffer_id: 0xffffffff, in_port: 1,
    actions: [{ type: 'OFPAT_OUTPUT', port: 0xfffb, max_len: 0 }], data: frame.subarray(4, 60),
  }, (o) => {
    const at = hot.beginPacketOut10(o, 5, 0xffffffff, 1);
    hot.action10Output(o, 0xfffb);
    hot.endPacketOut10(o, at, frame, 4, 56);
    return at;
  });
  check('packet_out buffered', {
    version: 1, type: 'OFPT_PACKET_OUT', xid: 6, buffer_id: 77, in_port: 2, actions: [], data: Buffer.alloc(0),
  }, (o) => hot.endPacketOut10(o, hot.beginPacketOut10(o, 6, 77, 2)) - 16);
});

test('every 1.0 action writer', () => {
  const src = Buffer.from('0a0b0c0d0e0f', 'hex');
  check('flow_mod with every action', {
    version: 1, type: 'OFPT_FLOW_MOD', xid: 3,
    match: { wildcards: hot.OFPFW10.ALL, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 },
    cookie: 0n, command: 'OFPFC_MODIFY_STRICT', idle_timeout: 0, hard_timeout: 0, priority: 0x8000, buffer_id: 9, out_port: 0xffff, flags: 0,
    actions: [
      { type: 'OFPAT_SET_VLAN_VID', vlan_vid: 100 }, { type: 'OFPAT_SET_VLAN_PCP', vlan_pcp: 5 }, { type: 'OFPAT_STRIP_VLAN' },
      { type: 'OFPAT_SET_DL_SRC', dl_addr: '0a:0b:0c:0d:0e:0f' }, { type: 'OFPAT_SET_DL_DST', dl_addr: '0a:0b:0c:0d:0e:0f' },
      { type: 'OFPAT_SET_NW_SRC', nw_addr: '192.168.1.1' }, { type: 'OFPAT_SET_NW_DST', nw_addr: '255.255.255.255' },
      { type: 'OFPAT_SET_NW_TOS', nw_tos: 0xb8 }, { type: 'OFPAT_SET_TP_SRC', tp_port: 1234 }, { type: 'OFPAT_SET_TP_DST', tp_port: 65535 },
      { type: 'OFPAT_ENQUEUE', port: 2, queue_id: 0xdeadbeef }, { type: 'OFPAT_OUTPUT', port: 'OFPP_FLOOD', max_len: 0 },
    ],
  }, (o) => {
    const p = hot.flowMod10Params();
    p.xid = 3; p.command = 2; p.bufferId = 9;
    const at = hot.beginFlowMod10(o, p);
    hot.action10SetVlanVid(o, 100); hot.action10SetVlanPcp(o, 5); hot.action10StripVlan(o);
    hot.action10SetDlSrc(o, src, 0); hot.action10SetDlDst(o, src, 0);
    hot.action10SetNwSrc(o, ip('192.168.1.1')); hot.action10SetNwDst(o, 0xffffffff); hot.action10SetNwTos(o, 0xb8);
    hot.action10SetTpSrc(o, 1234); hot.action10SetTpDst(o, 65535); hot.action10Enqueue(o, 2, 0xdeadbeef);
    hot.action10Output(o, 0xfffb);
    hot.endMessage(o, at);
    return at;
  });
});

test('SET_CONFIG, ERROR (offending bytes capped at 64) and STATS_REQUEST', () => {
  check('set_config', { version: 1, type: 'OFPT_SET_CONFIG', xid: 8, flags: 0, miss_send_len: 0xffff }, (o) => hot.setConfig10(o, 8, 0, 0xffff));
  const offending = Buffer.alloc(100, 0x42);
  check('error', { version: 1, type: 'OFPT_ERROR', xid: 9, error_type: 'OFPET_BAD_REQUEST', code: 'OFPBRC_BAD_LEN', data: offending.subarray(0, 64) },
    (o) => hot.error10(o, 9, 1, 6, offending, 0, 100));
  check('error short data', { version: 1, type: 'OFPT_ERROR', xid: 9, error_type: 2, code: 0, data: offending.subarray(0, 12) },
    (o) => hot.error10(o, 9, 2, 0, offending, 10, 12));
  check('desc stats request', { version: 1, type: 'OFPT_STATS_REQUEST', xid: 10, stats_type: 'OFPST_DESC', flags: 0 }, (o) => hot.statsRequest10(o, 10, OFPST.DESC));
  check('port stats request', { version: 1, type: 'OFPT_STATS_REQUEST', xid: 11, stats_type: 'OFPST_PORT', flags: 0, body: { port_no: 'OFPP_NONE' } },
    (o) => hot.portStatsRequest10(o, 11, 0xffff));
  check('features request', { version: 1, type: 'OFPT_FEATURES_REQUEST', xid: 12 }, (o) => hot.featuresRequest10(o, 12));
  check('barrier request', { version: 1, type: 'OFPT_BARRIER_REQUEST', xid: 13 }, (o) => hot.barrierRequest10(o, 13));
  check('get config request', { version: 1, type: 'OFPT_GET_CONFIG_REQUEST', xid: 14 }, (o) => hot.getConfigRequest10(o, 14));
});

test('writers grow the buffer when a message does not fit, keeping what was written', () => {
  const out = new hot.OutBuffer(8);
  hot.hello10(out, 1);
  const big = Buffer.alloc(3000, 7);
  hot.echoRequest10(out, 2, big, 0, big.length);
  assert.is(out.pos, 8 + 8 + 3000);
  const a = decodeMessage(out.bytes(), 0);
  const b = decodeMessage(out.bytes(), 8);
  assert.ok(a.ok && b.ok && (b.value['data'] as Buffer).equals(big));
  assert.throws(() => hot.echoRequest10(out, 3, Buffer.alloc(70000), 0, 70000), /65535/);
});

test('an OutBuffer whose buf is swapped (as the controller rotates buffers) writes only into the new one', () => {
  const out = new hot.OutBuffer(256);
  const p = hot.flowMod10Params();
  hot.endMessage(out, hot.beginFlowMod10(out, p));
  const old = out.buf;
  const oldCopy = Buffer.from(old);
  out.buf = Buffer.alloc(256, SENTINEL);
  out.pos = 0;
  const at = hot.beginFlowMod10(out, p);
  hot.action10Output(out, 1);
  hot.endMessage(out, at);
  assert.ok(old.equals(oldCopy), 'the handed-away buffer was written to');
  const d = decodeMessage(out.bytes());
  assert.ok(d.ok);
  const want = encodeMessage({
    version: 1, type: 'OFPT_FLOW_MOD', xid: 0,
    match: { wildcards: hot.OFPFW10.ALL, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0 },
    cookie: 0n, command: 0, idle_timeout: 0, hard_timeout: 0, priority: 0x8000, buffer_id: 0xffffffff, out_port: 0xffff, flags: 0,
    actions: [{ type: 'OFPAT_OUTPUT', port: 1, max_len: 0 }],
  });
  assert.is(hex(out.bytes()), hex(want), 'pads in the new buffer are zeroed');
});

test('fixtures of written types rebuild byte for byte', () => {
  let rebuilt = 0;
  for (const f of listFixtures('of10').filter((x) => !x.truncated)) {
    const d = decodeMessage(f.bytes);
    if (!d.ok) continue;
    const out = freshOut();
    const at = rebuild(out, d.value);
    if (at === null) continue;
    assert.is(hex(out.buf.subarray(at, out.pos)), hex(f.bytes), `${f.id} rebuilt differently`);
    rebuilt++;
  }
  // Rebuild messages encoded here too, so this runs before fixtures exist.
  for (const t of [OFPT.HELLO, OFPT.FEATURES_REQUEST, OFPT.BARRIER_REQUEST]) assert.ok(typeOf(encodeMessage({ version: 1, type: t, xid: 1 })) === t);
  console.log(`  (${rebuilt} 1.0 fixtures rebuilt by the writers)`);
});

test('FLOW_MOD DELETE of every flow: all-wildcard match, out_port OFPP_NONE, no actions', () => {
  const match = {
    wildcards: hot.OFPFW10.ALL, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0,
    dl_type: 0, nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0,
  };
  const value = {
    version: 1, type: 'OFPT_FLOW_MOD', xid: 7, match, cookie: 0n, command: 'OFPFC_DELETE', idle_timeout: 0, hard_timeout: 0,
    priority: 0x8000, buffer_id: 0xffffffff, out_port: 'OFPP_NONE', flags: 0, actions: [],
  };
  const bytes = check('delete all', value, (o) => hot.flowModDeleteAll10(o, 7));
  assert.is(bytes.length, 72);
  // a reused parameter object: a later ordinary FLOW_MOD is not turned into a DELETE
  const out = freshOut();
  const at = hot.beginFlowMod10(out, hot.flowMod10Params());
  hot.endMessage(out, at);
  const d = decodeMessage(Buffer.from(out.buf.subarray(at, out.pos)));
  assert.ok(d.ok && (d.value as Record<string, unknown>)['command'] === 'OFPFC_ADD');
});

test('flowMod10 (one call, match from numbers) writes the same bytes as the step-by-step writers and encodeMessage', () => {
  const value = {
    version: 1, type: 'OFPT_FLOW_MOD', xid: 43,
    match: {
      wildcards: hot.OFPFW10.ALL & ~(hot.OFPFW10.IN_PORT | hot.OFPFW10.DL_DST | hot.OFPFW10.DL_SRC | hot.OFPFW10.DL_TYPE),
      in_port: 3, dl_src: '00:11:22:33:44:55', dl_dst: 'ff:77:88:99:aa:bb', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0x0806,
      nw_tos: 0, nw_proto: 0, nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0,
    },
    cookie: 5n, command: 0, idle_timeout: 60, hard_timeout: 0, priority: 0x8000, buffer_id: 9, out_port: 0xffff, flags: 0,
    actions: [{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0xffff }, { type: 'OFPAT_OUTPUT', port: 0xfffb, max_len: 0xffff }],
  };
  const p = hot.flowMod10Params();
  p.xid = 43; p.cookie = 5n; p.idleTimeout = 60; p.bufferId = 9;
  const m = { inPort: 3, ethSrc: 0x001122334455, ethDst: 0xff778899aabb, ethType: 0x0806 };
  const f = Object.assign(hot.flowMod10Params(), { cookie: 5n, idleTimeout: 60, bufferId: 9, outputs: [2, 0xfffb], nOutputs: 2, maxLen: 0xffff });
  const one = check('flowMod10', value, (o) => hot.flowMod10(o, 43, f, m));
  // 32-bit (OpenFlow 1.3) reserved port numbers map to 1.0's: FLOOD 0xfffffffb -> 0xfffb, ANY -> NONE
  const f32 = { ...f, cookieHi: f.cookieHi, cookieLo: f.cookieLo, outputs: [2, 0xfffffffb], outPort: 0xffffffff };
  assert.is(hex(check('flowMod10 32-bit ports', value, (o) => hot.flowMod10(o, 43, f32, m))), hex(one));
  const src = Buffer.from('ff778899aabb001122334455', 'hex');
  const steps = check('steps', value, (o) => {
    const at = hot.beginFlowMod10(o, p);
    hot.match10InPort(o, at, 3); hot.match10DlSrc(o, at, src, 6); hot.match10DlDst(o, at, src, 0); hot.match10DlType(o, at, 0x0806);
    hot.action10Output(o, 2, 0xffff); hot.action10Output(o, 0xfffb, 0xffff);
    hot.endMessage(o, at);
    return at;
  });
  assert.is(hex(one), hex(steps));
  // all wildcards, no actions
  const all = { ...value, match: { ...value.match, wildcards: hot.OFPFW10.ALL, in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_type: 0 }, actions: [] };
  check('flowMod10 wildcard', all, (o) => hot.flowMod10(o, 43, { ...f, cookieHi: 0, cookieLo: 5, nOutputs: 0 }, { inPort: -1, ethSrc: -1, ethDst: -1, ethType: -1 }));
});

test.run();
