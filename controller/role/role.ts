/**
 * OpenFlow controller roles (1.2+): what a role is, which messages change a
 * switch's state (refused while SLAVE), and the typed errors.
 *
 * `sw.role` is the role the controller enforces locally. It becomes MASTER or
 * EQUAL only when the switch confirms it (ROLE_REPLY), but SLAVE at once when
 * asked for: a controller that must step down (a cluster instance that lost
 * etcd) stops writing before the switch has even read the request.
 */
import { OFPT as T10 } from '../../codec/of10/enums.js';
import { OFPCR_ROLE, OFPT as T13 } from '../../codec/of13/enums.js';

export type Role = 'equal' | 'master' | 'slave';

/** Wire numbers (ofp_controller_role, the same in 1.2 to 1.5). */
export const ROLE_CODE: Readonly<Record<Role, number>> = { equal: OFPCR_ROLE.EQUAL, master: OFPCR_ROLE.MASTER, slave: OFPCR_ROLE.SLAVE };

export function roleFromCode(code: number): Role | null {
  return code === OFPCR_ROLE.EQUAL ? 'equal' : code === OFPCR_ROLE.MASTER ? 'master' : code === OFPCR_ROLE.SLAVE ? 'slave' : null;
}

/**
 * Message types a SLAVE must not send (the switch would answer
 * OFPBRC_IS_SLAVE): everything that changes flow tables, groups, meters,
 * ports or tables, and PACKET_OUT. Indexed by type, per version: 1.0 has no
 * roles but a controller that is not master of a 1.0 switch (a cluster
 * member) must not write either.
 */
function table(types: readonly number[]): Uint8Array {
  const t = new Uint8Array(256);
  for (const x of types) t[x] = 1;
  return t;
}
const WRITES_10 = table([T10.PACKET_OUT, T10.FLOW_MOD, T10.PORT_MOD]);
const WRITES_13 = table([T13.PACKET_OUT, T13.FLOW_MOD, T13.GROUP_MOD, T13.PORT_MOD, T13.TABLE_MOD, T13.METER_MOD]);

/** True when a message of `type` in wire `version` changes the switch's state. */
export function isStateChanging(version: number, type: number): boolean {
  return (version === 0x01 ? WRITES_10 : WRITES_13)[type & 0xff] === 1;
}

/** A state-changing message refused because the controller is SLAVE for this switch. */
export class SlaveError extends Error {
  readonly code = 'NODEFLOW_ERR_SLAVE';
  constructor(readonly dpidHex: string, readonly what: string) {
    super(`${what} refused: this controller is SLAVE for switch ${dpidHex || '?'} (only the master may change its state)`);
    this.name = 'SlaveError';
  }
}

/** OFPET_ROLE_REQUEST_FAILED and its OFPRRFC_STALE code (1.2 to 1.5). */
export const OFPET_ROLE_REQUEST_FAILED = 11;
export const OFPRRFC_STALE = 0;
