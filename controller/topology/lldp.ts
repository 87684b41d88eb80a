/**
 * The LLDP frames topology discovery sends and reads back (IEEE 802.1AB).
 * Not OpenFlow: a plain Ethernet frame the controller writes into a
 * PACKET_OUT and gets back in a PACKET_IN from the switch at the far end of
 * a link.
 *
 * What we send, in TLV order (each TLV: 7-bit type, 9-bit length, value):
 * - Chassis ID, subtype 7 (locally assigned): `dpid:` + 16 hex digits;
 * - Port ID, subtype 2 (port component): the version-neutral 32-bit port number;
 * - Time To Live: seconds a receiver may keep what it learnt;
 * - System Name: `nodeflow:` + this controller's instance id (16 hex digits),
 *   so probes of another controller (or of a restarted one) are told apart;
 * - End of LLDPDU.
 * Destination 01:80:c2:00:00:0e (nearest bridge), source the sending port's
 * MAC, ethertype 0x88cc.
 *
 * `parseLldp` reads any LLDP frame without trusting it: every length is
 * checked against the frame, and the answer is either our probe's fields or
 * a reason why the frame is not one (foreign LLDP, truncated, malformed).
 */

export const LLDP_ETHERTYPE = 0x88cc;
/** 01:80:c2:00:00:0e, the nearest-bridge group address. */
export const LLDP_DST = Buffer.from([0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e]);

export const TLV_END = 0;
export const TLV_CHASSIS_ID = 1;
export const TLV_PORT_ID = 2;
export const TLV_TTL = 3;
export const TLV_SYSTEM_NAME = 5;
const CHASSIS_LOCAL = 7;
const PORT_COMPONENT = 2;

const DPID_PREFIX = 'dpid:';
const NAME_PREFIX = 'nodeflow:';
/** Minimum Ethernet frame without FCS. */
const MIN_FRAME = 60;

/** What one of our probes says: it left `dpid` through `port`, sent by controller `instance`. */
export interface LldpProbe {
  readonly dpid: bigint;
  readonly port: number;
  readonly ttl: number;
  /** 16 hex digits, or null when the frame has no nodeflow system name. */
  readonly instance: string | null;
}

export type LldpParse = { readonly ok: true; readonly probe: LldpProbe } | { readonly ok: false; readonly error: string };

function tlvHeader(type: number, len: number): number {
  return (type << 9) | len;
}

/**
 * An LLDP frame announcing (`dpid`, `port`), from source MAC `srcMac`
 * (6 bytes), with our `instance` id (16 hex digits) and `ttl` seconds.
 */
export function buildLldp(dpid: bigint, port: number, srcMac: Uint8Array, instance: string, ttl: number): Buffer {
  const chassis = Buffer.from(DPID_PREFIX + dpid.toString(16).padStart(16, '0'), 'latin1');
  const name = Buffer.from(NAME_PREFIX + instance, 'latin1');
  const len = 14 + (2 + 1 + chassis.length) + (2 + 1 + 4) + (2 + 2) + (2 + name.length) + 2;
  const b = Buffer.alloc(Math.max(len, MIN_FRAME));
  LLDP_DST.copy(b, 0);
  b.set(srcMac.subarray(0, 6), 6);
  b.writeUInt16BE(LLDP_ETHERTYPE, 12);
  let o = 14;
  b.writeUInt16BE(tlvHeader(TLV_CHASSIS_ID, 1 + chassis.length), o);
  b[o + 2] = CHASSIS_LOCAL;
  chassis.copy(b, o + 3);
  o += 3 + chassis.length;
  b.writeUInt16BE(tlvHeader(TLV_PORT_ID, 5), o);
  b[o + 2] = PORT_COMPONENT;
  b.writeUInt32BE(port >>> 0, o + 3);
  o += 7;
  b.writeUInt16BE(tlvHeader(TLV_TTL, 2), o);
  b.writeUInt16BE(Math.min(0xffff, Math.max(0, Math.ceil(ttl))), o + 2);
  o += 4;
  b.writeUInt16BE(tlvHeader(TLV_SYSTEM_NAME, name.length), o);
  name.copy(b, o + 2);
  o += 2 + name.length;
  b.writeUInt16BE(tlvHeader(TLV_END, 0), o);
  return b;
}

