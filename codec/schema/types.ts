/**
 * The schema language. An OpenFlow version is described once as a set of
 * definitions built from these few member kinds (the loxigen/OVS idea): plain
 * fields, padding, length fields that cover other members, nested structs,
 * lists of elements (TLVs or fixed records), and rest-of-struct bytes. A union
 * picks one of several structs by a discriminator field (message `type`,
 * action `type`, stats `type`, vendor id...).
 *
 * From a definition come its static layout (offsets, sizes), the generic
 * decoder and encoder (decode.ts, encode.ts) and the JSON form (json.ts);
 * the hot-path views and writers read their offsets from the same layouts.
 */

/** Scalar wire types. */
export type ScalarType = 'u8' | 'u16' | 'u32' | 'u64' | 'mac' | 'ipv4' | 'ipv6' | 'bytes' | 'string';

/** A named set of numeric codes. Unknown codes stay numbers: they are data, not errors. */
export interface EnumDef {
  readonly name: string;
  readonly byValue: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
}

export interface ScalarMember {
  readonly kind: 'scalar';
  readonly name: string;
  readonly type: ScalarType;
  readonly size: number;
  /** Decode known codes to their names (numbers otherwise). */
  readonly enum?: EnumDef;
  /** An enum chosen by the value of an earlier sibling field (error `code` by error `type`). */
  readonly enumBy?: { readonly field: string; readonly enums: ReadonlyMap<number, EnumDef> };
  /** The value this field must have in this struct (a discriminator such as `type == 10`). */
  readonly fixed?: number;
  /**
   * The value the encoder writes when the field is left out: the spec's
   * default (cookie 0, buffer_id NO_BUFFER, priority 0x8000...). Decoding
   * ignores it. Without a default (or `fixed`), a missing field is an error.
   */
  readonly default?: number | bigint | string;
  readonly doc?: string;
}

export interface PadMember { readonly kind: 'pad'; readonly size: number }

/**
 * A length field. `of: 'self'` covers the whole enclosing struct (message
 * length, action len); otherwise it is the byte length of the named later
 * list/rest member (`actions_len`).
 */
export interface LengthMember {
  readonly kind: 'length';
  readonly name: string;
  readonly type: 'u8' | 'u16' | 'u32';
  readonly size: number;
  readonly of: string;
}

/**
 * A count field: the number of elements of a later list member (`of`), not
 * their bytes (Nicira bundle's `n_members`). Decoding reads exactly that many
 * elements; encoding writes the list's length (a given value is ignored, as
 * for length fields).
 */
export interface CountMember {
  readonly kind: 'count';
  readonly name: string;
  readonly type: 'u8' | 'u16' | 'u32';
  readonly size: number;
  readonly of: string;
}

export interface StructMember { readonly kind: 'struct'; readonly name: string; readonly def: Def }

export interface ListMember {
  readonly kind: 'list';
  readonly name: string;
  /** Element definition, or a scalar type for arrays of plain values. */
  readonly of: Def | ScalarMember;
  /** A fixed element count (e.g. `uint32_t actions[4]`); otherwise the list fills its region. */
  readonly count?: number;
}

export interface RestMember { readonly kind: 'rest'; readonly name: string }

/** Zero padding to a multiple of `to` bytes from the struct start: as the last member not counted in its self length; mid-struct, part of the struct (see define.ts `align`). */
export interface AlignMember { readonly kind: 'align'; readonly to: number; readonly counted?: boolean }

export type Member = ScalarMember | PadMember | LengthMember | CountMember | StructMember | ListMember | RestMember | AlignMember;

export interface StructDef {
  readonly kind: 'struct';
  readonly name: string;
  readonly members: readonly Member[];
  /** Layout of the static prefix (every member before the first variable-size one). */
  readonly layout: StructLayout;
  /** The OpenFlow error for an impossible self length (default OFPET_BAD_REQUEST/OFPBRC_BAD_LEN; actions use OFPET_BAD_ACTION/OFPBAC_BAD_LEN). */
  readonly lengthError?: OfErrorCode;
  /**
   * Encode-side normalisation run before the members are written: derives
   * fields from a friendlier form (the 1.0 match's `wildcards` from the
   * fields given). It returns a new value and may throw CodecError.
   */
  readonly encodePrepare?: (value: Record<string, unknown>, path: string, at: number) => Record<string, unknown>;
}

export interface StructLayout {
  /** Byte offset of every member whose position does not depend on the data. */
  readonly offsets: Readonly<Record<string, number>>;
  /** Size of every fixed-size member at a static offset. */
  readonly sizes: Readonly<Record<string, number>>;
  /** Size of the static prefix: the whole struct when `fixed`. */
  readonly size: number;
  /** True when the struct has no variable-size member. */
  readonly fixed: boolean;
  /** Offset and width of the length field covering the struct itself, if any. */
  readonly selfLength?: { readonly offset: number; readonly size: number };
  /** Trailing alignment (after the self-length region). */
  readonly align?: number;
}

export interface UnionDef {
  readonly kind: 'union';
  readonly name: string;
  /** The discriminator field, located by the layout of `base`. */
  readonly tag: string;
  readonly tagOffset: number;
  readonly tagSize: number;
  readonly tagEnum?: EnumDef;
  readonly variants: ReadonlyMap<number, Def>;
  /** Used for codes with no variant (opaque TLVs); absent means unknown codes are errors. */
  readonly fallback?: StructDef;
  /** The OpenFlow error for an unknown code when there is no fallback. */
  readonly unknownError?: OfErrorCode;
  /** The tag value of this union when it is itself a variant of an outer union. */
  readonly when?: number;
}

/** A definition with hand-written codec functions, for layouts that the member kinds cannot state (OXM TLVs pack class/field/hasmask/len into 32 bits). */
export interface CustomDef {
  readonly kind: 'custom';
  readonly name: string;
  /** Minimum bytes before the element's own size is known. */
  readonly headerSize: number;
  /** Decode one element in buf[start, end); returns value and consumed size, or throws a CodecError. */
  decode(buf: Buffer, start: number, end: number): { value: unknown; size: number };
  /** Encode one element at w. */
  encode(value: any, w: import('./writer.js').GrowBuffer, path: string): void;
  readonly when?: number;
}

export type Def = StructDef | UnionDef | CustomDef;

export interface OfErrorCode { readonly type: number; readonly code: number }
