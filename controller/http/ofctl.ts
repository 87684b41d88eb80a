/**
 * Flow entries in the JSON shape of Ryu's ofctl_rest (`/stats/flowentry/*`),
 * turned into the codec's JSON form of a FLOW_MOD for the switch's version,
 * so users' existing scripts carry over:
 *
 *   {"priority": 4242, "match": {"eth_type": 2048, "ipv4_dst": "10.9.9.9"},
 *    "actions": [{"type": "OUTPUT", "port": 2}]}
 *
 * Match fields go by their OXM names (lower case, as in ofctl_rest for 1.3)
 * for both versions; on 1.0 they map onto the fixed match and its wildcard
 * bits. A masked value is "value/mask" (IPv4 also "a.b.c.d/len"). Everything
 * left out takes ofctl_rest's default: priority 32768, no timeouts, cookie
 * 0, table 0, no buffer, actions applied (1.3: one APPLY_ACTIONS
 * instruction; GOTO_TABLE, WRITE_METADATA, METER, CLEAR_ACTIONS and
 * WRITE_ACTIONS become their own instructions, as ofctl_rest does).
 */
import { HttpError } from './errors.js';
import { OXM_OFB_FIELDS, type OxmFieldSpec } from '../../codec/of13/oxm.js';
import { OFP10 } from '../protocol.js';

/** Wire version of OpenFlow 1.4. */
const OFP14 = 5;

export type FlowCommand = 'add' | 'modify' | 'modify_strict' | 'delete' | 'delete_strict';

const COMMAND: Record<FlowCommand, string> = {
  add: 'OFPFC_ADD', modify: 'OFPFC_MODIFY', modify_strict: 'OFPFC_MODIFY_STRICT', delete: 'OFPFC_DELETE', delete_strict: 'OFPFC_DELETE_STRICT',
};

/** The body, as the route's JSON schema lets it through. */
export interface OfctlFlow {
  dpid?: number | string;
  cookie?: number | string;
  cookie_mask?: number | string;
  table_id?: number;
  idle_timeout?: number;
  hard_timeout?: number;
  priority?: number;
  buffer_id?: number;
  flags?: number;
  /** 1.4+: eviction importance (default 0). */
  importance?: number;
  out_port?: number | string;
  out_group?: number | string;
  match?: Record<string, unknown>;
  actions?: Array<Record<string, unknown>>;
}

const uint = (max: number) => ({ type: 'integer', minimum: 0, maximum: max });
const u64 = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$' }] };
const portRef = { anyOf: [{ type: 'integer', minimum: 0, maximum: 0xffffffff }, { type: 'string' }] };

/** JSON schema of the ofctl_rest body (also the OpenAPI description). */
export const ofctlFlowSchema = {
  $id: 'OfctlFlow',
  type: 'object',
  description: "A flow entry in Ryu ofctl_rest's shape. Match fields by OXM name; unknown top-level fields are refused.",
  properties: {
    dpid: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string' }], description: 'Ignored when it names the switch of the URL; refused when it names another.' },
    cookie: u64,
    cookie_mask: u64,
    table_id: uint(255),
    idle_timeout: uint(65535),
    hard_timeout: uint(65535),
    priority: uint(65535),
    buffer_id: uint(0xffffffff),
    flags: uint(65535),
    importance: { ...uint(65535), description: 'OpenFlow 1.4+ only' },
    out_port: portRef,
    out_group: portRef,
    match: { type: 'object', additionalProperties: true, description: 'OXM field name -> value, e.g. {"in_port": 1, "eth_type": 2048, "ipv4_dst": "10.0.0.0/24"}' },
    actions: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true } },
  },
  additionalProperties: false,
} as const;

const OXM_BY_NAME = new Map<string, OxmFieldSpec>(OXM_OFB_FIELDS.map((f) => [f.name.toLowerCase(), f]));

