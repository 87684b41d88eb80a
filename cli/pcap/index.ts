/**
 * OpenFlow messages out of a packet capture: read the capture (whole, or as
 * a stream of chunks), keep TCP segments to or from the OpenFlow ports,
 * reassemble each direction and decode every whole message. Each message is
 * reported with the frame whose bytes completed it, that frame's timestamp
 * and the direction.
 *
 * A message that fails to decode is reported and the direction goes on
 * with the next one (its header frames it). Where the capture lost bytes (a
 * gap, a segment cut by the snap length) the direction goes on at the next
 * message boundary found with confidence: the end of the damaged message
 * when its header was captured, else the first offset where two headers in a
 * row look right (known version, known type, sane length). What was skipped
 * is said in the warnings.
 */
import { decodeMessage, OFP_HEADER_SIZE, schemaFor, type DecodeResult } from '../../codec/index.js';
import { formatTime, type CaptureFormat, type Frame } from './capture.js';
import { CaptureReader } from './reader.js';
import { parseFrame, endpoint } from './packet.js';
import { TcpStream, type StreamPiece } from './reassembly.js';

export { CaptureError, readCapture, formatTime, detectFormat } from './capture.js';
export type { Frame, Timestamp, CaptureFormat } from './capture.js';
export { CaptureReader } from './reader.js';
export { parseFrame, endpoint } from './packet.js';
export type { TcpSegment } from './packet.js';
export { TcpStream, HOLD_LIMIT, type Gap, type StreamPiece } from './reassembly.js';

export const DEFAULT_PORTS: readonly number[] = [6653, 6633];

/** A direction as `fast` sees it: the same object for all its messages, with a slot for the caller's cached text. */
export interface FastFrom { readonly src: string; readonly dst: string; text: Uint8Array | undefined }
/** See CaptureDecoder's constructor. */
export type FastMessage = (buf: Buffer, start: number, end: number, frame: number, time: string | undefined, from: FastFrom, offset: number) => boolean;

/** Where a message came from in the capture. */
export interface PcapMeta {
  /** Frame (1-based) whose segment completed the message. */
  readonly frame: number;
  /** ISO-8601 UTC with the capture's precision; absent for pcapng simple packet blocks. */
  readonly time?: string;
  /** `ip:port` of the sender and the receiver. */
  readonly src: string;
  readonly dst: string;
  /** Byte offset of the message in its direction's reassembled stream. */
  readonly offset: number;
}

export interface PcapMessage {
  /** 1-based position among the messages of the capture (all directions). */
  readonly index: number;
  readonly meta: PcapMeta;
  /** Decoder's result for the message's bytes (offsets in errors are relative to the message start). */
  readonly result: DecodeResult;
  readonly bytes: Buffer;
}

export interface PcapSummary {
  readonly format: CaptureFormat;
  readonly frames: number;
  /** Frames that carried TCP on an OpenFlow port. */
  readonly segments: number;
  readonly streams: number;
  /** Gaps (lost or cut bytes) the decoder had to step over. */
  readonly gaps: number;
  /** Problems that lost data: gaps and what was skipped after them, bytes left over. */
  readonly warnings: string[];
}

const EMPTY = Buffer.alloc(0);
/** Frames after a FIN or RST during which a gap of that direction may still fill. */
const CLOSE_GRACE = 1000;

/** A header that looks like the start of a message of this direction. */
function plausible(b: Buffer, at: number, version: number | undefined): boolean {
  const v = b[at]!;
  if (version !== undefined ? v !== version : schemaFor(v) === undefined) return false;
  const len = (b[at + 2]! << 8) | b[at + 3]!;
  return len >= OFP_HEADER_SIZE && schemaFor(v)!.message.variants.has(b[at + 1]!);
}

