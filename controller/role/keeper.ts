/**
 * The role of this controller at one switch: the ROLE_REQUESTs in flight
 * (matched to ROLE_REPLY or ERROR by xid), the generation id last agreed,
 * and ROLE_STATUS from the switch (another controller became master).
 *
 * The xid matching here is deliberately tiny (a map of role requests only);
 * the controller's general request/reply tracker replaces it once it lands.
 */
import type { OutBuffer } from '../../codec/writers/out.js';
import { roleRequest13 } from '../../codec/writers/of13.js';
import { ROLE_CODE, RoleRequestError, roleFromCode, type Role, type RoleReply } from './role.js';

/** What the keeper needs from its connection. */
export interface RoleHost {
  readonly version: number;
  readonly dpidHex: string;
  readonly out: OutBuffer & { reserve(n: number): number };
  nextXid(): number;
  flush(): void;
  /** The local role changed (apps are told). */
  roleChanged(role: Role, previous: Role, why: string): void;
}

interface Pending {
  readonly role: Role;
  readonly generationId: bigint;
  readonly resolve: (r: RoleReply) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** ROLE_REQUEST/ROLE_REPLY/ROLE_STATUS body offsets (the same in 1.2 to 1.5; ROLE_STATUS has reason at 12). */
const ROLE_AT = 8;
const REASON_AT = 12;
const GEN_AT = 16;
const ROLE_MSG_SIZE = 24;

/** OFPCRR_* reasons of ROLE_STATUS. */
const STATUS_REASON = ['master request', 'config', 'experimenter'] as const;

export class RoleKeeper {
  role: Role;
  /** Generation id of the last MASTER/SLAVE request the switch accepted (null: none yet). */
  generationId: bigint | null = null;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly host: RoleHost, initial: Role = 'equal') {
    this.role = initial;
  }

  /**
   * Send ROLE_REQUEST and resolve with the switch's ROLE_REPLY. A SLAVE
   * request takes effect locally at once (writes stop before the switch has
   * read it); MASTER and EQUAL take effect when the switch confirms.
   */
  request(role: Role, generationId: bigint, timeoutMs: number): Promise<RoleReply> {
    const h = this.host;
    if (h.version < 0x03) return Promise.reject(new RoleRequestError(h.dpidHex, role, 'UNSUPPORTED_VERSION', `OpenFlow wire version ${h.version} has no roles (1.2+)`));
    if (role === 'slave') this.set('slave', 'slave requested');
    const xid = h.nextXid();
    return new Promise<RoleReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(xid);
        reject(new RoleRequestError(h.dpidHex, role, 'TIMEOUT', `no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(xid, { role, generationId, resolve, reject, timer });
      const o = h.out;
      const at = o.reserve(ROLE_MSG_SIZE);
      roleRequest13(o, xid, ROLE_CODE[role], generationId);
      o.buf[at] = h.version; // the layout is the same in 1.2 to 1.5
      h.flush();
    });
  }

  /** ROLE_REPLY (any version with roles). */
  onReply(buf: Buffer, off: number, len: number): void {
    if (len < ROLE_MSG_SIZE) return;
    const xid = buf.readUInt32BE(off + 4);
    const p = this.pending.get(xid);
    const role = roleFromCode(buf.readUInt32BE(off + ROLE_AT));
    const gen = buf.readBigUInt64BE(off + GEN_AT);
    if (p === undefined || role === null) return;
    this.pending.delete(xid);
    clearTimeout(p.timer);
    if (role !== 'equal') this.generationId = gen;
    this.set(role, `ROLE_REPLY to ${p.role.toUpperCase()} (generation ${gen})`);
    p.resolve({ role, generationId: gen });
  }

  /** An ERROR: true when it answered one of our role requests (which then fails). */
  onError(xid: number, type: number, code: number): boolean {
    const p = this.pending.get(xid);
    if (p === undefined) return false;
    this.pending.delete(xid);
    clearTimeout(p.timer);
    const e = RoleRequestError.fromOfError(this.host.dpidHex, p.role, type, code);
    // a refused MASTER request (STALE: another controller holds a newer generation) leaves us not master
    if (p.role === 'master' && this.role === 'master') this.set('slave', e.message);
    p.reject(e);
    return true;
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

  /** The connection closed: requests in flight fail. */
  closed(): void {
    for (const [xid, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(xid);
      p.reject(new RoleRequestError(this.host.dpidHex, p.role, 'CLOSED', 'connection closed'));
    }
  }

  /** Change the local role (no message): e.g. a cluster instance starting every switch as SLAVE until etcd says otherwise. */
  set(role: Role, why: string): void {
    const prev = this.role;
    if (prev === role) return;
    this.role = role;
    this.host.roleChanged(role, prev, why);
  }
}