const PORT_NAMES: Record<string, number> = {
  IN_PORT: 0xfffffff8, TABLE: 0xfffffff9, NORMAL: 0xfffffffa, FLOOD: 0xfffffffb, ALL: 0xfffffffc, CONTROLLER: 0xfffffffd,
  LOCAL: 0xfffffffe, ANY: 0xffffffff, NONE: 0xffffffff,
};
const PORTS10: Record<number, string> = {
  0xfffffff8: 'OFPP_IN_PORT', 0xfffffff9: 'OFPP_TABLE', 0xfffffffa: 'OFPP_NORMAL', 0xfffffffb: 'OFPP_FLOOD', 0xfffffffc: 'OFPP_ALL',
  0xfffffffd: 'OFPP_CONTROLLER', 0xfffffffe: 'OFPP_LOCAL', 0xffffffff: 'OFPP_NONE',
};

function bad(msg: string): never {
  throw new HttpError(400, msg);
}

/** A port number (32-bit neutral) from a number or a reserved name ("CONTROLLER", "OFPP_FLOOD", "flood"). */
function portNumber(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  if (typeof v === 'string') {
    const n = PORT_NAMES[v.toUpperCase().replace(/^OFPP_/, '')];
    if (n !== undefined) return n;
    if (/^\d+$/.test(v)) return portNumber(Number(v), where);
  }
  return bad(`${where}: '${String(v)}' is not a port (a number, or IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY)`);
}

/** Port for the codec's JSON in `version` (1.0: 16-bit numbers, reserved names). */
function portFor(version: number, p: number, where: string): number | string {
  if (version !== OFP10) return p;
  if (p >= 0xfffffff8) return PORTS10[p]!;
  if (p > 0xff00) bad(`${where}: port ${p} does not exist in OpenFlow 1.0 (16-bit port numbers up to 65280)`);
  return p;
}

function intIn(v: unknown, max: number, where: string): number {
  if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v)) v = Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) bad(`${where}: '${String(v)}' is not an integer from 0 to ${max}`);
  return v;
}

