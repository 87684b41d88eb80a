/**
 * Datapath ids in URLs. Exactly 16 hex digits (as `ovs-vsctl get bridge BR
 * datapath_id` prints them), 0x-prefixed hex or eight colon-separated hex
 * bytes are read as hex; anything else made of digits only is decimal (so
 * `1` is datapath 1, and so is `0000000000000001`). Everything else is a 400.
 */
import { HttpError } from './errors.js';

const MAX = (1n << 64n) - 1n;

export function parseDpid(s: string): bigint {
  const t = s.trim();
  let v: bigint | undefined;
  if (/^[0-9a-fA-F]{16}$/.test(t)) v = BigInt(`0x${t}`);
  else if (/^0x[0-9a-fA-F]{1,16}$/i.test(t)) v = BigInt(t.toLowerCase());
  else if (/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){7}$/.test(t)) v = BigInt(`0x${t.replace(/:/g, '')}`);
  else if (/^\d{1,20}$/.test(t)) v = BigInt(t);
  if (v === undefined || v > MAX) {
    throw new HttpError(400, `bad datapath id '${s}': give 16 hex digits (as ovs-vsctl prints datapath_id), 0x-prefixed hex, or a decimal number below 2^64`);
  }
  return v;
}

export function formatDpid(dpid: bigint): string {
  return dpid.toString(16).padStart(16, '0');
}
