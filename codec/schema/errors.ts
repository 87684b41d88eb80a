/**
 * Errors are values with a reason: a stable code, where it happened (the
 * struct.field and the absolute byte offset) and the OpenFlow error a
 * controller should send back to the switch. The generic decoder throws
 * CodecError internally; the public API catches it and returns it as a value.
 */
import type { OfErrorCode } from './types.js';

export type DecodeErrorCode =
  | 'truncated' // the input ends before the field does
  | 'bad_length' // a length field is impossible (shorter than the fixed part, not matching a fixed-size struct)
  | 'unknown_type' // a discriminator names no known message/stats body and there is no opaque fallback
  | 'bad_version' // a header version this codec does not speak
  | 'bad_value'; // a value cannot be represented (encode side)

/** OpenFlow error codes used by decode errors; identical in OpenFlow 1.0 and 1.3. */
export const OFPET_BAD_REQUEST = 1;
export const OFPBRC_BAD_VERSION = 0;
export const OFPBRC_BAD_TYPE = 1;
export const OFPBRC_BAD_STAT = 2;
export const OFPBRC_BAD_LEN = 6;
export const OFPET_BAD_ACTION = 2;
export const OFPBAC_BAD_TYPE = 0;
export const OFPBAC_BAD_LEN = 1;

export const BAD_LEN: OfErrorCode = { type: OFPET_BAD_REQUEST, code: OFPBRC_BAD_LEN };
export const BAD_TYPE: OfErrorCode = { type: OFPET_BAD_REQUEST, code: OFPBRC_BAD_TYPE };
export const BAD_VERSION: OfErrorCode = { type: OFPET_BAD_REQUEST, code: OFPBRC_BAD_VERSION };

export interface DecodeError {
  readonly code: DecodeErrorCode;
  /** `struct.field` where decoding stopped. */
  readonly field: string;
  /** Absolute byte offset in the input. */
  readonly offset: number;
  /** Human-readable reason, e.g. `truncated: ofp_flow_mod.actions at offset 72 needs 8 bytes, 4 left`. */
  readonly message: string;
  /** What a controller should answer with (OFPT_ERROR type/code). */
  readonly ofError: OfErrorCode;
}

export class CodecError extends Error implements DecodeError {
  constructor(
    readonly code: DecodeErrorCode,
    readonly field: string,
    readonly offset: number,
    detail: string,
    readonly ofError: OfErrorCode = BAD_LEN,
  ) {
    super(`${code}: ${field} at offset ${offset} ${detail}`);
    this.name = 'CodecError';
  }

  /** A plain, serialisable copy (no stack). */
  toJSON(): DecodeError {
    return { code: this.code, field: this.field, offset: this.offset, message: this.message, ofError: this.ofError };
  }
}

export function truncated(field: string, offset: number, need: number, left: number): CodecError {
  return new CodecError('truncated', field, offset, `needs ${need} bytes, ${Math.max(0, left)} left`);
}
