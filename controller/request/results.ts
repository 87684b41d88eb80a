/**
 * Version-neutral results of the typed helpers: plain objects with
 * camelCase names, neutral (32-bit) port numbers and bigint 64-bit
 * counters, read from the codec's decoded value of the reply. Where a
 * version lacks a field the other has, it is undefined (1.0 has no flow
 * `flags`, no port-stats duration...). Lists of actions and instructions
 * stay in the codec's value form of the switch's version (what
 * `encodeMessage` takes), so nothing the codec knows is lost.
 */
import type { PortInfo } from '../ports.js';
import { decodeMatch, neutralPort, type FlowMatch } from './match.js';
import type { VersionProfile } from './versions.js';

type Rec = Record<string, unknown>;
/** An action or instruction in the codec's value form (e.g. `{ type: 'OFPAT_OUTPUT', port: 2, max_len: 0 }`). */
export type CodecValue = Record<string, unknown>;

export interface SwitchDesc {
  readonly mfrDesc: string;
  readonly hwDesc: string;
  readonly swDesc: string;
  readonly serialNum: string;
  readonly dpDesc: string;
}

export interface FlowStats {
  readonly tableId: number;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly priority: number;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  /** OFPFF_* (1.3+; undefined in 1.0, whose flow stats carry no flags). */
  readonly flags: number | undefined;
  readonly cookie: bigint;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly match: FlowMatch;
  /** The match in the codec's value form (keeps what FlowMatch does not name: NXM and experimenter fields). */
  readonly rawMatch: CodecValue;
  /** 1.0: the flow's actions; 1.3+: the actions of its APPLY_ACTIONS instruction ([] if none). */
  readonly actions: CodecValue[];
  /** 1.3+: every instruction; undefined in 1.0. */
  readonly instructions: CodecValue[] | undefined;
}

export interface AggregateStats {
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly flowCount: number;
}

export interface TableStats {
  readonly tableId: number;
  readonly activeCount: number;
  readonly lookupCount: bigint;
  readonly matchedCount: bigint;
  /** 1.0 only. */
  readonly name: string | undefined;
  /** 1.0 only. */
  readonly maxEntries: number | undefined;
}

export interface PortStats {
  readonly portNo: number;
  readonly rxPackets: bigint;
  readonly txPackets: bigint;
  readonly rxBytes: bigint;
  readonly txBytes: bigint;
  readonly rxDropped: bigint;
  readonly txDropped: bigint;
  readonly rxErrors: bigint;
  readonly txErrors: bigint;
  readonly rxFrameErr: bigint;
  readonly rxOverErr: bigint;
  readonly rxCrcErr: bigint;
  readonly collisions: bigint;
  /** 1.3+ only. */
  readonly durationSec: number | undefined;
}

export interface QueueStats {
  readonly portNo: number;
  readonly queueId: number;
  readonly txBytes: bigint;
  readonly txPackets: bigint;
  readonly txErrors: bigint;
  /** 1.3+ only. */
  readonly durationSec: number | undefined;
}

/** One queue's configuration (1.0-1.3 QUEUE_GET_CONFIG_REPLY, 1.4+ OFPMP_QUEUE_DESC). */
export interface QueueConfig {
  readonly portNo: number;
  readonly queueId: number;
  /** Guaranteed rate in 1/10 of a percent of the port's speed; undefined when not given or disabled (> 1000). */
  readonly minRate: number | undefined;
  /** Rate cap in 1/10 of a percent (1.2+); undefined when not given or disabled. */
  readonly maxRate: number | undefined;
  /** Every property in the codec's value form (experimenter ones included). */
  readonly properties: CodecValue[];
}

export interface GroupStats {
  readonly groupId: number;
  readonly refCount: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly durationSec: number;
  readonly bucketStats: ReadonlyArray<{ readonly packetCount: bigint; readonly byteCount: bigint }>;
}

export interface GroupDesc {
  readonly groupId: number;
  /** OFPGT_* name (or the number). */
  readonly type: string | number;
  /** Buckets in the codec's value form. */
  readonly buckets: CodecValue[];
}

export interface MeterStats {
  readonly meterId: number;
  readonly flowCount: number;
  readonly packetInCount: bigint;
  readonly byteInCount: bigint;
  readonly durationSec: number;
  readonly bandStats: ReadonlyArray<{ readonly packetBandCount: bigint; readonly byteBandCount: bigint }>;
}

/** One table's features (1.3+ TABLE_FEATURES). */
export interface TableFeatures {
  readonly tableId: number;
  readonly name: string;
  readonly metadataMatch: bigint;
  readonly metadataWrite: bigint;
  readonly config: number;
  readonly maxEntries: number;
  /** Properties (instructions, next tables, actions, match fields...) in the codec's value form. */
  readonly properties: CodecValue[];
}

