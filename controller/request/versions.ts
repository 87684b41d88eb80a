/**
 * What request/reply needs to know about each wire version, as one table
 * entry per version. Most of it is derived from the codec's own schema for
 * that version (message type numbers, which request has which reply, the
 * error type/code names), so a version the codec learns needs only the few
 * lines below that say how its stats/multipart messages are spelled and
 * which match and port forms it uses.
 *
 * 1.4 (0x05) is `multipartProfile(0x05)`: OXM matches, instructions, roles,
 * FLOW_MOD importance; OFPMP_QUEUE_STATS is found by the `_STATS` lookup
 * below; the port fields 1.4 moves into properties (rx_frame_err..., curr)
 * are read there by results.ts `member`. 1.5 (0x06) renames several
 * multipart types (OFPMP_TABLE_STATS, OFPMP_GROUP_STATS, ...: the same
 * lookup finds them) and splits flow statistics in two: OFPMP_FLOW_DESC (1)
 * is the old request (entries with timeouts, cookie, instructions) and the
 * new OFPMP_FLOW_STATS (17) carries counters only; Open vSwitch 3.1 answers
 * the first and refuses the second (BAD_MULTIPART), so `flow` is FLOW_DESC.
 * Both carry a flow's counters as OXS stats, which results.ts reads. Each is
 * tested on OVS like 1.0 and 1.3.
 * A version without an entry here still works for everything else; its
 * requests reject with UnsupportedRequestError.
 */
import { schemaFor, type VersionSchema } from '../../codec/message.js';
import type { EnumDef } from '../../codec/schema/types.js';
import '../../codec/index.js'; // registers every version the codec speaks

/** The stats/multipart kinds the typed helpers ask for. */
export type StatsKind =
  | 'desc' | 'flow' | 'aggregate' | 'table' | 'port' | 'queue' | 'group' | 'groupDesc' | 'groupFeatures'
  | 'meter' | 'meterConfig' | 'meterFeatures' | 'tableFeatures' | 'portDesc'
  /** 1.4+: queue configuration (before 1.4 the QUEUE_GET_CONFIG message pair). */
  | 'queueDesc';

export interface VersionProfile {
  readonly wire: number;
  readonly label: string;
  readonly schema: VersionSchema;
  /** `ofp_type` numbers by name without the OFPT_ prefix (ERROR, BARRIER_REQUEST...). */
  readonly type: Readonly<Record<string, number>>;
  /** Request type -> the type of its reply. A type not here has no reply: it is acknowledged by a barrier. */
  readonly replyOf: ReadonlyMap<number, number>;
  /** Every type that can answer a request: ERROR and the reply types. */
  readonly answerTypes: readonly number[];
  /** Stats (1.0) or multipart (1.3+) messages. */
  readonly stats: {
    readonly request: number;
    readonly reply: number;
    /** The member that holds the stats/multipart type in the codec's value form. */
    readonly kindField: 'stats_type' | 'multipart_type';
    /** The codec's name for each kind this version has. */
    readonly kinds: Readonly<Partial<Record<StatsKind, string>>>;
  };
  /** `ofp_match` with wildcard bits (1.0) or an OXM list (1.3+). */
  readonly match: 'of10' | 'oxm';
  /** Port numbers on the wire: 16-bit (1.0) or 32-bit (the neutral form). */
  readonly portBits: 16 | 32;
  /** Flow entries carry instructions (1.3+) rather than a bare action list (1.0). */
  readonly instructions: boolean;
  /** ROLE_REQUEST exists (1.2+). */
  readonly roles: boolean;
  /** FLOW_MOD has an `importance` field (1.4+). */
  readonly importance: boolean;
  readonly enums: Readonly<Record<string, EnumDef>>;
}

function typesOf(schema: VersionSchema): Record<string, number> {
  const e = schema.enums['ofp_type'];
  if (e === undefined) throw new Error(`request: the codec's ${schema.label} schema has no ofp_type enum`);
  const out: Record<string, number> = {};
  for (const [name, v] of e.byName) out[name.replace(/^OFPT_/, '')] = v;
  return out;
}

/** X_REQUEST -> X_REPLY for every pair the version's ofp_type names. STATS/MULTIPART are such a pair too. */
function replyPairs(type: Readonly<Record<string, number>>): Map<number, number> {
  const m = new Map<number, number>();
  for (const [name, v] of Object.entries(type)) {
    if (!name.endsWith('_REQUEST')) continue;
    const reply = type[`${name.slice(0, -'_REQUEST'.length)}_REPLY`];
    if (reply !== undefined) m.set(v, reply);
  }
  return m;
}

