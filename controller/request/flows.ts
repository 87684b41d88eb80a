/**
 * Flow-table management from typed values: add, modify and delete (strict
 * or not) with any match (match.ts) and any action or instruction list the
 * codec knows, in the switch's version. Each call sends the FLOW_MOD and a
 * BARRIER_REQUEST right after it and resolves when the barrier is answered
 * with no error for the FLOW_MOD: the flow is then in the table (or gone).
 * When the switch refuses it, the promise rejects with its OpenFlowError
 * (e.g. OFPET_FLOW_MOD_FAILED / OFPFMFC_BAD_TABLE_ID).
 *
 * Defaults (as the spec and Ryu's OFPFlowMod have them): cookie 0, priority
 * 0x8000, table 0, no timeouts, no flags, buffer NO_BUFFER, out_port and
 * out_group ANY.
 *
 * This is for apps' flow management, not for the per-packet path: the
 * learning switch keeps writing FLOW_MODs with `sw.flowMod` (one reused
 * object, no allocation, no promise).
 */
import { OFP_NO_BUFFER } from '../../codec/of10/enums.js';
import { encodeMatch, type FlowMatch } from './match.js';
import { UnsupportedRequestError, type RequestOptions } from './requester.js';
import { GROUP_ANY, PORT_ANY32, wirePort, type SwitchRequester } from './helpers.js';
import type { CodecValue } from './results.js';
import type { VersionProfile } from './versions.js';

export interface FlowSpec {
  match?: FlowMatch;
  /** Default 0x8000 (OFP_DEFAULT_PRIORITY). */
  priority?: number;
  /** Default 0. 1.0 has one table: anything else is refused before sending. */
  tableId?: number;
  cookie?: bigint;
  /** 1.3+, for modify/delete: which cookie bits must match (default 0: any). */
  cookieMask?: bigint;
  idleTimeout?: number;
  hardTimeout?: number;
  /** OFPFF_* bits (FLOW_SEND_FLOW_REM...). */
  flags?: number;
  bufferId?: number;
  /** Delete: only flows that output to this neutral port (default any). */
  outPort?: number;
  /** Delete (1.3+): only flows that output to this group (default any). */
  outGroup?: number;
  /**
   * Actions in the codec's value form, e.g. `[{ type: 'OFPAT_OUTPUT', port: 2 }]`
   * (see `output()`): 1.0's action list, or on 1.3+ one APPLY_ACTIONS
   * instruction. Numeric ports are neutral (32-bit) and mapped for 1.0;
   * OUTPUT's max_len defaults to 0xffff (the whole packet).
   */
  actions?: CodecValue[];
  /** 1.3+: instructions in the codec's value form (used instead of `actions` when given). */
  instructions?: CodecValue[];
}

/** An OUTPUT action to a neutral port number, in the codec's value form of any version. */
export function output(port: number, maxLen = 0xffff): CodecValue {
  return { type: 'OFPAT_OUTPUT', port, max_len: maxLen };
}

const COMMAND = {
  add: 'OFPFC_ADD', modify: 'OFPFC_MODIFY', modifyStrict: 'OFPFC_MODIFY_STRICT', delete: 'OFPFC_DELETE', deleteStrict: 'OFPFC_DELETE_STRICT',
} as const;
type Command = keyof typeof COMMAND;

/** Neutral reserved ports in actions to 1.0's 16-bit form; OUTPUT's max_len default. */
function fixActions(p: VersionProfile, actions: readonly CodecValue[]): CodecValue[] {
  return actions.map((a) => {
    const out: CodecValue = { ...a };
    if (typeof out['port'] === 'number') out['port'] = wirePort(p, out['port']);
    if (out['type'] === 'OFPAT_OUTPUT' && out['max_len'] === undefined) out['max_len'] = 0xffff;
    return out;
  });
}

/** The FLOW_MOD in the codec's value form for `p`'s version. */
export function flowModValue(p: VersionProfile, command: Command, s: FlowSpec): Record<string, unknown> {
  const actions = fixActions(p, s.actions ?? []);
  const common = {
    type: p.type['FLOW_MOD'], command: COMMAND[command], cookie: s.cookie ?? 0n, idle_timeout: s.idleTimeout ?? 0, hard_timeout: s.hardTimeout ?? 0,
    priority: s.priority ?? 0x8000, buffer_id: s.bufferId ?? OFP_NO_BUFFER, out_port: wirePort(p, s.outPort ?? PORT_ANY32), flags: s.flags ?? 0,
    match: encodeMatch(p, s.match),
  };
  if (!p.instructions) {
    if ((s.tableId ?? 0) !== 0) throw new UnsupportedRequestError(`table ${s.tableId} (OpenFlow 1.0 has one flow table)`, p.label);
    if (s.instructions !== undefined) throw new UnsupportedRequestError('instructions', p.label);
    if (s.outGroup !== undefined || s.cookieMask !== undefined) throw new UnsupportedRequestError('out_group and cookie_mask', p.label);
    return { ...common, actions };
  }
  const instructions = s.instructions !== undefined
    ? s.instructions.map((i) => (Array.isArray(i['actions']) ? { ...i, actions: fixActions(p, i['actions'] as CodecValue[]) } : i))
    : actions.length > 0 ? [{ type: 'OFPIT_APPLY_ACTIONS', actions }] : [];
  return { ...common, cookie_mask: s.cookieMask ?? 0n, table_id: s.tableId ?? 0, out_group: s.outGroup ?? GROUP_ANY, instructions };
}

/** `sw.flows`: one switch's flow table. */
export class FlowTable {
  constructor(private readonly r: SwitchRequester) {}

  private async send(command: Command, s: FlowSpec, opts?: RequestOptions): Promise<void> {
    await this.r.request(flowModValue(this.r.profile(), command, s), opts);
  }

  /** Add (or replace, same match and priority) a flow. */
  add(s: FlowSpec, opts?: RequestOptions): Promise<void> {
    return this.send('add', s, opts);
  }
  /** Change the actions/instructions of every flow the match covers. */
  modify(s: FlowSpec, opts?: RequestOptions): Promise<void> {
    return this.send('modify', s, opts);
  }
  /** Change the actions/instructions of the flow with exactly this match and priority. */
  modifyStrict(s: FlowSpec, opts?: RequestOptions): Promise<void> {
    return this.send('modifyStrict', s, opts);
  }
  /** Delete every flow the match covers (no match: every flow of the table; tableId 0xff: of every table, 1.3+). */
  delete(s: FlowSpec = {}, opts?: RequestOptions): Promise<void> {
    return this.send('delete', s, opts);
  }
  /** Delete the flow with exactly this match and priority. */
  deleteStrict(s: FlowSpec, opts?: RequestOptions): Promise<void> {
    return this.send('deleteStrict', s, opts);
  }
}