export interface SwitchConfig {
  /** OFPC_FRAG_* bits. */
  readonly flags: number;
  readonly missSendLen: number;
}

export type RoleName = 'nochange' | 'equal' | 'master' | 'slave';
export interface RoleReply {
  readonly role: RoleName | number;
  readonly generationId: bigint;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? v : 0));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);
const optNum = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * A member of `r`, or of one of its `properties` (1.4+ moved some port
 * fields, e.g. rx_frame_err and curr, into an Ethernet property): the same
 * reader serves every version.
 */
export function member(r: Rec, name: string): unknown {
  if (r[name] !== undefined) return r[name];
  const props = r['properties'];
  if (!Array.isArray(props)) return undefined;
  for (const p of props as Rec[]) if (p !== null && typeof p === 'object' && p[name] !== undefined) return p[name];
  return undefined;
}

export function toDesc(v: unknown): SwitchDesc {
  const d = (v ?? {}) as Rec;
  return { mfrDesc: str(d['mfr_desc']), hwDesc: str(d['hw_desc']), swDesc: str(d['sw_desc']), serialNum: str(d['serial_num']), dpDesc: str(d['dp_desc']) };
}

/**
 * 1.5 reports a flow's counters as OXS fields (`stats.oxs_fields`): the
 * values by field name without OFPXST_OFB_ (DURATION, IDLE_TIME,
 * FLOW_COUNT, PACKET_COUNT, BYTE_COUNT), or undefined before 1.5.
 */
function oxsStats(v: unknown): Map<string, unknown> | undefined {
  const fields = v !== null && typeof v === 'object' ? (v as Rec)['oxs_fields'] : undefined;
  if (!Array.isArray(fields)) return undefined;
  return new Map((fields as Rec[]).map((x) => [String(x['field']).replace(/^OFPXST_OFB_/, ''), x['value']]));
}

/** An OXS time (DURATION, IDLE_TIME): seconds in the high 32 bits, nanoseconds in the low. */
function oxsTime(v: unknown): { sec: number; nsec: number } {
  const t = big(v);
  return { sec: Number(t >> 32n), nsec: Number(t & 0xffffffffn) };
}

export function toFlowStats(p: VersionProfile, v: unknown): FlowStats[] {
  return list(v).map((f) => {
    const instructions = p.instructions ? list(f['instructions']) : undefined;
    const apply = instructions?.find((i) => i['type'] === 'OFPIT_APPLY_ACTIONS');
    const oxs = oxsStats(f['stats']);
    const duration = oxs === undefined ? { sec: num(f['duration_sec']), nsec: num(f['duration_nsec']) } : oxsTime(oxs.get('DURATION'));
    return {
      tableId: num(f['table_id']), durationSec: duration.sec, durationNsec: duration.nsec, priority: num(f['priority']),
      idleTimeout: num(f['idle_timeout']), hardTimeout: num(f['hard_timeout']), flags: optNum(f['flags']), cookie: big(f['cookie']),
      packetCount: big(oxs?.get('PACKET_COUNT') ?? f['packet_count']), byteCount: big(oxs?.get('BYTE_COUNT') ?? f['byte_count']), match: decodeMatch(p, f['match']),
      rawMatch: (f['match'] ?? {}) as CodecValue, actions: instructions === undefined ? list(f['actions']) : list(apply?.['actions']), instructions,
    };
  });
}

export function toAggregate(v: unknown): AggregateStats {
  const a = (v ?? {}) as Rec;
  const oxs = oxsStats(a['stats']);
  const get = (name: string) => (oxs === undefined ? a[name] : oxs.get(name.toUpperCase()));
  return { packetCount: big(get('packet_count')), byteCount: big(get('byte_count')), flowCount: num(get('flow_count')) };
}

export function toTableStats(v: unknown): TableStats[] {
  return list(v).map((t) => ({
    tableId: num(t['table_id']), activeCount: num(t['active_count']), lookupCount: big(t['lookup_count']), matchedCount: big(t['matched_count']),
    name: typeof t['name'] === 'string' ? t['name'] : undefined, maxEntries: optNum(t['max_entries']),
  }));
}

export function toPortStats(p: VersionProfile, v: unknown): PortStats[] {
  return list(v).map((s) => {
    const m = (name: string) => big(member(s, name));
    return {
      portNo: neutralPort(p, s['port_no']), rxPackets: m('rx_packets'), txPackets: m('tx_packets'), rxBytes: m('rx_bytes'),
      txBytes: m('tx_bytes'), rxDropped: m('rx_dropped'), txDropped: m('tx_dropped'), rxErrors: m('rx_errors'),
      txErrors: m('tx_errors'), rxFrameErr: m('rx_frame_err'), rxOverErr: m('rx_over_err'), rxCrcErr: m('rx_crc_err'),
      collisions: m('collisions'), durationSec: optNum(s['duration_sec']),
    };
  });
}