function u64String(v: unknown, where: string): string {
  try {
    const b = BigInt(v as string | number);
    if (b < 0n || b >= 1n << 64n) throw new RangeError();
    return b.toString();
  } catch {
    return bad(`${where}: '${String(v)}' is not a 64-bit unsigned number`);
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

function ipv4Mask(s: string, where: string): string {
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    if (n > 32) bad(`${where}: prefix length ${n} is over 32`);
    const m = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    return [24, 16, 8, 0].map((sh) => (m >>> sh) & 0xff).join('.');
  }
  if (!IPV4.test(s)) bad(`${where}: '${s}' is not an IPv4 mask`);
  return s;
}

/** One match field in the codec's OXM JSON form. */
function oxmField(name: string, raw: unknown): Record<string, unknown> {
  const f = OXM_BY_NAME.get(name);
  if (f === undefined) bad(`match: unknown field '${name}' (OXM names, e.g. in_port, eth_src, eth_dst, eth_type, vlan_vid, ip_proto, ipv4_src, ipv4_dst, tcp_dst, udp_dst)`);
  const where = `match.${name}`;
  let value: unknown = raw;
  let mask: unknown;
  if (typeof raw === 'string' && raw.includes('/')) {
    if (!f.maskable) bad(`${where}: this field takes no mask`);
    const i = raw.indexOf('/');
    value = raw.slice(0, i);
    mask = raw.slice(i + 1);
  }
  const conv = (v: unknown, isMask: boolean): unknown => {
    switch (f.type) {
      case 'mac':
        if (typeof v !== 'string' || !MAC.test(v)) bad(`${where}: '${String(v)}' is not a MAC address (aa:bb:cc:dd:ee:ff)`);
        return v.toLowerCase();
      case 'ipv4':
        if (typeof v !== 'string') bad(`${where}: '${String(v)}' is not an IPv4 address`);
        if (isMask) return ipv4Mask(v, where);
        if (!IPV4.test(v) || v.split('.').some((o) => Number(o) > 255)) bad(`${where}: '${v}' is not an IPv4 address`);
        return v;
      case 'ipv6':
        if (typeof v !== 'string' || !v.includes(':')) bad(`${where}: '${String(v)}' is not an IPv6 address`);
        return v;
      default:
        if (f.width === 8) return u64String(v, where);
        if (f.name === 'IN_PORT' || f.name === 'IN_PHY_PORT') return portNumber(v, where);
        return intIn(v, 2 ** (8 * f.width) - 1, where);
    }
  };
  value = conv(value, false);
  // ofctl_rest: a plain number vlan_vid means "this VLAN", so the OFPVID_PRESENT bit is added
  if (f.name === 'VLAN_VID' && mask === undefined && typeof value === 'number' && value < 0x1000) value = value | 0x1000;
  const out: Record<string, unknown> = { class: 'OFPXMC_OPENFLOW_BASIC', field: `OFPXMT_OFB_${f.name}`, hasmask: mask !== undefined, value };
  if (mask !== undefined) {
    const m = conv(mask, true);
    out['mask'] = m;
    // switches refuse a value with bits outside its mask (OVS: OFPBMC_BAD_WILDCARDS); keep only the masked bits, as ovs-ofctl does
    out['value'] = andMask(f, out['value'], m);
  }
  return out;
}

function fieldCode(f: Record<string, unknown>): number {
  return OXM_BY_NAME.get(String(f['field']).replace(/^OFPXMT_OFB_/, '').toLowerCase())!.code;
}

/** value & mask for a field of `f`'s type (text forms kept). */
function andMask(f: OxmFieldSpec, value: unknown, mask: unknown): unknown {
  switch (f.type) {
    case 'mac': {
      const v = String(value).split(':');
      const m = String(mask).split(':');
      return v.map((x, i) => (parseInt(x, 16) & parseInt(m[i]!, 16)).toString(16).padStart(2, '0')).join(':');
    }
    case 'ipv4': {
      const v = String(value).split('.');
      const m = String(mask).split('.');
      return v.map((x, i) => Number(x) & Number(m[i])).join('.');
    }
    case 'ipv6':
      return value; // given as text; left to the switch
    default:
      if (typeof value === 'number' && typeof mask === 'number') return Number(BigInt(value) & BigInt(mask));
      return (BigInt(value as string) & BigInt(mask as string)).toString();
  }
}

/** 1.0 wildcard bits (OFPFW_*). */
const FW = { IN_PORT: 1 << 0, DL_VLAN: 1 << 1, DL_SRC: 1 << 2, DL_DST: 1 << 3, DL_TYPE: 1 << 4, NW_PROTO: 1 << 5, TP_SRC: 1 << 6, TP_DST: 1 << 7, DL_VLAN_PCP: 1 << 20, NW_TOS: 1 << 21 };
const FW_ALL = (1 << 22) - 1;
const NW_SRC_SHIFT = 8;
const NW_DST_SHIFT = 14;

/** The 1.0 fixed match from OXM-named fields. */
function match10(m: Record<string, unknown>): Record<string, unknown> {
  let wild = FW_ALL;
  const out: Record<string, unknown> = {
    in_port: 0, dl_src: '00:00:00:00:00:00', dl_dst: '00:00:00:00:00:00', dl_vlan: 0, dl_vlan_pcp: 0, dl_type: 0, nw_tos: 0, nw_proto: 0,
    nw_src: '0.0.0.0', nw_dst: '0.0.0.0', tp_src: 0, tp_dst: 0,
  };
  for (const [name, raw] of Object.entries(m)) {
    const where = `match.${name}`;
    const f = OXM_BY_NAME.get(name);
    const ox = oxmField(name, raw); // same value checks as 1.3
    const v = ox['value'];
    const masked = ox['hasmask'] === true;
    const noMask = () => masked && bad(`${where}: OpenFlow 1.0 cannot mask this field`);
    switch (f!.name) {
      case 'IN_PORT': noMask(); out['in_port'] = portFor(OFP10, v as number, where); wild &= ~FW.IN_PORT; break;
      case 'ETH_SRC': noMask(); out['dl_src'] = v; wild &= ~FW.DL_SRC; break;
      case 'ETH_DST': noMask(); out['dl_dst'] = v; wild &= ~FW.DL_DST; break;
      case 'VLAN_VID': noMask(); out['dl_vlan'] = (v as number) & 0xfff; wild &= ~FW.DL_VLAN; break;
      case 'VLAN_PCP': out['dl_vlan_pcp'] = v; wild &= ~FW.DL_VLAN_PCP; break;
      case 'ETH_TYPE': out['dl_type'] = v; wild &= ~FW.DL_TYPE; break;
      case 'IP_DSCP': out['nw_tos'] = (v as number) << 2; wild &= ~FW.NW_TOS; break;
      case 'IP_PROTO': out['nw_proto'] = v; wild &= ~FW.NW_PROTO; break;
      case 'IPV4_SRC':
      case 'IPV4_DST': {
        const src = f!.name === 'IPV4_SRC';
        const bits = masked ? 32 - prefixLen(ox['mask'] as string, where) : 0;
        const shift = src ? NW_SRC_SHIFT : NW_DST_SHIFT;
        wild = (wild & ~(0x3f << shift)) | (bits << shift);
        out[src ? 'nw_src' : 'nw_dst'] = v;
        break;
      }
      case 'TCP_SRC': case 'UDP_SRC': case 'ICMPV4_TYPE': out['tp_src'] = v; wild &= ~FW.TP_SRC; break;
      case 'TCP_DST': case 'UDP_DST': case 'ICMPV4_CODE': out['tp_dst'] = v; wild &= ~FW.TP_DST; break;
      default: bad(`${where}: OpenFlow 1.0 has no such match field`);
    }
  }
  out['wildcards'] = wild >>> 0;
  return out;
}

function prefixLen(mask: string, where: string): number {
  const n = mask.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  let len = 0;
  while (len < 32 && (n & (0x80000000 >>> len)) !== 0) len++;
  if (((n << len) >>> 0) !== 0 && len < 32) bad(`${where}: OpenFlow 1.0 takes only prefix masks`);
  return len;
}

function action13(a: Record<string, unknown>, i: number): Record<string, unknown> {
  const where = `actions[${i}]`;
  const t = String(a['type']).toUpperCase();
  const only = (...keys: string[]) => {
    for (const k of Object.keys(a)) if (k !== 'type' && !keys.includes(k)) bad(`${where}: ${t} takes no field '${k}'${keys.length ? ` (fields: ${keys.join(', ')})` : ''}`);
  };
  switch (t) {
    case 'OUTPUT':
      only('port', 'max_len');
      if (a['port'] === undefined) bad(`${where}: OUTPUT needs a port`);
      return { type: 'OFPAT_OUTPUT', port: portNumber(a['port'], `${where}.port`), max_len: a['max_len'] === undefined ? 0xffff : intIn(a['max_len'], 0xffff, `${where}.max_len`) };
    case 'COPY_TTL_OUT': case 'COPY_TTL_IN': case 'DEC_MPLS_TTL': case 'POP_VLAN': case 'DEC_NW_TTL': case 'POP_PBB':
      only();
      return { type: `OFPAT_${t}` };
    case 'SET_MPLS_TTL': only('mpls_ttl'); return { type: 'OFPAT_SET_MPLS_TTL', mpls_ttl: intIn(a['mpls_ttl'], 255, `${where}.mpls_ttl`) };
    case 'SET_NW_TTL': only('nw_ttl'); return { type: 'OFPAT_SET_NW_TTL', nw_ttl: intIn(a['nw_ttl'], 255, `${where}.nw_ttl`) };
    case 'PUSH_VLAN': case 'PUSH_MPLS': case 'POP_MPLS': case 'PUSH_PBB':
      only('ethertype');
      return { type: `OFPAT_${t}`, ethertype: intIn(a['ethertype'], 0xffff, `${where}.ethertype`) };
    case 'SET_QUEUE': only('queue_id'); return { type: 'OFPAT_SET_QUEUE', queue_id: intIn(a['queue_id'], 0xffffffff, `${where}.queue_id`) };
    case 'GROUP': only('group_id'); return { type: 'OFPAT_GROUP', group_id: intIn(a['group_id'], 0xffffffff, `${where}.group_id`) };
    case 'SET_FIELD': {
      only('field', 'value');
      if (typeof a['field'] !== 'string') bad(`${where}: SET_FIELD needs a field name`);
      const f = oxmField(a['field'], a['value']);
      if (f['hasmask'] === true) bad(`${where}: SET_FIELD takes no mask`);
      return { type: 'OFPAT_SET_FIELD', field: f };
    }
    default:
      return bad(`${where}: unknown action type '${String(a['type'])}' for OpenFlow 1.3`);
  }
}

function action10(a: Record<string, unknown>, i: number): Record<string, unknown> {
  const where = `actions[${i}]`;
  const t = String(a['type']).toUpperCase();
  const num = (k: string, max: number) => intIn(a[k], max, `${where}.${k}`);
  switch (t) {
    case 'OUTPUT': {
      const p = portNumber(a['port'], `${where}.port`);
      return { type: 'OFPAT_OUTPUT', port: portFor(OFP10, p, `${where}.port`), max_len: a['max_len'] === undefined ? 0xffff : num('max_len', 0xffff) };
    }
    case 'SET_VLAN_VID': return { type: 'OFPAT_SET_VLAN_VID', vlan_vid: num('vlan_vid', 0xfff) };
    case 'SET_VLAN_PCP': return { type: 'OFPAT_SET_VLAN_PCP', vlan_pcp: num('vlan_pcp', 7) };
    case 'STRIP_VLAN': return { type: 'OFPAT_STRIP_VLAN' };
    case 'SET_DL_SRC': case 'SET_DL_DST': {
      const v = a['dl_src'] ?? a['dl_dst'] ?? a['dl_addr'];
      if (typeof v !== 'string' || !MAC.test(v)) bad(`${where}: '${String(v)}' is not a MAC address`);
      return { type: `OFPAT_${t}`, dl_addr: v.toLowerCase() };
    }
    case 'SET_NW_SRC': case 'SET_NW_DST': {
      const v = a['nw_src'] ?? a['nw_dst'] ?? a['nw_addr'];
      if (typeof v !== 'string' || !IPV4.test(v)) bad(`${where}: '${String(v)}' is not an IPv4 address`);
      return { type: `OFPAT_${t}`, nw_addr: v };
    }
    case 'SET_NW_TOS': return { type: 'OFPAT_SET_NW_TOS', nw_tos: num('nw_tos', 255) };
    case 'SET_TP_SRC': return { type: 'OFPAT_SET_TP_SRC', tp_port: num('tp_src', 0xffff) };
    case 'SET_TP_DST': return { type: 'OFPAT_SET_TP_DST', tp_port: num('tp_dst', 0xffff) };
    case 'ENQUEUE': return { type: 'OFPAT_ENQUEUE', port: portFor(OFP10, portNumber(a['port'], `${where}.port`), `${where}.port`), queue_id: num('queue_id', 0xffffffff) };
    default:
      return bad(`${where}: unknown action type '${String(a['type'])}' for OpenFlow 1.0`);
  }
}

/** 1.3 instructions from ofctl_rest's flat action list. */
function instructions13(actions: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const apply: Array<Record<string, unknown>> = [];
  const rest: Array<Record<string, unknown>> = [];
  actions.forEach((a, i) => {
    const t = String(a['type']).toUpperCase();
    const where = `actions[${i}]`;
    if (t === 'GOTO_TABLE') rest.push({ type: 'OFPIT_GOTO_TABLE', table_id: intIn(a['table_id'], 255, `${where}.table_id`) });
    else if (t === 'WRITE_METADATA') {
      rest.push({ type: 'OFPIT_WRITE_METADATA', metadata: u64String(a['metadata'], `${where}.metadata`), metadata_mask: u64String(a['metadata_mask'] ?? '18446744073709551615', `${where}.metadata_mask`) });
    } else if (t === 'METER') rest.push({ type: 'OFPIT_METER', meter_id: intIn(a['meter_id'], 0xffffffff, `${where}.meter_id`) });
    else if (t === 'CLEAR_ACTIONS') rest.push({ type: 'OFPIT_CLEAR_ACTIONS' });
    else if (t === 'WRITE_ACTIONS') {
      const inner = a['actions'];
      if (!Array.isArray(inner)) bad(`${where}: WRITE_ACTIONS needs an actions list`);
      rest.push({ type: 'OFPIT_WRITE_ACTIONS', actions: (inner as Array<Record<string, unknown>>).map((x, j) => action13(x, j)) });
    } else apply.push(action13(a, i));
  });
  const out = apply.length > 0 ? [{ type: 'OFPIT_APPLY_ACTIONS', actions: apply }] : [];
  return [...out, ...rest];
}

/** The codec JSON of a FLOW_MOD (without version/xid) for `version` from an ofctl_rest body. */
export function ofctlToFlowMod(version: number, command: FlowCommand, body: OfctlFlow): Record<string, unknown> {
  const match = body.match ?? {};
  const actions = body.actions ?? [];
  const del = command === 'delete' || command === 'delete_strict';
  const outPort = body.out_port === undefined ? 0xffffffff : portNumber(body.out_port, 'out_port');
  const common = {
    type: 'OFPT_FLOW_MOD',
    cookie: u64String(body.cookie ?? 0, 'cookie'),
    command: COMMAND[command],
    idle_timeout: body.idle_timeout ?? 0,
    hard_timeout: body.hard_timeout ?? 0,
    priority: body.priority ?? 0x8000,
    buffer_id: body.buffer_id ?? 0xffffffff,
    flags: body.flags ?? 0,
  };
  if (body.importance !== undefined && version < OFP14) bad('importance: only OpenFlow 1.4 and later have it');
  if (version === OFP10) {
    if (body.table_id !== undefined && body.table_id !== 0) bad('table_id: OpenFlow 1.0 has one table (0)');
    return { ...common, match: match10(match), out_port: portFor(OFP10, outPort, 'out_port'), actions: del ? [] : actions.map(action10) };
  }
  return {
    ...common,
    // 1.4+ (wire 5 and up) have an importance field where 1.3 has padding
    ...(version >= OFP14 ? { importance: body.importance ?? 0 } : {}),
    cookie_mask: u64String(body.cookie_mask ?? 0, 'cookie_mask'),
    // ofctl_rest deletes from every table unless one is named
    table_id: body.table_id ?? (del ? 0xff : 0),
    out_port: outPort,
    out_group: body.out_group === undefined ? 0xffffffff : intIn(body.out_group, 0xffffffff, 'out_group'),
    // in OXM code order: a field's prerequisites (eth_type before ipv4_*, ip_proto before tcp_*) then come first,
    // as the spec requires and switches check (OVS: OFPBMC_BAD_PREREQ otherwise), whatever order the JSON had
    match: {
      type: 'OFPMT_OXM',
      oxm_fields: Object.entries(match).map(([k, v]) => oxmField(k, v)).sort((a, b) => fieldCode(a) - fieldCode(b)),
    },
    instructions: del ? [] : instructions13(actions),
  };
}
