/**
 * FLOW_MOD and PACKET_OUT as apps describe them: one reusable, mutable
 * object (no allocation per message) with version-neutral port numbers,
 * written by the codec's writers (codec/writers/of10.ts, of13.ts) in the
 * switch's version. Nothing here knows an offset.
 */
import { action10Output, beginPacketOut10, endPacketOut10, flowMod10 } from '../codec/writers/of10.js';
import { action13Output, beginPacketOut13, endPacketOut13, flowMod13 } from '../codec/writers/of13.js';
import { beginPacketOut15, endPacketOut15 } from '../codec/writers/of15.js';
import { type OutBuffer, WithCookie } from '../codec/writers/out.js';
import { port32To10 } from '../codec/views/ports.js';
import { FLOW_ADD, MAX_LEN_NO_BUFFER, NO_BUFFER, OFP10, OFP15, PORT_ANY } from './protocol.js';

/** What an OpenFlow match needs for the apps we ship: -1 means wildcard. */
export class Match {
  /** Version-neutral port number. */
  inPort = -1;
  /** 48-bit MAC numbers (macKey, macFromString). */
  ethDst = -1;
  ethSrc = -1;
  ethType = -1;
  clear(): this {
    this.inPort = this.ethDst = this.ethSrc = this.ethType = -1;
    return this;
  }
}

/**
 * A FLOW_MOD description an app keeps and mutates (one object, re-used: no
 * allocation per message). Actions: output to each port in `outputs[0..nOutputs)`.
 */
export class FlowMod extends WithCookie {
  command: number = FLOW_ADD;
  match = new Match();
  /** 1.3 only. */
  tableId = 0;
  priority = 0x8000;
  idleTimeout = 0;
  hardTimeout = 0;
  bufferId = NO_BUFFER;
  /** For DELETE commands: restrict to flows that output to this port (PORT_ANY = no restriction). */
  outPort: number = PORT_ANY;
  flags = 0;
  outputs: number[] = [];
  nOutputs = 0;
  /** Output action max_len (only meaningful for PORT_CONTROLLER). */
  maxLen = MAX_LEN_NO_BUFFER;
  /** Set one output port (the common case). */
  output(port: number): this {
    this.outputs[0] = port;
    this.nOutputs = 1;
    return this;
  }
  withPriority(priority: number): this {
    this.priority = priority;
    return this;
  }
}

/** An upper bound of the bytes writeFlowMod writes (reserve this much first: no buffer growth mid-message). */
export function flowModBound(fm: FlowMod): number {
  return 96 + 16 * fm.nOutputs;
}
/** An upper bound of the bytes writePacketOut writes (1.5: 16 bytes fixed plus a 16-byte match). */
export function packetOutBound(nOutputs: number, dataLen: number): number {
  return 32 + 16 * nOutputs + dataLen;
}

/**
 * Append `fm` as a FLOW_MOD in `version` (0x01, 0x04-0x06: 1.4 and 1.5 kept
 * the 1.3 layout, with importance 0 in 1.3's pad); returns the message start.
 * The codec's one-call writers read `fm` and its match directly.
 */
export function writeFlowMod(out: OutBuffer, version: number, xid: number, fm: FlowMod): number {
  return version === OFP10 ? flowMod10(out, xid, fm, fm.match) : flowMod13(out, xid, fm, fm.match, version);
}

/**
 * Append a PACKET_OUT in `version` that outputs to `outputs[0..n)` (neutral
 * port numbers); data (src[srcOff, srcOff + dataLen), null for none) follows
 * the actions. Returns the message start.
 */
export function writePacketOut(
  out: OutBuffer, version: number, xid: number, bufferId: number, inPort: number,
  outputs: readonly number[], n: number, src: Buffer | null, srcOff: number, dataLen: number,
): number {
  if (version === OFP10) {
    const at = beginPacketOut10(out, xid, bufferId, port32To10(inPort));
    for (let i = 0; i < n; i++) action10Output(out, port32To10(outputs[i]!), 0);
    endPacketOut10(out, at, src, srcOff, dataLen);
    return at;
  }
  if (version === OFP15) {
    // 1.5: the input port travels as an OXM IN_PORT in a match.
    const at = beginPacketOut15(out, xid, bufferId, inPort);
    for (let i = 0; i < n; i++) action13Output(out, outputs[i]!, MAX_LEN_NO_BUFFER);
    endPacketOut15(out, at, src, srcOff, dataLen);
    return at;
  }
  const at = beginPacketOut13(out, xid, bufferId, inPort, version);
  for (let i = 0; i < n; i++) action13Output(out, outputs[i]!, MAX_LEN_NO_BUFFER);
  endPacketOut13(out, at, src, srcOff, dataLen);
  return at;
}

/** `aa:bb:cc:dd:ee:ff` for a 48-bit MAC number. */
export function macToString(mac: number): string {
  return mac.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
}
/** Parse `aa:bb:cc:dd:ee:ff` (or 12 hex digits) to a 48-bit number. */
export function macFromString(s: string): number {
  const hex = s.replace(/[:-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new Error(`not a MAC address: ${s}`);
  return parseInt(hex, 16);
}