class Direction {
  readonly tcp = new TcpStream();
  /** Bytes after the last message boundary (at most one message). */
  pending: Buffer = Buffer.alloc(0);
  /** Stream offset of pending[0]. */
  base = 0;
  /** Bytes still to drop to reach the end of a message damaged by a gap. */
  skip = 0;
  /** After a gap: looking for the next message boundary. */
  resync = false;
  /** Stream offset where the current resync began. */
  resyncFrom = 0;
  /** Framing broke (a length under 8): nothing after it can be trusted. */
  broken = false;
  /** Saw FIN or RST. */
  closing = false;
  /** Wire version of the messages seen so far (for resynchronising). */
  version: number | undefined;
  readonly where: string;
  /** Text the `fast` hook caches for this direction. */
  text: Uint8Array | undefined = undefined;
  constructor(readonly src: string, readonly dst: string) {
    this.where = `${src} → ${dst}`;
  }
}

/** The per-frame work of decodeCapture and decodePcapStream. */
export class CaptureDecoder {
  private readonly ports: Set<number>;
  private readonly dirs = new Map<string, Direction>();
  readonly warnings: string[] = [];
  segments = 0;
  gaps = 0;
  private index = 0;
  /** Directions that saw FIN or RST, oldest first. */
  private readonly closing: { d: Direction; at: number }[] = [];
  private lastFrame = 0;
  private lastTime: string | undefined;

  /**
   * `fast`, when given, is offered every whole message first (its bytes in buf[start, end), with
   * where it came from); when it takes the message (true), `each` is not called for it. `nodeflow
   * decode` writes JSON text straight from the bytes this way, without a value or a meta object.
   */
  constructor(ports: readonly number[], private readonly each: (m: PcapMessage) => void, private readonly fast?: FastMessage) {
    this.ports = new Set(ports);
  }

  frame(f: Frame): void {
    const p = parseFrame(f.linktype, f.data, f.origLen);
    if (!p.ok) return;
    const s = p.seg;
    if (!this.ports.has(s.srcPort) && !this.ports.has(s.dstPort)) return;
    this.segments++;
    const src = endpoint(s.src, s.srcPort), dst = endpoint(s.dst, s.dstPort);
    const key = `${src}>${dst}`;
    let d = this.dirs.get(key);
    if (s.syn && d && d.tcp.delivered > 0) {
      this.finishDirection(d); // the 4-tuple was reused by a new connection
      d = undefined;
    }
    if (!d) this.dirs.set(key, (d = new Direction(src, dst)));
    this.lastFrame = f.number;
    this.lastTime = f.time ? formatTime(f.time) : undefined;
    if (s.cut) this.warnings.push(`frame ${f.number} (${d.where}): the capture cut the segment short (snap length): ${s.wireLength - s.payload.length} of its ${s.wireLength} bytes are lost`);
    this.pieces(d, d.tcp.push(s.seq, s.syn, s.fin, s.payload, s.wireLength), false);
    // After FIN or RST the sender sends nothing new, but segments before it may still arrive out of
    // order (or be retransmitted): a gap still open CLOSE_GRACE frames later never fills, so what
    // waits behind it is decoded then rather than held to the end of the capture.
    if ((s.fin || s.rst) && !d.closing) {
      d.closing = true;
      this.closing.push({ d, at: f.number });
    }
    while (this.closing.length > 0 && f.number - this.closing[0]!.at > CLOSE_GRACE) {
      const c = this.closing.shift()!.d;
      if (c.tcp.heldBytes > 0) this.pieces(c, c.tcp.flush(), false);
    }
  }

  /** The capture ended: step over the gaps still open and decode what was behind them. */
  finish(format: CaptureFormat, frames: number): PcapSummary {
    for (const d of this.dirs.values()) this.finishDirection(d);
    return { format, frames, segments: this.segments, streams: this.dirs.size, gaps: this.gaps, warnings: this.warnings };
  }

  private finishDirection(d: Direction): void {
    this.pieces(d, d.tcp.flush(), true);
    if (d.broken) this.warnings.push(`${d.where}: stopped at stream offset ${d.base}: a message length under 8 breaks the framing`);
    else if (d.resync) this.warnings.push(`${d.where}: no message boundary found after the gap at stream offset ${d.resyncFrom}: the last ${d.base + d.pending.length - d.resyncFrom} bytes were skipped`);
    else if (d.pending.length > 0) this.warnings.push(`${d.where}: ${d.pending.length} bytes at stream offset ${d.base} do not make a whole message`);
  }

