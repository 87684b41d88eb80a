/**
 * Version-level entry points: frame one OpenFlow message from its header,
 * pick the schema for its wire version and run the generic decoder or
 * encoder. Public functions here never throw on bad input bytes: they return
 * `{ ok: false, error }` with the reason and the OpenFlow error to send back.
 */
import { CodecError, BAD_VERSION, truncated, type DecodeError } from './schema/errors.js';
import { decodeDef } from './schema/decode.js';
import { encodeDef } from './schema/encode.js';
import { GrowBuffer } from './schema/writer.js';
import type { UnionDef, StructDef, EnumDef } from './schema/types.js';
import type { AnyMessage, AnyMessageInput, MessageInputOf } from './types/messages.js';
import { compileJson, type JsonBuild } from './schema/compile/json.js';
import { compileNdjson, type JsonOut, type NdjsonBuild } from './schema/compile/ndjson.js';
import { toJSONValue } from './schema/json.js';
import { compileDecoder, compileEncoder, type CompiledDecoder, type DecoderBuild, type EncoderBuild } from './schema/compile/index.js';
import { copyOut, MAX_MESSAGE } from './schema/compile/encode.js';

export type { AnyMessage, AnyMessageInput, MessageInputOf, MessageOf } from './types/messages.js';
export type * as MessageTypes from './types/messages.js';

/** Everything the codec knows about one wire version. */
export interface VersionSchema {
  /** Wire version byte (0x01 = OpenFlow 1.0, 0x04 = 1.3). */
  readonly wire: number;
  readonly label: string;
  /** Union of every message of the version, keyed by header `type`. */
  readonly message: UnionDef;
  /** Every named struct/union of the version, for tests, docs and views. */
  readonly defs: Readonly<Record<string, StructDef | UnionDef>>;
  readonly enums: Readonly<Record<string, EnumDef>>;
}

export const OFP_HEADER_SIZE = 8;

const schemas = new Map<number, VersionSchema>();
/** Versions described in full (not only for negotiation). */
const full = new Set<number>();

/** Register a version; `partial` ones (negotiation-only) decode but are not listed by supportedVersions(). */
export function registerSchema(s: VersionSchema, partial = false): void {
  schemas.set(s.wire, s);
  compiled.delete(s.wire);
  fastDecode[s.wire] = undefined;
  fastEncode[s.wire] = undefined;
  ndjson[s.wire] = undefined;
  if (partial) full.delete(s.wire);
  else full.add(s.wire);
}

export function schemaFor(wire: number): VersionSchema | undefined {
  return schemas.get(wire);
}

/** Compiled codec of each version, built on first use (a few milliseconds per version). */
interface Compiled { readonly decoder: DecoderBuild; readonly encoder: EncoderBuild; readonly json: JsonBuild }
const compiled = new Map<number, Compiled>();
/** Bytes-to-JSON writers by wire version (writeMessageJSON), built on first use. */
const ndjson: (NdjsonBuild['write'] | undefined)[] = new Array<NdjsonBuild['write'] | undefined>(256).fill(undefined);

/** Compiled encoders by wire version, for encodeMessage's first look. */
const fastEncode: (EncoderBuild | undefined)[] = new Array<EncoderBuild | undefined>(256).fill(undefined);

/** Compiled decoders by wire version, for decodeMessage's first look. */
const fastDecode: (CompiledDecoder | undefined)[] = new Array<CompiledDecoder | undefined>(256).fill(undefined);

/** The compiled decoder and encoder of a registered version (for tests, benchmarks and `--show-code`-style inspection). */
export function compiledFor(wire: number): Compiled | undefined {
  let c = compiled.get(wire);
  if (c) return c;
  const s = schemas.get(wire);
  if (!s) return undefined;
  c = { decoder: compileDecoder(s.message), encoder: compileEncoder(s.message), json: compileJson(s.message) };
  compiled.set(wire, c);
  fastDecode[wire] = c.decoder.decode;
  fastEncode[wire] = c.encoder;
  return c;
}

/** Wire versions the codec describes in full. */
export function supportedVersions(): number[] {
  return [...full].sort((a, b) => a - b);
}

/** Every wire version the codec can decode something of (full and negotiation-only). */
export function knownVersions(): number[] {
  return [...schemas.keys()].sort((a, b) => a - b);
}

/**
 * A decoded message: header fields plus the body's fields, flattened. Its
 * type comes from the schema (codec/types/messages.ts, generated): a union
 * discriminated by `version` and `type`, so `if (m.version === 4 && m.type
 * === 'OFPT_PACKET_IN')` gives typed fields. Other keys read as `unknown`
 * (so code that indexes a message by name keeps compiling).
 */
export type Message = AnyMessage & { readonly [field: string]: unknown };

