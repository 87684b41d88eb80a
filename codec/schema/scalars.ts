/** Text forms of addresses, shared by the generic codec and the views. */

const HEX = '0123456789abcdef';

export function formatMac(b: Uint8Array, off: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const x = b[off + i]!;
    s += (i ? ':' : '') + HEX[x >> 4] + HEX[x & 15];
  }
  return s;
}

export function parseMac(s: string, out: Uint8Array, off: number): boolean {
  const parts = s.split(/[:-]/);
  if (parts.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const p = parts[i]!;
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return false;
    out[off + i] = parseInt(p, 16);
  }
  return true;
}

export function formatIpv4(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

export function parseIpv4(s: string, out: Uint8Array, off: number): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || +p > 255) return false;
    out[off + i] = +p;
  }
  return true;
}

/**
 * A MAC (size 6) or IPv4 address (size 4) given other than as text: as a number, the address read
 * as an unsigned big-endian integer (0x0a000001 is 10.0.0.1, as the hand-written writers of
 * codec/hot.ts take them), or as its bytes (a Uint8Array of exactly that size). Written to out at
 * off; false for anything else (a non-integer, out of range, the wrong number of bytes). The
 * interpreter and the compiled encoder both call this, so they accept exactly the same values.
 */
export function writeAddress(v: unknown, size: 4 | 6, out: Uint8Array, off: number): boolean {
  if (typeof v === 'number') {
    if (!(v >= 0 && v <= (size === 4 ? 0xffffffff : 0xffffffffffff) && Math.floor(v) === v)) return false;
    const lo = v >>> 0;
    out[off + size - 4] = lo >>> 24; out[off + size - 3] = (lo >>> 16) & 255; out[off + size - 2] = (lo >>> 8) & 255; out[off + size - 1] = lo & 255;
    if (size === 6) {
      const hi = (v - lo) / 4294967296;
      out[off] = hi >>> 8; out[off + 1] = hi & 255;
    }
    return true;
  }
  if (v instanceof Uint8Array && v.length === size) {
    for (let i = 0; i < size; i++) out[off + i] = v[i]!;
    return true;
  }
  return false;
}

/** RFC 5952 text form (lowercase, longest zero run compressed). */
export function formatIpv6(b: Uint8Array, off: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

export function parseIpv6(s: string, out: Uint8Array, off: number): boolean {
  const dbl = s.indexOf('::');
  let head: string[], tail: string[];
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return false;
    head = s.slice(0, dbl) ? s.slice(0, dbl).split(':') : [];
    tail = s.slice(dbl + 2) ? s.slice(dbl + 2).split(':') : [];
  } else {
    head = s.split(':');
    tail = [];
    if (head.length !== 8) return false;
  }
  if (head.length + tail.length > (dbl >= 0 ? 7 : 8)) return false;
  const words = [...head, ...new Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return false;
    const v = parseInt(w, 16);
    out[off + 2 * i] = v >> 8;
    out[off + 2 * i + 1] = v & 0xff;
  }
  return true;
}
