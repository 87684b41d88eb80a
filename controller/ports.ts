/** Port information the registry keeps current, read from the codec's port views. */
import type { PortDesc } from '../codec/views/types.js';
import { port10To32 } from '../codec/views/ports.js';
import { OFPPC, OFPPS } from '../codec/of10/enums.js';
import { OFP10 } from './protocol.js';
import { macToString } from './flow-mod.js';
import { macKey } from '../codec/views/common.js';

export interface PortInfo {
  /** Version-neutral port number. */
  readonly portNo: number;
  readonly hwAddr: string;
  readonly name: string;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  /** OFPPC_PORT_DOWN in config or OFPPS_LINK_DOWN in state (bit 0 of each, in both versions). */
  readonly down: boolean;
}

/** A plain PortInfo from a port view of a `version` message (not for the hot path: allocates). */
export function portInfo(d: PortDesc, version: number): PortInfo {
  const config = d.config;
  const state = d.state;
  return {
    portNo: version === OFP10 ? port10To32(d.portNo) : d.portNo,
    hwAddr: macToString(macKey(d.buf, d.hwAddrOffset)),
    name: d.name,
    config,
    state,
    curr: d.curr,
    down: (config & OFPPC.PORT_DOWN) !== 0 || (state & OFPPS.LINK_DOWN) !== 0,
  };
}
