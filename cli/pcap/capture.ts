/**
 * Capture file readers: classic pcap (either byte order, microsecond or
 * nanosecond timestamps) and pcapng (section header, interface description,
 * enhanced/simple/obsolete packet blocks; every other block is skipped).
 * Frames are numbered from 1 in file order, as Wireshark numbers them.
 * Malformed files raise CaptureError with the byte offset of the problem.
 */

export class CaptureError extends Error {
  constructor(readonly offset: number, detail: string) {
    super(`capture file: ${detail} (at byte ${offset})`);
    this.name = 'CaptureError';
  }
}

/** A timestamp as whole seconds plus a decimal fraction of `digits` digits. */
export interface Timestamp {
  readonly sec: bigint;
  readonly frac: bigint;
  readonly digits: number;
}

export interface Frame {
  /** 1-based frame number in file order. */
  readonly number: number;
  /** LINKTYPE_* of the interface the frame was captured on. */
  readonly linktype: number;
  /** Undefined for pcapng simple packet blocks, which carry none. */
  readonly time: Timestamp | undefined;
  /** Captured bytes (a view into the file buffer). */
  readonly data: Buffer;
  /** Length of the frame on the wire; more than data.length when the capture cut it short. */
  readonly origLen: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export function detectFormat(buf: Buffer): CaptureFormat | undefined {
  if (buf.length < 4) return undefined;
  const be = buf.readUInt32BE(0);
  if (be === 0x0a0d0d0a) return 'pcapng';
  if (be === 0xa1b2c3d4 || be === 0xd4c3b2a1 || be === 0xa1b23c4d || be === 0x4d3cb2a1) return 'pcap';
  return undefined;
}

/** Formats a timestamp as an ISO-8601 UTC string keeping the capture's own precision. */
export function formatTime(t: Timestamp): string {
  const ms = Number(t.sec) * 1000;
  if (!(Math.abs(ms) <= 8.64e15)) {
    // Beyond what a Date can hold (a corrupt or odd pcapng timestamp): seconds since the epoch.
    return `${t.sec}${t.digits ? `.${t.frac.toString().padStart(t.digits, '0')}` : ''}s`;
  }
  const iso = new Date(ms).toISOString(); // ...T12:34:56.000Z
  if (t.digits === 0) return iso.replace('.000Z', 'Z');
  return iso.replace(/\.000Z$/, `.${t.frac.toString().padStart(t.digits, '0')}Z`);
}

interface Reader {
  u16(off: number): number;
  u32(off: number): number;
  i64(off: number): bigint;
}

const LE = (b: Buffer): Reader => ({ u16: (o) => b.readUInt16LE(o), u32: (o) => b.readUInt32LE(o), i64: (o) => b.readBigInt64LE(o) });
const BE = (b: Buffer): Reader => ({ u16: (o) => b.readUInt16BE(o), u32: (o) => b.readUInt32BE(o), i64: (o) => b.readBigInt64BE(o) });

export function readCapture(buf: Buffer): { format: CaptureFormat; frames: Frame[] } {
  const format = detectFormat(buf);
  if (format === 'pcap') return { format, frames: readPcap(buf) };
  if (format === 'pcapng') return { format, frames: readPcapng(buf) };
  throw new CaptureError(0, 'not a pcap or pcapng file (unknown magic number)');
}

function readPcap(buf: Buffer): Frame[] {
  if (buf.length < 24) throw new CaptureError(0, `pcap file header needs 24 bytes, the file has ${buf.length}`);
  const magic = buf.readUInt32BE(0);
  const r = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d ? BE(buf) : LE(buf);
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  // The link-layer header type is the low 16 bits; the upper bits may carry an FCS length.
  const linktype = r.u32(20) & 0xffff;
  const frames: Frame[] = [];
  let off = 24;
  while (off < buf.length) {
    if (off + 16 > buf.length) throw new CaptureError(off, `packet record header of frame ${frames.length + 1} is cut short`);
    const sec = r.u32(off), frac = r.u32(off + 4), incl = r.u32(off + 8), orig = r.u32(off + 12);
    if (off + 16 + incl > buf.length) throw new CaptureError(off + 8, `frame ${frames.length + 1} claims ${incl} captured bytes, ${buf.length - off - 16} left in the file`);
    frames.push({
      number: frames.length + 1, linktype,
      time: { sec: BigInt(sec), frac: BigInt(frac), digits: nano ? 9 : 6 },
      data: buf.subarray(off + 16, off + 16 + incl),
      origLen: orig,
    });
    off += 16 + incl;
  }
  return frames;
}

interface Iface { linktype: number; snaplen: number; /** units per second is 10^dec or 2^bin */ dec?: number; bin?: number; offset: bigint }

const SHB = 0x0a0d0d0a, IDB = 1, PB = 2, SPB = 3, EPB = 6;

function tsresol(v: number): { dec?: number; bin?: number } {
  return v & 0x80 ? { bin: v & 0x7f } : { dec: v };
}

function pcapngTime(iface: Iface, units: bigint): Timestamp {
  if (iface.bin !== undefined) {
    const per = 1n << BigInt(iface.bin);
    return { sec: units / per + iface.offset, frac: ((units % per) * 1_000_000_000n) / per, digits: 9 };
  }
  const per = 10n ** BigInt(iface.dec ?? 6);
  return { sec: units / per + iface.offset, frac: units % per, digits: iface.dec ?? 6 };
}

function readPcapng(buf: Buffer): Frame[] {
  const frames: Frame[] = [];
  let r: Reader = BE(buf);
  let ifaces: Iface[] = [];
  let off = 0;
  while (off < buf.length) {
    if (off + 12 > buf.length) throw new CaptureError(off, 'block header is cut short');
    const typeBE = buf.readUInt32BE(off);
    if (typeBE === SHB) {
      if (off + 12 > buf.length) throw new CaptureError(off, 'section header block is cut short');
      const bom = buf.readUInt32BE(off + 8);
      if (bom === 0x1a2b3c4d) r = BE(buf);
      else if (bom === 0x4d3c2b1a) r = LE(buf);
      else throw new CaptureError(off + 8, `bad byte-order magic 0x${bom.toString(16)} in section header block`);
      ifaces = [];
    }
    const type = r.u32(off);
    const total = r.u32(off + 4);
    if (total < 12 || total % 4 !== 0) throw new CaptureError(off + 4, `block length ${total} is not a multiple of 4 of at least 12`);
    if (off + total > buf.length) throw new CaptureError(off + 4, `block of ${total} bytes runs past the end of the file`);
    const body = off + 8, end = off + total - 4;
    if (type === IDB) {
      if (end - body < 8) throw new CaptureError(off, 'interface description block is too short');
      const iface: Iface = { linktype: r.u16(body), snaplen: r.u32(body + 4), offset: 0n };
      readOptions(buf, r, body + 8, end, (code, o, len) => {
        if (code === 9 && len >= 1) Object.assign(iface, tsresol(buf[o]!));
        if (code === 14 && len >= 8) iface.offset = r.i64(o);
      });
      ifaces.push(iface);
    } else if (type === EPB || type === PB) {
      if (end - body < 20) throw new CaptureError(off, 'packet block is too short');
      const id = type === EPB ? r.u32(body) : r.u16(body);
      const iface = ifaces[id];
      if (!iface) throw new CaptureError(body, `packet block names interface ${id}, which was not described`);
      const units = (BigInt(r.u32(body + 4)) << 32n) | BigInt(r.u32(body + 8));
      const cap = r.u32(body + 12), orig = r.u32(body + 16);
      if (body + 20 + cap > end) throw new CaptureError(body + 12, `captured length ${cap} runs past the end of its block`);
      frames.push({ number: frames.length + 1, linktype: iface.linktype, time: pcapngTime(iface, units), data: buf.subarray(body + 20, body + 20 + cap), origLen: orig });
    } else if (type === SPB) {
      const iface = ifaces[0];
      if (!iface) throw new CaptureError(body, 'simple packet block before any interface description');
      const orig = r.u32(body);
      let cap = Math.min(orig, end - body - 4);
      if (iface.snaplen > 0) cap = Math.min(cap, iface.snaplen);
      frames.push({ number: frames.length + 1, linktype: iface.linktype, time: undefined, data: buf.subarray(body + 4, body + 4 + cap), origLen: orig });
    }
    off += total;
  }
  return frames;
}

function readOptions(buf: Buffer, r: Reader, off: number, end: number, each: (code: number, at: number, len: number) => void): void {
  while (off + 4 <= end) {
    const code = r.u16(off), len = r.u16(off + 2);
    if (code === 0) return;
    if (off + 4 + len > end) return; // a malformed option list ends the options, not the file
    each(code, off + 4, len);
    off += 4 + ((len + 3) & ~3);
  }
}