/**
 * What encodeMessage checks at compile time: an object literal naming a
 * known version and type must be that message's input form (a misspelt
 * field or type name is an error); a value whose version or type is not a
 * literal (JSON, Record<string, unknown>) is checked at run time only.
 */
export type EncodeArg<T> = T extends { version: infer V; type: infer K }
  ? K extends string
    ? string extends K ? T
      : V extends number
        ? number extends V ? T
          : [MessageInputOf<V, K>] extends [never] ? { version: V; type: Extract<AnyMessageInput, { version: V }>['type'] } : MessageInputOf<V, K>
        : T
    : T
  : T;

export type DecodeResult =
  | { ok: true; value: Message; size: number }
  | { ok: false; error: DecodeError; /** bytes to skip to the next message, when the header allowed framing */ size: number };

function fail(e: unknown, size: number): DecodeResult {
  if (e instanceof CodecError) return { ok: false, error: e.toJSON(), size };
  // A schema bug must not escape as an exception either; report it as a decode error.
  const msg = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { code: 'bad_length', field: 'message', offset: 0, message: `internal: ${msg}`, ofError: { type: 1, code: 6 } }, size };
}

/**
 * Decode the message starting at `offset`. `end` bounds the input (defaults
 * to the buffer's end). On a framing failure (fewer than 8 header bytes, a
 * length below 8) `size` is 0; otherwise `size` is the header's length.
 */
export function decodeMessage(buf: Buffer, offset = 0, end = buf.length): DecodeResult {
  if (offset + OFP_HEADER_SIZE <= end) {
    const length = (buf[offset + 2]! << 8) | buf[offset + 3]!;
    const wire = buf[offset]!;
    const dec = fastDecode[wire] ?? (schemas.has(wire) ? compiledFor(wire)!.decoder.decode : undefined);
    if (length >= OFP_HEADER_SIZE && dec !== undefined) {
      try {
        // The compiled decoder's straight-line path. Anything it does not take
        // (bad input, a rare form) goes to the interpreter below, whose error
        // then names the field and offset.
        return { ok: true, value: dec(buf, offset, offset + length < end ? offset + length : end) as Message, size: length };
      } catch {
        // fall through
      }
    }
  }
  return decodeMessageInterpreted(buf, offset, end);
}

const scratch = new GrowBuffer(4096, true);

/** The compiled encoder of a message value's version; a bad_version error when there is none. */
function encoderOf(value: Record<string, unknown>): EncoderBuild {
  const v = value['version'];
  const enc = typeof v === 'number' && v >= 0 && v < 256 ? (fastEncode[v] ?? (schemas.has(v) ? compiledFor(v)!.encoder : undefined)) : undefined;
  if (enc === undefined) throw new CodecError('bad_version', 'message.version', 0, `is ${String(v)}, not one of ${knownVersions().join(', ')}`, BAD_VERSION);
  return enc;
}

/** The interpreter's bytes for a value the compiled path did not take (or its error), in the shared scratch buffer. */
function interpretInScratch(value: Record<string, unknown>): void {
  scratch.pos = 0;
  encodeDef(schemas.get(value['version'] as number)!.message, value, scratch, 'message');
}

/**
 * Encode a message value (from decodeMessage or the JSON form). Throws CodecError on a bad value.
 * The compiled encoder writes the message in one pass into a reused scratch buffer; the result is
 * one allocation of its exact size and a copy. With a caller's GrowBuffer the message is appended
 * to it and a copy of its bytes returned.
 */
export function encodeMessage<const T>(value: EncodeArg<T>, given?: GrowBuffer): Buffer;
export function encodeMessage(value: Record<string, unknown>, given?: GrowBuffer): Buffer {
  const enc = encoderOf(value);
  if (given === undefined) {
    let n = -1;
    try {
      n = enc.toScratch(value);
    } catch {
      // Off the compiled path (an error, or a spelling it leaves to the interpreter): the interpreter decides.
    }
    if (n >= 0) return copyOut(n);
    interpretInScratch(value);
    return scratch.result();
  }
  const start = given.pos;
  try {
    enc.encode(value, given);
  } catch {
    given.pos = start;
    encodeDef(schemas.get(value['version'] as number)!.message, value, given, 'message');
  }
  return Buffer.from(given.buf.subarray(start, given.pos));
}

/**
 * Encode a message value into `buf` at `offset` (a tool's own output buffer: no allocation at
 * all on the compiled path) and return the number of bytes written. Throws CodecError on a bad
 * value (as encodeMessage does; bytes from `offset` on may then have been overwritten) and a
 * RangeError, having written nothing, when the message does not fit in buf[offset, buf.length).
 * With room for any message (64 KiB) the compiled encoder writes straight into buf; with less, it
 * writes into its scratch buffer and the bytes are copied when they fit.
 */
