/**
 * The typed requests apps ask most, for every version with a profile
 * (versions.ts): each builds the codec's value form of the request in the
 * switch's version and reads the reply into the neutral results of
 * results.ts. Kinds a version lacks (groups, meters and roles on 1.0)
 * reject with UnsupportedRequestError.
 */
import type { PortInfo } from '../ports.js';
import { port32To10 } from '../../codec/views/ports.js';
import { encodeMatch, type FlowMatch } from './match.js';
import { Requester, UnsupportedRequestError, type RequestOptions } from './requester.js';
import {
  toAggregate, toDesc, toFlowStats, toGroupDesc, toGroupStats, toMeterStats, toPortInfo, toPortStats, toQueueConfig, toQueueStats, toRole, toSwitchConfig,
  toTableFeatures, toTableStats, type AggregateStats, type FlowStats, type GroupDesc, type GroupStats, type MeterStats, type PortStats, type QueueConfig, type QueueStats,
  type RoleName, type RoleReply, type SwitchConfig, type SwitchDesc, type TableFeatures, type TableStats,
} from './results.js';
import type { VersionProfile } from './versions.js';

/** Which flows a flow/aggregate stats request covers. Defaults: every table, any output, any cookie, match all. */
export interface FlowFilter {
  /** Table id, or 0xff (OFPTT_ALL, the default) for all. */
  tableId?: number;
  /** Only flows that output to this neutral port number (default: any). */
  outPort?: number;
  /** 1.3+: only flows that output to this group (default: any). */
  outGroup?: number;
  /** 1.3+: only flows whose cookie matches `cookie` under `cookieMask` (default mask 0: any). */
  cookie?: bigint;
  cookieMask?: bigint;
  match?: FlowMatch;
  /** The match in the codec's value form, used as is instead of `match` (see FlowSpec.rawMatch). */
  rawMatch?: Record<string, unknown>;
}

/** Reserved numbers with the same value in every version that has them. */
export const TABLE_ALL = 0xff;
export const PORT_ANY32 = 0xffffffff;
export const GROUP_ANY = 0xffffffff;
export const GROUP_ALL = 0xfffffffc;
export const METER_ALL = 0xffffffff;
export const QUEUE_ALL = 0xffffffff;

/** Wire form of a neutral port number in `p`'s version. */
export function wirePort(p: VersionProfile, port: number): number {
  return p.portBits === 16 ? port32To10(port) : port;
}

const ROLES: Readonly<Record<RoleName, string>> = {
  nochange: 'OFPCR_ROLE_NOCHANGE', equal: 'OFPCR_ROLE_EQUAL', master: 'OFPCR_ROLE_MASTER', slave: 'OFPCR_ROLE_SLAVE',
};

export class SwitchRequester extends Requester {
  /** BARRIER_REQUEST; resolves when the switch has processed everything sent before it. */
  async barrier(opts?: RequestOptions): Promise<void> {
    await this.request({ type: this.profile().type['BARRIER_REQUEST'] }, opts);
  }

  async desc(opts?: RequestOptions): Promise<SwitchDesc> {
    return toDesc(await this.stats('desc', undefined, opts));
  }

  private flowBody(p: VersionProfile, f: FlowFilter): Record<string, unknown> {
    const body: Record<string, unknown> = {
      match: f.rawMatch ?? encodeMatch(p, f.match), table_id: f.tableId ?? TABLE_ALL, out_port: wirePort(p, f.outPort ?? PORT_ANY32),
    };
    if (p.instructions) {
      body['out_group'] = f.outGroup ?? GROUP_ANY;
      body['cookie'] = f.cookie ?? 0n;
      body['cookie_mask'] = f.cookieMask ?? 0n;
    } else if (f.outGroup !== undefined || f.cookieMask !== undefined || f.cookie !== undefined) {
      throw new UnsupportedRequestError('filtering flow stats by group or cookie', p.label);
    }
    return body;
  }

  async flowStats(filter: FlowFilter = {}, opts?: RequestOptions): Promise<FlowStats[]> {
    const p = this.profile();
    return toFlowStats(p, await this.stats('flow', this.flowBody(p, filter), opts));
  }

  async aggregateStats(filter: FlowFilter = {}, opts?: RequestOptions): Promise<AggregateStats> {
    const p = this.profile();
    return toAggregate(await this.stats('aggregate', this.flowBody(p, filter), opts));
  }

  async tableStats(opts?: RequestOptions): Promise<TableStats[]> {
    return toTableStats(await this.stats('table', undefined, opts));
  }

  /** Counters of one port (neutral number) or, by default, of every port. */
  async portStats(port: number = PORT_ANY32, opts?: RequestOptions): Promise<PortStats[]> {
    const p = this.profile();
    return toPortStats(p, await this.stats('port', { port_no: wirePort(p, port) }, opts));
  }

