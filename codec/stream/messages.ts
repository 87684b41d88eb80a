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
    const it = item(index, off, buf.subarray(off, framed ? off + len : buf.length));
    if (it.result.ok) messages.push({ offset: off, index, value: it.result.value });
    else errors.push({ offset: off, index, error: it.result.error });
    if (!framed) break;
    off += len;
  }
  return { messages, errors, ...(errors.length ? { error: errors[0]!.error } : {}) };
}

/**
 * Decode the messages of a byte stream as its chunks arrive. Yields one item
 * per message (decoded or not), in order; the last item is an error when the
 * stream ends inside a message or at a header with a length under 8.
 */
export async function* decodeMessages(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamItem, void, undefined> {
  let tail: Buffer = EMPTY;
  let base = 0; // stream offset of tail[0]
  let index = 0;
  for await (const chunk of source) {
    let c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (tail.length > 0) {
      // A message that spans two chunks: completed with just the bytes it lacks (its header first),
      // and the rest of the chunk is read in place.
      const need = tail.length < OFP_HEADER_SIZE ? OFP_HEADER_SIZE : Math.max(tail.readUInt16BE(2), OFP_HEADER_SIZE);
      const take = Math.min(need - tail.length, c.length);
      tail = Buffer.concat([tail, c.subarray(0, take)]);
      c = c.subarray(take);
      if (tail.length < need) continue; // the chunk ran out first
      if (tail.length === OFP_HEADER_SIZE && tail.readUInt16BE(2) > OFP_HEADER_SIZE) {
        // Only the header was complete: now the rest of the message.
        const len = tail.readUInt16BE(2);
        const more = Math.min(len - tail.length, c.length);
        tail = Buffer.concat([tail, c.subarray(0, more)]);
        c = c.subarray(more);
        if (tail.length < len) continue;
      }
      const len = tail.readUInt16BE(2);
      if (len < OFP_HEADER_SIZE) {
        yield item(++index, base, tail.subarray(0, OFP_HEADER_SIZE));
        return;
      }
      yield item(++index, base, tail);
      base += len;
      tail = EMPTY;
    }
    let off = 0;
    while (c.length - off >= OFP_HEADER_SIZE) {
      const len = c.readUInt16BE(off + 2);
      if (len < OFP_HEADER_SIZE) {
        yield item(++index, base + off, c.subarray(off, off + OFP_HEADER_SIZE));
        return;
      }
      if (c.length - off < len) break;
      yield item(++index, base + off, c.subarray(off, off + len));
      off += len;
    }
    // The partial message is copied: the chunk's buffer may be reused by its source.
    tail = off === c.length ? EMPTY : Buffer.from(c.subarray(off));
    base += off;
  }
  if (tail.length > 0) yield item(++index, base, tail);
}
