/**
 * TypeScript types of OXM TLVs, read from the OXM field table itself
 * (OXM_OFB_TABLE in ./oxm.ts, an `as const` array): one type per basic
 * field, so narrowing on `field` gives the value's type (`in_port` a number,
 * `eth_src` MAC text, `ipv4_src` dotted text, `metadata` a bigint, and the
 * mask the same type as the value), and an input names only fields that
 * exist, each with a value (and mask) of its type. A field added to the
 * table is typed with no edit here.
 *
 * Masks: the codec decodes and encodes a mask on any basic field (checking
 * only its length), so the types allow one on any field too; a decoded value
 * must type-check as input again (decode, change, encode).
 *
 * Value types follow the codec: MAC and IP addresses as text, integers of
 * up to 32 bits as numbers, 64-bit ones as bigint (the encoder also takes a
 * number or decimal text for those, and a MAC or IPv4 address as a number
 * or as its bytes).
 */
import type { OXM_OFB_TABLE } from './oxm.js';

type Row = (typeof OXM_OFB_TABLE)[number];

/** A row's field name as decoded (`OFPXMT_OFB_IN_PORT`). */
type FieldName<R extends Row> = `OFPXMT_OFB_${R[0]}`;
/** The value (and mask) a row's field decodes to. */
type Decoded<R extends Row> = R[3] extends 'uint' ? (R[2] extends 8 ? bigint : number) : string;
/** The value (and mask) encodeMessage takes for a row's field. */
type Input<R extends Row> = R[3] extends 'uint' ? (R[2] extends 8 ? bigint | number | string : number) : R[3] extends 'mac' | 'ipv4' ? string | number | Uint8Array : string;

/** A decoded basic field; `mask` is there exactly when `hasmask` is true. */
type BasicOf<R extends Row> =
  | { class: 'OFPXMC_OPENFLOW_BASIC'; field: FieldName<R>; hasmask: false; length: number; value: Decoded<R>; mask?: undefined; body?: undefined; experimenter?: undefined }
  | { class: 'OFPXMC_OPENFLOW_BASIC'; field: FieldName<R>; hasmask: true; length: number; value: Decoded<R>; mask: Decoded<R>; body?: undefined; experimenter?: undefined };

/** A basic field as encodeMessage takes it: by name or code, with its value (and mask) of the field's type. */
type BasicInputOf<R extends Row> = {
  class?: 'OFPXMC_OPENFLOW_BASIC' | 0x8000;
  field: FieldName<R> | R[1];
  hasmask?: boolean;
  length?: number;
  value: Input<R>;
  mask?: Input<R>;
  body?: undefined;
};

/** Distributes over the rows of the table. */
type EachRow<F> = Row extends infer R ? (R extends Row ? (F extends 'decoded' ? BasicOf<R> : BasicInputOf<R>) : never) : never;

/** A decoded OpenFlow-basic field of the table: narrow on `field` for its value's type. */
export type OxmBasic = EachRow<'decoded'>;
/** One decoded OXM whose value the codec does not interpret (Nicira and experimenter classes, unknown basic codes): its payload bytes. */
export interface OxmOpaque {
  class: string | number;
  /** The field code (a number: known basic fields decode as OxmBasic). */
  field: number;
  hasmask: boolean;
  length: number;
  experimenter?: number;
  body: Uint8Array;
  value?: undefined;
  mask?: undefined;
}
/** One OXM TLV (a 1.3+ match field or set-field) as decoded. */
export type Oxm = OxmBasic | OxmOpaque;

/** An OXM given as opaque payload bytes (any class; re-encoded byte-exact). */
export interface OxmOpaqueInput {
  class?: string | number;
  field: string | number;
  hasmask?: boolean;
  length?: number;
  experimenter?: number;
  body: Uint8Array | string;
  value?: undefined;
  mask?: undefined;
}
/** One OXM TLV as encodeMessage takes it. */
export type OxmInput = EachRow<'input'> | OxmOpaqueInput;

/** The decoded OXM of one basic field, by name (`OxmOf<'OFPXMT_OFB_ETH_SRC'>['value']` is a string). */
export type OxmOf<F extends OxmBasic['field']> = Extract<OxmBasic, { field: F }>;
