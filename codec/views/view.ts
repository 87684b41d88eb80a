/**
 * What every message view shares, whatever the version: the bound range and
 * the header getters. The header layout is the same in every OpenFlow version
 * (frame.ts takes it from the schema; each version's view module checks its
 * own schema agrees), so one base class serves 1.0 and 1.3.
 */
import type { DecodeError } from '../schema/errors.js';
import { PLACEHOLDER, checkMessage, viewError, type HeaderOffsets } from './common.js';
import { HEADER } from './frame.js';
import { r32 } from './bytes.js';

const V = HEADER.version, X = HEADER.xid;

export abstract class MessageView {
  buf: Buffer = PLACEHOLDER;
  offset = 0;
  length = 0;
  get version(): number { return this.buf[this.offset + V]!; }
  get xid(): number { return r32(this.buf, this.offset + X); }
  /** Unbind (point at zeros) and hand the error back: a failed bind leaves nothing readable. */
  protected fail(e: DecodeError): DecodeError {
    this.buf = PLACEHOLDER; this.offset = 0; this.length = 0;
    return e;
  }
  protected ok(buf: Buffer, off: number, n: number): null {
    this.buf = buf; this.offset = off; this.length = n;
    return null;
  }
  /** Bind a message of exactly `size` bytes: header, version and type checked, then the length. */
  protected bindExact(buf: Buffer, off: number, len: number, wire: number, type: number, size: number, name: string, H: HeaderOffsets): DecodeError | null {
    const n = checkMessage(buf, off, len, wire, type, size, name, H);
    if (typeof n !== 'number') return this.fail(n);
    if (n !== size) return this.fail(viewError('bad_length', `${name}.length`, off + H.length, `is ${n}, but ${name} is ${size} bytes`));
    return this.ok(buf, off, n);
  }
}
