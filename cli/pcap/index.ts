/**
 * OpenFlow messages out of a packet capture: read the file, keep TCP segments
 * to or from the OpenFlow ports, reassemble each direction and decode every
 * whole message. Each message is reported with the frame whose bytes
 * completed it, that frame's timestamp and the direction.
 */
import { decodeMessage, OFP_HEADER_SIZE, type DecodeResult } from '../../codec/index.js';
import { readCapture, formatTime, type CaptureFormat } from './capture.js';
import { parseFrame, endpoint } from './packet.js';
import { TcpStream } from './reassembly.js';

export { CaptureError, readCapture, formatTime, detectFormat } from './capture.js';
export type { Frame, Timestamp, CaptureFormat } from './capture.js';
export { parseFrame, endpoint } from './packet.js';
export type { TcpSegment } from './packet.js';
export { TcpStream } from './reassembly.js';

export const DEFAULT_PORTS: readonly number[] = [6653, 6633];

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
  /** Problems that lost data: gaps never filled, bytes left over, frames cut short. */
  readonly warnings: string[];
}

class Direction {
  readonly tcp = new TcpStream();
  /** Undelivered bytes that do not yet form a whole message. */
  pending: Buffer = Buffer.alloc(0);
  /** Stream offset of pending[0]. */
  base = 0;
  /** Framing broke (a length under 8): nothing after it can be trusted. */
  broken = false;
  constructor(readonly src: string, readonly dst: string) {}
}

/**
 * Decodes every OpenFlow message in a capture, calling `each` in frame
 * order. Throws CaptureError only for a malformed capture file.
 */
export function decodeCapture(file: Buffer, ports: readonly number[], each: (m: PcapMessage) => void): PcapSummary {
  const { format, frames } = readCapture(file);
  const portSet = new Set(ports);
  const dirs = new Map<string, Direction>();
  const warnings: string[] = [];
  let segments = 0;
  for (const f of frames) {
    const p = parseFrame(f.linktype, f.data, f.origLen);
    if (!p.ok) continue;
    const s = p.seg;
    if (!portSet.has(s.srcPort) && !portSet.has(s.dstPort)) continue;
    segments++;
    const src = endpoint(s.src, s.srcPort), dst = endpoint(s.dst, s.dstPort);
    const key = `${src}>${dst}`;
    let d = dirs.get(key);
    if (s.syn && d && d.tcp.delivered > 0) {
      finish(d, warnings); // the 4-tuple was reused by a new connection
      d = undefined;
    }
    if (!d) dirs.set(key, (d = new Direction(src, dst)));
    if (s.cut) {
      warnings.push(`frame ${f.number} (${src} → ${dst}): the capture cut the segment short (snap length); its bytes are lost`);
      d.tcp.push(s.seq, s.syn, s.fin, Buffer.alloc(0));
      continue;
    }
    const chunks = d.tcp.push(s.seq, s.syn, s.fin, s.payload);
    if (chunks.length === 0 || d.broken) continue;
    d.pending = d.pending.length === 0 && chunks.length === 1 ? chunks[0]! : Buffer.concat([d.pending, ...chunks]);
    const time = f.time ? formatTime(f.time) : undefined;
    let off = 0;
    while (d.pending.length - off >= OFP_HEADER_SIZE) {
      const len = d.pending.readUInt16BE(off + 2);
      const meta: PcapMeta = { frame: f.number, ...(time !== undefined ? { time } : {}), src, dst, offset: d.base + off };
      if (len < OFP_HEADER_SIZE) {
        const bytes = d.pending.subarray(off, off + OFP_HEADER_SIZE);
        each({ meta, result: decodeMessage(bytes), bytes });
        d.broken = true;
        break;
      }
      if (d.pending.length - off < len) break;
      const bytes = d.pending.subarray(off, off + len);
      each({ meta, result: decodeMessage(bytes), bytes });
      off += len;
    }
    d.pending = d.pending.subarray(off);
    d.base += off;
  }
  for (const d of dirs.values()) finish(d, warnings);
  return { format, frames: frames.length, segments, streams: dirs.size, warnings };
}

function finish(d: Direction, warnings: string[]): void {
  const where = `${d.src} → ${d.dst}`;
  if (d.broken) warnings.push(`${where}: stopped at stream offset ${d.base}: a message length under 8 breaks the framing`);
  else if (d.pending.length > 0) warnings.push(`${where}: ${d.pending.length} bytes at stream offset ${d.base} do not make a whole message`);
  if (d.tcp.heldBytes > 0) warnings.push(`${where}: a gap in the capture after stream offset ${d.tcp.delivered}: ${d.tcp.heldBytes} later bytes were not decoded`);
}