interface Static {
  readonly wire: number;
  readonly statsPrefix: 'STATS' | 'MULTIPART';
  readonly kinds: Readonly<Partial<Record<StatsKind, string>>>;
  readonly match: 'of10' | 'oxm';
  readonly portBits: 16 | 32;
  readonly instructions: boolean;
  readonly roles: boolean;
  readonly importance: boolean;
}

function profile(s: Static): VersionProfile | null {
  const schema = schemaFor(s.wire);
  if (schema === undefined) return null;
  const type = typesOf(schema);
  const replyOf = replyPairs(type);
  const request = type[`${s.statsPrefix}_REQUEST`];
  const reply = type[`${s.statsPrefix}_REPLY`];
  if (request === undefined || reply === undefined || type['ERROR'] === undefined || type['BARRIER_REPLY'] === undefined) {
    throw new Error(`request: the codec's ${schema.label} ofp_type lacks a stats, error or barrier type`);
  }
  // a kind's name as this version spells it: 1.4 calls OFPMP_QUEUE OFPMP_QUEUE_STATS, 1.5 adds _STATS to more
  const kindEnum = Object.values(schema.enums).find((e) => e.name === 'ofp_multipart_type' || e.name === 'ofp_stats_types');
  const kinds: Partial<Record<StatsKind, string>> = {};
  for (const [k, name] of Object.entries(s.kinds) as [StatsKind, string][]) {
    kinds[k] = kindEnum === undefined || kindEnum.byName.has(name) || !kindEnum.byName.has(`${name}_STATS`) ? name : `${name}_STATS`;
  }
  return {
    wire: s.wire, label: schema.label, schema, type, replyOf,
    answerTypes: [type['ERROR'], ...new Set(replyOf.values())],
    stats: { request, reply, kindField: s.statsPrefix === 'STATS' ? 'stats_type' : 'multipart_type', kinds },
    match: s.match, portBits: s.portBits, instructions: s.instructions, roles: s.roles, importance: s.importance, enums: schema.enums,
  };
}

/** The multipart spelling of 1.3, which 1.4 and 1.5 keep. */
function multipartProfile(wire: number): Static {
  return {
    wire, statsPrefix: 'MULTIPART', match: 'oxm', portBits: 32, instructions: true, roles: true, importance: wire >= 0x05,
    kinds: {
      desc: 'OFPMP_DESC', flow: 'OFPMP_FLOW', aggregate: 'OFPMP_AGGREGATE', table: 'OFPMP_TABLE', port: 'OFPMP_PORT_STATS',
      queue: 'OFPMP_QUEUE', group: 'OFPMP_GROUP', groupDesc: 'OFPMP_GROUP_DESC', groupFeatures: 'OFPMP_GROUP_FEATURES',
      meter: 'OFPMP_METER', meterConfig: 'OFPMP_METER_CONFIG', meterFeatures: 'OFPMP_METER_FEATURES',
      tableFeatures: 'OFPMP_TABLE_FEATURES', portDesc: 'OFPMP_PORT_DESC',
      // 1.4 replaced QUEUE_GET_CONFIG_REQUEST/REPLY with this multipart kind
      ...(wire >= 0x05 ? { queueDesc: 'OFPMP_QUEUE_DESC' } : {}),
    },
  };
}

/** One entry per wire version. */
const TABLE: readonly Static[] = [
  {
    wire: 0x01, statsPrefix: 'STATS', match: 'of10', portBits: 16, instructions: false, roles: false, importance: false,
    // 1.0 has no port-description stats: portDesc() reads FEATURES_REPLY's port list instead
    kinds: { desc: 'OFPST_DESC', flow: 'OFPST_FLOW', aggregate: 'OFPST_AGGREGATE', table: 'OFPST_TABLE', port: 'OFPST_PORT', queue: 'OFPST_QUEUE' },
  },
  multipartProfile(0x04),
  multipartProfile(0x05),
  // OFPMP_FLOW_STATS exists in 1.5 but is the counters-only form: name the full one (the lookup would pick _STATS)
  (() => {
    const p = multipartProfile(0x06);
    return { ...p, kinds: { ...p.kinds, flow: 'OFPMP_FLOW_DESC', meterConfig: 'OFPMP_METER_DESC' } };
  })(),
];

const PROFILES = new Map<number, VersionProfile>();
for (const s of TABLE) {
  const p = profile(s);
  if (p !== null) PROFILES.set(s.wire, p);
}

/** The profile of a wire version, or undefined when request/reply has no entry for it. */
export function profileFor(wire: number): VersionProfile | undefined {
  return PROFILES.get(wire);
}

/** Wire versions request/reply knows. */
export function requestVersions(): number[] {
  return [...PROFILES.keys()].sort((a, b) => a - b);
}