export function encodeMessageInto(value: Record<string, unknown>, buf: Buffer, offset = 0): number {
  const enc = encoderOf(value);
  if (!(Number.isInteger(offset) && offset >= 0 && offset <= buf.length)) throw new RangeError(`offset ${offset} is outside the buffer (${buf.length} bytes)`);
  if (buf.length - offset >= MAX_MESSAGE) {
    try {
      const e = enc.write(value, buf, offset);
      if (e - offset <= MAX_MESSAGE) return e - offset;
    } catch {
      // the interpreter decides below
    }
  } else {
    let n = -1;
    try {
      n = enc.toScratch(value);
    } catch {
      // the interpreter decides below
    }
    if (n >= 0) {
      if (offset + n > buf.length) throw new RangeError(`the message needs ${n} bytes, ${buf.length - offset} left in the buffer`);
      enc.scratch.copy(buf, offset, 0, n);
      return n;
    }
  }
  interpretInScratch(value);
  if (offset + scratch.pos > buf.length) throw new RangeError(`the message needs ${scratch.pos} bytes, ${buf.length - offset} left in the buffer`);
  scratch.buf.copy(buf, offset, 0, scratch.pos);
  return scratch.pos;
}

/**
 * The JSON form of a decoded message as one line of text (what `nodeflow
 * decode` prints): the same text as JSON.stringify(toJSONValue(m)), written
 * by code compiled from the schema.
 */
export function messageToJSON(m: Record<string, unknown>): string {
  const v = m['version'];
  const c = typeof v === 'number' && schemas.has(v) ? (compiled.get(v) ?? compiledFor(v)!) : undefined;
  return c ? c.json.toJSON(m) : JSON.stringify(toJSONValue(m));
}

/**
 * The JSON text of the whole message in buf[start, end) (end: where its
 * header's length says it ends), written as UTF-8 at out.pos straight from
 * the bytes: the text of messageToJSON(decodeMessage(...).value) without the
 * value. False (out.pos unchanged) when the message needs the value path:
 * a decode error, a version without a schema, a form the generated code
 * leaves to the interpreter.
 */
export function writeMessageJSON(buf: Buffer, start: number, end: number, out: JsonOut): boolean {
  if (start + OFP_HEADER_SIZE > end || ((buf[start + 2]! << 8) | buf[start + 3]!) !== end - start) return false;
  const wire = buf[start]!;
  let w = ndjson[wire];
  if (w === undefined) {
    const s = schemas.get(wire);
    if (!s) return false;
    w = ndjson[wire] = compileNdjson(s.message).write;
  }
  const p0 = out.pos;
  try {
    w(buf, start, end, out);
    return true;
  } catch {
    out.pos = p0;
    return false;
  }
}

/** The interpreter alone (the reference the compiled path is tested against). */
export function decodeMessageInterpreted(buf: Buffer, offset = 0, end = buf.length): DecodeResult {
  try {
    if (offset + OFP_HEADER_SIZE > end) throw truncated('ofp_header', offset, OFP_HEADER_SIZE, end - offset);
    const length = buf.readUInt16BE(offset + 2);
    if (length < OFP_HEADER_SIZE) {
      throw new CodecError('bad_length', 'ofp_header.length', offset + 2, `is ${length}, less than the 8-byte header`);
    }
    const s = schemas.get(buf[offset]!);
    if (!s) {
      return fail(new CodecError('bad_version', 'ofp_header.version', offset, `is ${buf[offset]}, not one of ${knownVersions().join(', ')}`, BAD_VERSION), length);
    }
    try {
      const d = decodeDef(s.message, buf, offset, Math.min(end, offset + length));
      return { ok: true, value: d.value as Message, size: length };
    } catch (e) {
      return fail(e, length);
    }
  } catch (e) {
    return fail(e, 0);
  }
}

/** The interpreter alone, for encoding. Throws CodecError on a bad value. */
export function encodeMessageInterpreted(value: Record<string, unknown>, w: GrowBuffer = new GrowBuffer()): Buffer {
  const v = value['version'];
  const s = schemas.get(typeof v === 'number' ? v : NaN);
  if (!s) throw new CodecError('bad_version', 'message.version', 0, `is ${String(v)}, not one of ${knownVersions().join(', ')}`, BAD_VERSION);
  const start = w.pos;
  encodeDef(s.message, value, w, 'message');
  return Buffer.from(w.buf.subarray(start, w.pos));
}

/** Non-throwing variant of encodeMessage. */
export function tryEncodeMessage(value: Record<string, unknown>): { ok: true; bytes: Buffer } | { ok: false; error: DecodeError } {
  try {
    return { ok: true, bytes: encodeMessage(value) };
  } catch (e) {
    if (e instanceof CodecError) return { ok: false, error: e.toJSON() };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'bad_value', field: 'message', offset: 0, message: `bad_value: ${msg}`, ofError: { type: 1, code: 6 } } };
  }
}
