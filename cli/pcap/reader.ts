/**
 * Incremental capture reader: pcap or pcapng bytes in, in chunks of any
 * size, frames out as soon as their record is complete. It holds at most
 * one incomplete record between chunks, so a capture of any size (or a live
 * `tcpdump -w -` pipe) is read in bounded memory. readCapture (whole files)
 * is this reader given one chunk.
 */
import { CaptureError, detectFormat, type CaptureFormat, type Frame, type Timestamp } from './capture.js';

interface Iface { linktype: number; snaplen: number; /** units per second is 10^dec or 2^bin */ dec?: number; bin?: number; offset: bigint }

const EMPTY = Buffer.alloc(0);
const SHB = 0x0a0d0d0a, IDB = 1, PB = 2, SPB = 3, EPB = 6;
/** No capture record is this large (snap lengths stop at 256 KiB); a bigger claim is corruption, not a reason to buffer. */
const MAX_RECORD = 64 << 20;

function pcapngTime(iface: Iface, units: bigint): Timestamp {
  if (iface.bin !== undefined) {
    const per = 1n << BigInt(iface.bin);
    return { sec: units / per + iface.offset, frac: ((units % per) * 1_000_000_000n) / per, digits: 9 };
  }
  const per = 10n ** BigInt(iface.dec ?? 6);
  return { sec: units / per + iface.offset, frac: units % per, digits: iface.dec ?? 6 };
}

export class CaptureReader {
  format: CaptureFormat | undefined;
  /** Frames read so far. */
  frames = 0;
  /** Bytes consumed so far (complete records). */
  consumed = 0;
  /** Bytes of the incomplete record after the last push (at the start of a carry buffer, or a copy). */
  private buf: Buffer = EMPTY;
  private readonly carry: Buffer[] = [Buffer.allocUnsafe(1 << 16), Buffer.allocUnsafe(1 << 16)];
  /** The carry buffer that holds `buf`. */
  private cur = 0;
  private le = false;
  // pcap
  private nano = false;
  private linktype = 0;
  // pcapng
  private ifaces: Iface[] = [];

  private u16(b: Buffer, o: number): number { return this.le ? b.readUInt16LE(o) : b.readUInt16BE(o); }
  private u32(b: Buffer, o: number): number { return this.le ? b.readUInt32LE(o) : b.readUInt32BE(o); }

