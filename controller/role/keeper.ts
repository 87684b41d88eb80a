/**
 * The role of this controller at one switch: the ROLE_REQUESTs in flight
 * (matched to ROLE_REPLY or ERROR by xid), the generation id last agreed,
 * and ROLE_STATUS from the switch (another controller became master).
 * Requests go through the controller's request/reply tracker (request/).
 */
import { OpenFlowError } from '../request/errors.js';
import type { RequestOptions } from '../request/requester.js';
import type { RoleName, RoleReply } from '../request/results.js';
import { OFPET_ROLE_REQUEST_FAILED, OFPRRFC_STALE, roleFromCode, type Role } from './role.js';

/** What the keeper needs from its connection. */
export interface RoleHost {
  readonly dpidHex: string;
  /** ROLE_REQUEST through the request/reply tracker (request/helpers.ts). */
  askRole(role: RoleName, generationId: bigint, opts?: RequestOptions): Promise<RoleReply>;
  /** The local role changed (apps are told). */
  roleChanged(role: Role, previous: Role, why: string): void;
}

/** True for the switch's refusal of a ROLE_REQUEST whose generation id is older than one it has seen. */
export function isStaleGeneration(e: unknown): boolean {
  return e instanceof OpenFlowError && e.type === OFPET_ROLE_REQUEST_FAILED && e.errCode === OFPRRFC_STALE;
}

const ROLE_AT = 8;
const REASON_AT = 12;
const GEN_AT = 16;

/** OFPCRR_* reasons of ROLE_STATUS. */
const STATUS_REASON = ['master request', 'config', 'experimenter'] as const;

export class RoleKeeper {
  role: Role;
  /** Generation id of the last MASTER/SLAVE role the switch confirmed (null: none yet). */
  generationId: bigint | null = null;

  constructor(private readonly host: RoleHost, initial: Role = 'equal') {
    this.role = initial;
  }

  /**
   * Send ROLE_REQUEST and resolve with the switch's ROLE_REPLY. A SLAVE
   * request takes effect locally at once (writes stop before the switch has
   * read it); MASTER and EQUAL take effect when the switch confirms. Rejects
   * with the request/ errors: OpenFlowError (isStaleGeneration(e) for a stale
   * generation id), RequestTimeoutError, SwitchDisconnectedError,
   * UnsupportedRequestError on 1.0.
   */
  async request(role: Role | 'nochange', generationId: bigint, opts?: RequestOptions): Promise<RoleReply> {
    if (role === 'slave') this.set('slave', 'slave requested');
    let r: RoleReply;
    try {
      r = await this.host.askRole(role, generationId, opts);
    } catch (e) {
      // refused as master (another controller holds a newer generation): not master, whatever we were
      if (role === 'master' && this.role === 'master') this.set('slave', `MASTER request refused: ${(e as Error).message}`);
      throw e;
    }
    const got: Role | null = typeof r.role === 'number' ? roleFromCode(r.role) : r.role === 'nochange' ? null : r.role;
    if (got !== null) {
      if (got !== 'equal') this.generationId = r.generationId;
      this.set(got, `ROLE_REPLY to ${role.toUpperCase()} (generation ${r.generationId})`);
    }
    return r;
  }

  /**
   * ROLE_STATUS (1.4+ OFPT_ROLE_STATUS, or Open vSwitch's ONF extension for
   * 1.3): the switch changed our role, e.g. another controller became master.
   * `at` is where the role field starts.
   */
  onStatus(buf: Buffer, at: number, end: number): void {
    if (end - at < 16) return;
    const role = roleFromCode(buf.readUInt32BE(at));
    if (role === null) return;
    const reason = buf[at + REASON_AT - ROLE_AT]!;
    const gen = buf.readBigUInt64BE(at + GEN_AT - ROLE_AT);
    if (role !== 'equal') this.generationId = gen;
    this.set(role, `ROLE_STATUS: ${STATUS_REASON[reason] ?? `reason ${reason}`} (generation ${gen})`);
  }

  /** Change the local role (no message): e.g. a cluster instance starting every switch as SLAVE until etcd says otherwise. */
  set(role: Role, why: string): void {
    const prev = this.role;
    if (prev === role) return;
    this.role = role;
    this.host.roleChanged(role, prev, why);
  }
}