  private pieces(d: Direction, pieces: StreamPiece[], final: boolean): void {
    for (const piece of pieces) {
      if (d.broken) return;
      if (Buffer.isBuffer(piece)) this.bytes(d, piece);
      else this.gap(d, piece.gap);
    }
    if (final && d.resync && !d.broken) this.frameMessages(d, true);
  }

  private bytes(d: Direction, chunk: Buffer): void {
    if (d.skip > 0) {
      const n = Math.min(d.skip, chunk.length);
      d.skip -= n;
      d.base += n;
      chunk = chunk.subarray(n);
      if (chunk.length === 0) return;
    }
    const p = d.pending;
    if (p.length >= 4 && !d.resync) {
      // A message straddles the segments: complete it with just the bytes it lacks, then go on in
      // place (rather than copying the whole segment after the partial message).
      const len = (p[2]! << 8) | p[3]!;
      const need = len - p.length;
      if (len >= OFP_HEADER_SIZE && need > 0 && need < chunk.length) {
        d.pending = Buffer.concat([p, chunk.subarray(0, need)]);
        this.frameMessages(d, false);
        if (d.broken) return;
        chunk = chunk.subarray(need);
      }
    }
    d.pending = d.pending.length === 0 ? chunk : Buffer.concat([d.pending, chunk]);
    this.frameMessages(d, false);
  }

  /** `lost` bytes are missing after what was delivered so far. */
  private gap(d: Direction, lost: number): void {
    this.gaps++;
    const at = d.base + d.pending.length + d.skip;
    this.warnings.push(`${d.where}: a gap in the capture: ${lost} bytes missing at stream offset ${at}`);
    if (d.skip > 0) {
      // Inside a message already being skipped: the gap only shortens what is left of it.
      if (lost <= d.skip) {
        d.skip -= lost;
        d.base += lost;
        return;
      }
      lost -= d.skip;
      d.base += d.skip;
      d.skip = 0;
    }
    if (!d.resync && d.pending.length >= OFP_HEADER_SIZE) {
      const len = d.pending.readUInt16BE(2);
      const end = d.base + len;
      const after = d.base + d.pending.length + lost;
      if (end >= after) {
        // The damaged message's own header says where the next one starts.
        this.warnings.push(`${d.where}: the message at stream offset ${d.base} (${len} bytes) lost bytes in the gap: skipped`);
        d.skip = end - after;
        d.pending = Buffer.alloc(0);
        d.base = after;
        return;
      }
    }
    // The gap took a header with it: look for the next boundary in what follows.
    if (!d.resync) {
      d.resync = true;
      d.resyncFrom = d.base;
    }
    d.base += d.pending.length + lost;
    d.pending = Buffer.alloc(0);
  }

  private frameMessages(d: Direction, final: boolean): void {
    if (d.resync && !this.resync(d, final)) return;
    let off = 0;
    const pend = d.pending;
    while (pend.length - off >= OFP_HEADER_SIZE) {
      const len = pend.readUInt16BE(off + 2);
      if (len >= OFP_HEADER_SIZE && pend.length - off >= len && this.fast !== undefined &&
        this.fast(pend, off, off + len, this.lastFrame, this.lastTime, d, d.base + off)) {
        ++this.index;
        d.version = pend[off];
        off += len;
        continue;
      }
      const meta: PcapMeta = { frame: this.lastFrame, ...(this.lastTime !== undefined ? { time: this.lastTime } : {}), src: d.src, dst: d.dst, offset: d.base + off };
      if (len < OFP_HEADER_SIZE) {
        const bytes = pend.subarray(off, off + OFP_HEADER_SIZE);
        this.each({ index: ++this.index, meta, result: decodeMessage(bytes), bytes });
        d.broken = true;
        break;
      }
      if (pend.length - off < len) break;
      const bytes = pend.subarray(off, off + len);
      const result = decodeMessage(bytes);
      if (result.ok) d.version = bytes[0];
      this.each({ index: ++this.index, meta, result, bytes });
      off += len;
    }
    // The partial message left over is copied: a view would keep its whole capture chunk (a MiB)
    // alive for as long as the direction is quiet, and a finished connection is quiet for good.
    d.pending = off === pend.length ? EMPTY : Buffer.from(pend.subarray(off));
    d.base += off;
  }