  /**
   * Add bytes; returns the frames they completed (views: they stay valid until the next push, so
   * keep a copy to hold one longer). Records are read in place in the chunk; only a record that
   * straddles two chunks is assembled, from the bytes it lacks, and the incomplete record left at
   * the end is copied out, so nothing here refers to a chunk once push returns (the caller may
   * reuse its buffer). Both go to two carry buffers used in turn (a frame of the record assembled
   * in one must outlive the copy of the tail into the other), so a long capture allocates nothing
   * per chunk.
   */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let pos = 0;
    while (this.buf.length > 0 && pos < chunk.length) {
      const want = this.wanted(this.buf);
      const take = Math.min(Math.max(want - this.buf.length, 0), chunk.length - pos);
      if (take > 0) {
        const have = this.buf.length;
        const c = this.carryOf(this.cur, have + take, this.buf);
        chunk.copy(c, have, pos, pos + take);
        this.buf = c.subarray(0, have + take);
        pos += take;
      }
      if (this.buf.length < want) break; // the chunk ran out first
      const used = this.parse(this.buf, out);
      // wanted and parse agree, so this never happens; if it did, going on would reorder bytes.
      if (used === 0 && take === 0) throw new CaptureError(this.consumed, 'internal: a record the reader sized did not parse');
      this.consumed += used;
      // What parse leaves is a header still incomplete (no frame came from it) or nothing; a copy
      // keeps it at the start of a buffer of its own either way.
      this.buf = used === this.buf.length ? EMPTY : Buffer.from(this.buf.subarray(used));
    }
    if (pos === chunk.length) return out;
    const rest = chunk.subarray(pos);
    const used = this.parse(rest, out);
    this.consumed += used;
    if (used === rest.length) {
      this.buf = EMPTY;
    } else {
      this.cur ^= 1;
      const c = this.carryOf(this.cur, rest.length - used, EMPTY);
      rest.copy(c, 0, used);
      this.buf = c.subarray(0, rest.length - used);
    }
    return out;
  }

  /** Carry buffer i with room for n bytes, keeping `keep` (which may live in it) at its start. */
  private carryOf(i: number, n: number, keep: Buffer): Buffer {
    let c = this.carry[i]!;
    if (c.length < n) {
      c = Buffer.allocUnsafe(Math.max(n, 2 * c.length));
      keep.copy(c, 0);
      this.carry[i] = c;
    } else if (keep.length > 0 && keep.buffer !== c.buffer) {
      keep.copy(c, 0);
    }
    return c;
  }

  /** Reads the whole records at the start of b; returns the bytes they take. */
  private parse(b: Buffer, out: Frame[]): number {
    if (this.format === undefined) {
      if (b.length < 4) return 0;
      this.format = detectFormat(b);
      if (this.format === undefined) throw new CaptureError(0, 'not a pcap or pcapng file (unknown magic number)');
    }
    return this.format === 'pcap' ? this.pcap(b, out) : this.pcapng(b, out);
  }

  /**
   * Bytes the first record of b takes (the header's size while the header is incomplete). A length
   * that parse will refuse gives b.length, so parse runs and says what is wrong.
   */
  private wanted(b: Buffer): number {
    if (b.length < 4) return 4;
    const format = this.format ?? detectFormat(b);
    if (format === undefined) return b.length;
    if (format === 'pcap') {
      if (this.consumed === 0) return 24;
      if (b.length < 16) return 16;
      const incl = this.u32(b, 8);
      return incl > MAX_RECORD ? b.length : 16 + incl;
    }
    if (b.length < 12) return 12;
    let le = this.le;
    if (b.readUInt32BE(0) === SHB) {
      const bom = b.readUInt32BE(8);
      if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) return b.length;
      le = bom === 0x4d3c2b1a;
    }
    const total = le ? b.readUInt32LE(4) : b.readUInt32BE(4);
    return total < 12 || total > MAX_RECORD ? b.length : total;
  }

  /** The input ended: an incomplete record is an error. */
  end(): void {
    const b = this.buf;
    const at = this.consumed;
    if (this.format === undefined) {
      throw new CaptureError(0, b.length === 0 ? 'empty input: not a pcap or pcapng file' : 'not a pcap or pcapng file (unknown magic number)');
    }
    if (b.length === 0) return;
    if (this.format === 'pcap') {
      if (at === 0) throw new CaptureError(0, `pcap file header needs 24 bytes, the file has ${b.length}`);
      if (b.length < 16) throw new CaptureError(at, `packet record header of frame ${this.frames + 1} is cut short`);
      throw new CaptureError(at + 8, `frame ${this.frames + 1} claims ${this.u32(b, 8)} captured bytes, ${b.length - 16} left in the file`);
    }
    if (b.length < 12) throw new CaptureError(at, 'block header is cut short');
    throw new CaptureError(at + 4, `block of ${this.u32(b, 4)} bytes runs past the end of the file`);
  }

  private pcap(b: Buffer, out: Frame[]): number {
    let off = 0;
    if (this.consumed === 0) {
      if (b.length < 24) return 0;
      const magic = b.readUInt32BE(0);
      this.le = !(magic === 0xa1b2c3d4 || magic === 0xa1b23c4d);
      this.nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
      // The link-layer header type is the low 16 bits; the upper bits may carry an FCS length.
      this.linktype = this.u32(b, 20) & 0xffff;
      off = 24;
    }
    while (b.length - off >= 16) {
      const incl = this.u32(b, off + 8);
      if (incl > MAX_RECORD) throw new CaptureError(this.consumed + off + 8, `frame ${this.frames + 1} claims ${incl} captured bytes, more than any capture record`);
      if (b.length - off < 16 + incl) break;
      out.push({
        number: ++this.frames, linktype: this.linktype,
        time: { sec: BigInt(this.u32(b, off)), frac: BigInt(this.u32(b, off + 4)), digits: this.nano ? 9 : 6 },
        data: b.subarray(off + 16, off + 16 + incl),
        origLen: this.u32(b, off + 12),
      });
      off += 16 + incl;
    }
    return off;
  }

  private pcapng(b: Buffer, out: Frame[]): number {
    let off = 0;
    while (b.length - off >= 12) {
      const at = this.consumed + off;
      if (b.readUInt32BE(off) === SHB) {
        const bom = b.readUInt32BE(off + 8);
        if (bom === 0x1a2b3c4d) this.le = false;
        else if (bom === 0x4d3c2b1a) this.le = true;
        else throw new CaptureError(at + 8, `bad byte-order magic 0x${bom.toString(16)} in section header block`);
        this.ifaces = [];
      }
      const type = this.u32(b, off);
      const total = this.u32(b, off + 4);
      if (total < 12 || total % 4 !== 0) throw new CaptureError(at + 4, `block length ${total} is not a multiple of 4 of at least 12`);
      if (total > MAX_RECORD) throw new CaptureError(at + 4, `block length ${total} is more than any capture block`);
      if (b.length - off < total) break;
      this.block(b, off, type, total, at, out);
      off += total;
    }
    return off;
  }

  private block(b: Buffer, off: number, type: number, total: number, at: number, out: Frame[]): void {
    const body = off + 8, end = off + total - 4;
    const abs = (o: number): number => at + (o - off);
    if (type === IDB) {
      if (end - body < 8) throw new CaptureError(at, 'interface description block is too short');
      const iface: Iface = { linktype: this.u16(b, body), snaplen: this.u32(b, body + 4), offset: 0n };
      let o = body + 8;
      while (o + 4 <= end) {
        const code = this.u16(b, o), len = this.u16(b, o + 2);
        if (code === 0 || o + 4 + len > end) break; // a malformed option list ends the options, not the file
        if (code === 9 && len >= 1) {
          const v = b[o + 4]!;
          if (v & 0x80) iface.bin = v & 0x7f;
          else iface.dec = v;
        }
        if (code === 14 && len >= 8) iface.offset = this.le ? b.readBigInt64LE(o + 4) : b.readBigInt64BE(o + 4);
        o += 4 + ((len + 3) & ~3);
      }
      this.ifaces.push(iface);
    } else if (type === EPB || type === PB) {
      if (end - body < 20) throw new CaptureError(at, 'packet block is too short');
      const id = type === EPB ? this.u32(b, body) : this.u16(b, body);
      const iface = this.ifaces[id];
      if (!iface) throw new CaptureError(abs(body), `packet block names interface ${id}, which was not described`);
      const units = (BigInt(this.u32(b, body + 4)) << 32n) | BigInt(this.u32(b, body + 8));
      const cap = this.u32(b, body + 12), orig = this.u32(b, body + 16);
      if (body + 20 + cap > end) throw new CaptureError(abs(body + 12), `captured length ${cap} runs past the end of its block`);
      out.push({ number: ++this.frames, linktype: iface.linktype, time: pcapngTime(iface, units), data: b.subarray(body + 20, body + 20 + cap), origLen: orig });
    } else if (type === SPB) {
      const iface = this.ifaces[0];
      if (!iface) throw new CaptureError(abs(body), 'simple packet block before any interface description');
      const orig = this.u32(b, body);
      let cap = Math.min(orig, end - body - 4);
      if (iface.snaplen > 0) cap = Math.min(cap, iface.snaplen);
      out.push({ number: ++this.frames, linktype: iface.linktype, time: undefined, data: b.subarray(body + 4, body + 4 + cap), origLen: orig });
    }
  }
}
