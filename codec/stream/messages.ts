/**
 * Message streams: concatenated OpenFlow messages (a file, a socket, a pipe)
 * cut at the header lengths and decoded one by one. A message that cannot
 * be decoded but whose header frames it (length >= 8) is reported as an
 * error item and the stream goes on with the next message; only a header
 * that cannot frame anything (length < 8) ends the stream, since nothing
 * after it can be found again with certainty.
 *
 * decodeStream works on one buffer; decodeMessages on an async iterable of
 * chunks (a Readable, `process.stdin`), holding at most one partial message
 * between chunks, so memory stays bounded whatever the input size.
 */
import { decodeMessage, OFP_HEADER_SIZE, type DecodeResult, type Message } from '../message.js';
import type { DecodeError } from '../schema/errors.js';
import { messageView } from '../schema/bytes.js';

const EMPTY = Buffer.alloc(0);

/** One message of a stream: decoded, or why not. */
export interface StreamItem {
  /** 1-based position in the stream. */
  readonly index: number;
  /** Byte offset of the message in the stream. */
  readonly offset: number;
  /** The message's bytes (a view: copy them to keep them past the next item). */
  readonly bytes: Buffer;
  /** Error offsets count from the start of the stream. */
  readonly result: DecodeResult;
}

/** Moves an error's offset (and the offset in its text) from message-relative to stream-relative. */
export function shiftError(e: DecodeError, by: number): DecodeError {
  if (by === 0) return e;
  const offset = e.offset + by;
  return { ...e, offset, message: e.message.replace(` at offset ${e.offset}`, ` at offset ${offset}`) };
}

function item(index: number, offset: number, bytes: Buffer): StreamItem {
  const r = decodeMessage(bytes);
  return { index, offset, bytes, result: r.ok ? r : { ok: false, error: shiftError(r.error, offset), size: r.size } };
}

/**
 * Decode a buffer of concatenated messages, going on after a message that
 * fails (its error is in `errors`, in stream order with the messages).
 * Stops at a header whose length is under 8, and at a message the buffer
 * ends inside (both reported in `errors`). `error` is the first error.
 */
export function decodeStream(buf: Buffer): {
  messages: { offset: number; index: number; value: Message }[];
  errors: { offset: number; index: number; error: DecodeError }[];
  error?: DecodeError;
} {
  const messages: { offset: number; index: number; value: Message }[] = [];
  const errors: { offset: number; index: number; error: DecodeError }[] = [];
  let off = 0;
  let index = 0;
  while (off < buf.length) {
    index++;
    const len = buf.length - off >= 4 ? buf.readUInt16BE(off + 2) : 0;
    const framed = len >= OFP_HEADER_SIZE && off + len <= buf.length;
    const it = item(index, off, messageView(buf, off, framed ? off + len : buf.length));
    if (it.result.ok) messages.push({ offset: off, index, value: it.result.value });
    else errors.push({ offset: off, index, error: it.result.error });
    if (!framed) break;
    off += len;
  }
  return { messages, errors, ...(errors.length ? { error: errors[0]!.error } : {}) };
}

/**
 * Cuts a byte stream into messages at their header lengths as its chunks
 * arrive, without decoding them (decodeMessages decodes each; `nodeflow
 * decode` writes its JSON straight from the bytes). Holds at most one
 * partial message between chunks, copied, so a chunk's buffer may be reused
 * once push returns; only a message that spans two chunks is copied whole.
 */
export class MessageFramer {
  private tail: Buffer = EMPTY;
  private base = 0; // stream offset of tail[0]
  private index = 0;
  /** A header with a length under 8 ended the stream: nothing after it is framed. */
  broken = false;

  /**
   * Calls `each(index, offset, bytes)` (1-based index, stream offset, a view of the message's
   * bytes, valid during the call) for every message this chunk completes, in order. A header
   * with a length under 8 is passed as its 8 bytes and ends the stream.
   */
  push(c: Buffer, each: (index: number, offset: number, bytes: Buffer) => void): void {
    if (this.broken) return;
    if (this.tail.length > 0) {
      // A message that spans two chunks: completed with just the bytes it lacks (its header
      // first), and the rest of the chunk is read in place.
      let tail = this.tail;
      for (;;) {
        const need = tail.length < OFP_HEADER_SIZE ? OFP_HEADER_SIZE : Math.max(tail.readUInt16BE(2), OFP_HEADER_SIZE);
        const take = Math.min(need - tail.length, c.length);
        if (take > 0) {
          tail = Buffer.concat([tail, c.subarray(0, take)]);
          c = c.subarray(take);
        }
        if (tail.length < need) {
          this.tail = tail; // the chunk ran out first
          return;
        }
        if (tail.length === OFP_HEADER_SIZE && tail.readUInt16BE(2) > OFP_HEADER_SIZE) continue; // now the body
        break;
      }
      const len = tail.readUInt16BE(2);
      this.tail = EMPTY;
      if (len < OFP_HEADER_SIZE) {
        this.broken = true;
        each(++this.index, this.base, tail.subarray(0, OFP_HEADER_SIZE));
        return;
      }
      each(++this.index, this.base, tail);
      this.base += len;
    }
    let off = 0;
    while (c.length - off >= OFP_HEADER_SIZE) {
      const len = c.readUInt16BE(off + 2);
      if (len < OFP_HEADER_SIZE) {
        this.broken = true;
        each(++this.index, this.base + off, messageView(c, off, off + OFP_HEADER_SIZE));
        return;
      }
      if (c.length - off < len) break;
      each(++this.index, this.base + off, messageView(c, off, off + len));
      off += len;
    }
    // The partial message is copied: the chunk's buffer may be reused by its source.
    this.tail = off === c.length ? EMPTY : Buffer.from(c.subarray(off));
    this.base += off;
  }

  /** The input ended: a partial message left over is passed to `each` (it will not decode). */
  end(each: (index: number, offset: number, bytes: Buffer) => void): void {
    if (this.broken || this.tail.length === 0) return;
    const t = this.tail;
    this.tail = EMPTY;
    each(++this.index, this.base, t);
  }
}

/**
 * Decode the messages of a byte stream as its chunks arrive. Yields one item
 * per message (decoded or not), in order; the last item is an error when the
 * stream ends inside a message or at a header with a length under 8.
 */
export async function* decodeMessages(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamItem, void, undefined> {
  const framer = new MessageFramer();
  const ready: StreamItem[] = [];
  const each = (index: number, offset: number, bytes: Buffer): void => {
    ready.push(item(index, offset, bytes));
  };
  for await (const chunk of source) {
    framer.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), each);
    for (const it of ready) yield it;
    ready.length = 0;
    if (framer.broken) return;
  }
  framer.end(each);
  for (const it of ready) yield it;
}