  /** Finds the next boundary after a gap; false while more bytes are needed. */
  private resync(d: Direction, final: boolean): boolean {
    const b = d.pending;
    for (let i = 0; i + OFP_HEADER_SIZE <= b.length; i++) {
      if (!plausible(b, i, d.version)) continue;
      const next = i + ((b[i + 2]! << 8) | b[i + 3]!);
      if (next + OFP_HEADER_SIZE <= b.length) {
        if (!plausible(b, next, d.version)) continue;
      } else if (next > b.length) {
        // The candidate message is not all here yet: wait for more bytes to confirm it (at the end: not it).
        if (!final) return this.keepFrom(d, i);
        continue;
      } else if (!final) {
        return this.keepFrom(d, i); // whole, but the header after it is not here yet
      } else if (!decodeMessage(b.subarray(i, next)).ok) {
        continue; // the last message of the capture: it must decode
      }
      this.warnings.push(`${d.where}: resumed at stream offset ${d.base + i} after the gap, ${d.base + i - d.resyncFrom} bytes after the last message boundary (skipped)`);
      d.pending = b.subarray(i);
      d.base += i;
      d.resync = false;
      return true;
    }
    // Nothing yet: keep the last bytes (a header may straddle the next chunk), drop the rest.
    return this.keepFrom(d, Math.max(0, b.length - (OFP_HEADER_SIZE - 1)));
  }

  private keepFrom(d: Direction, i: number): false {
    // Never hold more than one largest message while searching (a copy, as above).
    const from = Math.max(i, d.pending.length - (0xffff + OFP_HEADER_SIZE));
    d.pending = Buffer.from(d.pending.subarray(from));
    d.base += from;
    return false;
  }
}

/**
 * Decodes every OpenFlow message in a capture held in memory, calling `each`
 * in frame order. Throws CaptureError only for a malformed capture file.
 */
export function decodeCapture(file: Buffer, ports: readonly number[], each: (m: PcapMessage) => void): PcapSummary {
  const reader = new CaptureReader();
  const dec = new CaptureDecoder(ports, each);
  for (const f of reader.push(file)) dec.frame(f);
  reader.end();
  return dec.finish(reader.format!, reader.frames);
}

/** Progress of a capture being decoded (for a progress line). */
export interface PcapProgress { bytes: number; frames: number; messages: number }

/**
 * Decodes a capture arriving in chunks (a file read piece by piece, a live
 * `tcpdump -w -` pipe): yields each message as soon as the frame completing
 * it has been read, and returns the summary at the end. Memory is bounded:
 * one incomplete capture record, one incomplete message per direction, and
 * at most HOLD_LIMIT bytes held behind a gap per direction.
 */
export async function* decodePcapStream(
  chunks: AsyncIterable<Uint8Array>, ports: readonly number[], progress?: (p: PcapProgress) => void,
): AsyncGenerator<PcapMessage, PcapSummary, undefined> {
  const reader = new CaptureReader();
  const ready: PcapMessage[] = [];
  const dec = new CaptureDecoder(ports, (m) => ready.push(m));
  let bytes = 0, messages = 0;
  for await (const chunk of chunks) {
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += c.length;
    for (const f of reader.push(c)) {
      dec.frame(f);
      // Message bytes are views into this chunk; they stay valid (chunks are never reused).
      for (const m of ready) yield m;
      messages += ready.length;
      ready.length = 0;
    }
    progress?.({ bytes, frames: reader.frames, messages });
  }
  reader.end();
  const summary = dec.finish(reader.format ?? 'pcap', reader.frames);
  for (const m of ready) yield m;
  return summary;
}