export function toQueueStats(p: VersionProfile, v: unknown): QueueStats[] {
  return list(v).map((q) => ({
    portNo: neutralPort(p, q['port_no']), queueId: num(q['queue_id']), txBytes: big(q['tx_bytes']), txPackets: big(q['tx_packets']),
    txErrors: big(q['tx_errors']), durationSec: optNum(q['duration_sec']),
  }));
}

/**
 * Queue configurations: `v` is a QUEUE_GET_CONFIG_REPLY (1.0-1.3; 1.0
 * queues name no port, the reply does) or the OFPMP_QUEUE_DESC body (1.4+).
 * Properties are OFPQT_* (`property`) before 1.4 and OFPQDPT_* (`type`) after.
 */
export function toQueueConfig(p: VersionProfile, v: unknown): QueueConfig[] {
  const reply = (v ?? {}) as Rec;
  const queues = Array.isArray(v) ? list(v) : list(reply['queues']);
  return queues.map((q) => {
    const properties = list(q['properties']);
    const rate = (kind: 'MIN_RATE' | 'MAX_RATE'): number | undefined => {
      const prop = properties.find((x) => String(x['property'] ?? x['type']).endsWith(`_${kind}`));
      const r = prop === undefined ? undefined : optNum(prop['rate']);
      return r !== undefined && r <= 1000 ? r : undefined;
    };
    return {
      portNo: neutralPort(p, q['port_no'] ?? q['port'] ?? reply['port']), queueId: num(q['queue_id']),
      minRate: rate('MIN_RATE'), maxRate: rate('MAX_RATE'), properties,
    };
  });
}

function enumNumber(p: VersionProfile, enumName: string, v: unknown): number {
  if (typeof v === 'string') return p.enums[enumName]?.byName.get(v) ?? -1;
  return num(v);
}

export function toGroupStats(p: VersionProfile, v: unknown): GroupStats[] {
  return list(v).map((g) => ({
    groupId: enumNumber(p, 'ofp_group', g['group_id']), refCount: num(g['ref_count']), packetCount: big(g['packet_count']), byteCount: big(g['byte_count']),
    durationSec: num(g['duration_sec']), bucketStats: list(g['bucket_stats']).map((b) => ({ packetCount: big(b['packet_count']), byteCount: big(b['byte_count']) })),
  }));
}

export function toGroupDesc(p: VersionProfile, v: unknown): GroupDesc[] {
  return list(v).map((g) => ({
    groupId: enumNumber(p, 'ofp_group', g['group_id']), type: typeof g['type'] === 'string' ? g['type'] : num(g['type']), buckets: list(g['buckets']),
  }));
}

export function toMeterStats(v: unknown): MeterStats[] {
  return list(v).map((m) => ({
    meterId: num(m['meter_id']), flowCount: num(m['flow_count']), packetInCount: big(m['packet_in_count']), byteInCount: big(m['byte_in_count']),
    durationSec: num(m['duration_sec']),
    bandStats: list(m['band_stats']).map((b) => ({ packetBandCount: big(b['packet_band_count']), byteBandCount: big(b['byte_band_count']) })),
  }));
}

/** OFPPC_PORT_DOWN and OFPPS_LINK_DOWN: bit 0 of config and of state, in every version. */
const DOWN_BIT = 1;

/** Port descriptions (1.3+ PORT_DESC body, or 1.0 FEATURES_REPLY ports) as the PortInfo the registry keeps. */
export function toPortInfo(p: VersionProfile, v: unknown): PortInfo[] {
  return list(v).map((d) => {
    const config = num(d['config']);
    const state = num(d['state']);
    return {
      portNo: neutralPort(p, d['port_no']), hwAddr: str(d['hw_addr']), name: str(d['name']), config, state, curr: num(member(d, 'curr')),
      down: (config & DOWN_BIT) !== 0 || (state & DOWN_BIT) !== 0,
    };
  });
}

export function toSwitchConfig(v: Rec): SwitchConfig {
  return { flags: num(v['flags']), missSendLen: num(v['miss_send_len']) };
}

export function toRole(v: Rec): RoleReply {
  const r = v['role'];
  const role = typeof r === 'string' ? (r.replace(/^OFPCR_ROLE_/, '').toLowerCase() as RoleName) : num(r);
  return { role, generationId: big(v['generation_id']) };
}

export function toTableFeatures(v: unknown): TableFeatures[] {
  return list(v).map((t) => ({
    tableId: num(t['table_id']), name: str(t['name']), metadataMatch: big(t['metadata_match']), metadataWrite: big(t['metadata_write']),
    config: num(t['config']), maxEntries: num(t['max_entries']), properties: list(t['properties']),
  }));
}
