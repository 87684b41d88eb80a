/**
 * Capture file readers: classic pcap (either byte order, microsecond or
 * nanosecond timestamps) and pcapng (section header, interface description,
 * enhanced/simple/obsolete packet blocks; every other block is skipped).
 * Frames are numbered from 1 in file order, as Wireshark numbers them.
 * Malformed files raise CaptureError with the byte offset of the problem.
 * The parsing itself is reader.ts (incremental, for streams).
 */
import { CaptureReader } from './reader.js';


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

export function readCapture(buf: Buffer): { format: CaptureFormat; frames: Frame[] } {
  const r = new CaptureReader();
  const frames = r.push(buf);
  r.end();
  return { format: r.format!, frames };
}