  /** Queue counters; defaults: every port, every queue. */
  async queueStats(port: number = PORT_ANY32, queueId: number = QUEUE_ALL, opts?: RequestOptions): Promise<QueueStats[]> {
    const p = this.profile();
    // 1.0 spells "every port" OFPP_ALL for queue stats (spec 5.3.5.6); 1.3 OFPP_ANY
    const wire = p.portBits === 16 && port === PORT_ANY32 ? port32To10(0xfffffffc) : wirePort(p, port);
    return toQueueStats(p, await this.stats('queue', { port_no: wire, queue_id: queueId }, opts));
  }

  /**
   * The queues configured on a port (neutral number), or on every port
   * (default; 1.3+: OFPP_ANY). 1.0-1.3 ask with QUEUE_GET_CONFIG_REQUEST,
   * 1.4+ with OFPMP_QUEUE_DESC (`queueId` narrows it there; default all).
   * 1.0 can only ask about one physical port at a time.
   */
  async queueConfig(port: number = PORT_ANY32, queueId: number = QUEUE_ALL, opts?: RequestOptions): Promise<QueueConfig[]> {
    const p = this.profile();
    if (p.stats.kinds.queueDesc !== undefined) return toQueueConfig(p, await this.stats('queueDesc', { port_no: port, queue_id: queueId }, opts));
    if (p.portBits === 16 && port === PORT_ANY32) throw new UnsupportedRequestError('queue configuration of every port at once (ask one port)', p.label);
    const r = await this.request({ type: p.type['QUEUE_GET_CONFIG_REQUEST'], port: wirePort(p, port) }, opts);
    const all = toQueueConfig(p, r ?? {});
    return queueId === QUEUE_ALL ? all : all.filter((q) => q.queueId === queueId);
  }

  async groupStats(groupId: number = GROUP_ALL, opts?: RequestOptions): Promise<GroupStats[]> {
    const p = this.profile();
    return toGroupStats(p, await this.stats('group', { group_id: groupId }, opts));
  }

  async groupDesc(opts?: RequestOptions): Promise<GroupDesc[]> {
    const p = this.profile();
    // 1.5 gave the request a body: which group (OFPG_ALL: every one)
    return toGroupDesc(p, await this.stats('groupDesc', p.wire >= 0x06 ? { group_id: GROUP_ALL } : undefined, opts));
  }

  async meterStats(meterId: number = METER_ALL, opts?: RequestOptions): Promise<MeterStats[]> {
    return toMeterStats(await this.stats('meter', { meter_id: meterId }, opts));
  }

  /** Every port's description (1.3+ PORT_DESC; on 1.0 the port list of a fresh FEATURES_REPLY). */
  async portDesc(opts?: RequestOptions): Promise<PortInfo[]> {
    const p = this.profile();
    // 1.5 gave the request a body: which port (OFPP_ANY: every one)
    if (p.stats.kinds.portDesc !== undefined) return toPortInfo(p, await this.stats('portDesc', p.wire >= 0x06 ? { port_no: PORT_ANY32 } : undefined, opts));
    const r = await this.request({ type: p.type['FEATURES_REQUEST'] }, opts);
    return toPortInfo(p, r?.['ports']);
  }

  /** Every table's features (1.3+; an empty request body asks without changing anything). Switches answer in many parts. */
  async tableFeatures(opts?: RequestOptions): Promise<TableFeatures[]> {
    return toTableFeatures(await this.stats('tableFeatures', [], opts));
  }

  async getConfig(opts?: RequestOptions): Promise<SwitchConfig> {
    const r = await this.request({ type: this.profile().type['GET_CONFIG_REQUEST'] }, opts);
    return toSwitchConfig(r ?? {});
  }

  /**
   * ROLE_REQUEST (1.3+): ask for `role` with `generationId` (only compared
   * by the switch for master and slave; default 0). Resolves with the role
   * the switch reports; a stale generation id rejects with
   * OFPET_ROLE_REQUEST_FAILED / OFPRRFC_STALE.
   */
  async role(role: RoleName | number, generationId = 0n, opts?: RequestOptions): Promise<RoleReply> {
    const p = this.profile();
    if (!p.roles) throw new UnsupportedRequestError('ROLE_REQUEST', p.label);
    const wire = typeof role === 'number' ? role : ROLES[role];
    if (wire === undefined) throw new RangeError(`role must be one of ${Object.keys(ROLES).join(', ')} or a number (got ${String(role)})`);
    const msg: Record<string, unknown> = { type: p.type['ROLE_REQUEST'], role: wire, generation_id: generationId };
    // 1.5 added the controller's short id (0: none asked; it names this controller in CONTROLLER_STATUS)
    if (p.wire >= 0x06) msg['short_id'] = 0;
    const r = await this.request(msg, opts);
    return toRole(r ?? {});
  }
}