function fail(error: string): LldpParse {
  return { ok: false, error };
}

/**
 * Read the LLDP frame buf[off, off + len) (Ethernet header included, no
 * 802.1Q tag). Never throws: a frame that is not one of our probes, or is
 * cut short or malformed, gives `{ ok: false, error }` saying why.
 */
export function parseLldp(buf: Buffer, off: number, len: number): LldpParse {
  if (len < 14) return fail(`frame of ${len} bytes is shorter than an Ethernet header`);
  const ethType = buf.readUInt16BE(off + 12);
  if (ethType !== LLDP_ETHERTYPE) return fail(`ethertype 0x${ethType.toString(16)} is not LLDP`);
  const end = off + len;
  let o = off + 14;
  let chassis: string | null = null;
  let port = -1;
  let ttl = -1;
  let name: string | null = null;
  let index = 0;
  for (;;) {
    if (o + 2 > end) return fail(`LLDPDU ends without an End TLV (TLV ${index} header at byte ${o - off} is cut off)`);
    const h = buf.readUInt16BE(o);
    const type = h >>> 9;
    const tlen = h & 0x1ff;
    const v = o + 2;
    if (v + tlen > end) return fail(`TLV ${index} (type ${type}) of ${tlen} bytes at byte ${o - off} runs past the frame's ${len} bytes`);
    // 802.1AB: Chassis ID, Port ID and TTL come first, in that order
    if (index === 0 && type !== TLV_CHASSIS_ID) return fail(`first TLV is type ${type}, not Chassis ID`);
    if (index === 1 && type !== TLV_PORT_ID) return fail(`second TLV is type ${type}, not Port ID`);
    if (index === 2 && type !== TLV_TTL) return fail(`third TLV is type ${type}, not Time To Live`);
    if (type === TLV_END) break;
    switch (type) {
      case TLV_CHASSIS_ID:
        if (index !== 0) return fail(`a second Chassis ID TLV at byte ${o - off}`);
        if (tlen < 2) return fail(`Chassis ID TLV of ${tlen} bytes (needs a subtype and a value)`);
        if (buf[v] === CHASSIS_LOCAL) chassis = buf.toString('latin1', v + 1, v + tlen);
        break;
      case TLV_PORT_ID:
        if (index !== 1) return fail(`a second Port ID TLV at byte ${o - off}`);
        if (tlen < 2) return fail(`Port ID TLV of ${tlen} bytes (needs a subtype and a value)`);
        if (buf[v] === PORT_COMPONENT && tlen === 5) port = buf.readUInt32BE(v + 1);
        break;
      case TLV_TTL:
        if (index !== 2) return fail(`a second Time To Live TLV at byte ${o - off}`);
        if (tlen !== 2) return fail(`Time To Live TLV of ${tlen} bytes (must be 2)`);
        ttl = buf.readUInt16BE(v);
        break;
      case TLV_SYSTEM_NAME:
        name = buf.toString('latin1', v, v + tlen);
        break;
      default:
        break; // optional TLVs we do not use
    }
    o = v + tlen;
    index++;
  }
  if (index < 3) return fail(`LLDPDU has ${index} TLVs before End (Chassis ID, Port ID and Time To Live are mandatory)`);
  if (chassis === null || !chassis.startsWith(DPID_PREFIX)) return fail('Chassis ID is not a locally assigned dpid:<hex> (foreign LLDP)');
  const hex = chassis.slice(DPID_PREFIX.length);
  if (!/^[0-9a-f]{16}$/i.test(hex)) return fail(`Chassis ID '${chassis.slice(0, 40)}' does not hold 16 hex digits`);
  if (port < 0) return fail('Port ID is not a 4-byte port component (foreign LLDP)');
  let instance: string | null = null;
  if (name !== null && name.startsWith(NAME_PREFIX)) {
    const id = name.slice(NAME_PREFIX.length);
    if (/^[0-9a-f]{16}$/.test(id)) instance = id;
  }
  return { ok: true, probe: { dpid: BigInt(`0x${hex}`), port, ttl, instance } };
}
