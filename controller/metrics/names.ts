/**
 * Spec names for message and error numbers of a wire version (for metric
 * labels, the request latency metric and the REST API's events), taken from
 * each version's codec enums, never restated. Every name is built once when
 * this module loads: a lookup is an array read and returns a string that
 * already exists, so naming allocates nothing (the request/reply path names
 * every request it times).
 */
import type { EnumDef } from '../../codec/schema/types.js';
import { ofpType as type10, ofpErrorType as errType10, errorCodeEnums as codes10 } from '../../codec/of10/enums.js';
import { ofpType as type13, ofpErrorType as errType13, errorCodeEnums as codes13 } from '../../codec/of13/enums.js';
import { ofpType14, ofpType15, ofpErrorType14, errorCodeEnums as codes14 } from '../../codec/of14/enums.js';
import { OFP10, OFP13, OFP14, OFP15 } from '../protocol.js';

/** The numbers 0..255 as strings: the label of a type or code a version does not name. */
const NUMBERS: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

interface VersionNames {
  /** Message type -> name without OFPT_ (PACKET_IN), 256 entries. */
  types: readonly string[];
  /** Error type -> OFPET_ name. */
  errorTypes: EnumDef;
  /** Error type -> its code enum. */
  errorCodes: ReadonlyMap<number, EnumDef>;
}

function typeNames(e: EnumDef): string[] {
  const out = NUMBERS.slice();
  for (const [v, name] of e.byValue) if (v >= 0 && v < 256) out[v] = name.replace(/^OFPT_/, '');
  return out;
}

const BY_WIRE: ReadonlyMap<number, VersionNames> = new Map([
  [OFP10, { types: typeNames(type10), errorTypes: errType10, errorCodes: codes10 }],
  [OFP13, { types: typeNames(type13), errorTypes: errType13, errorCodes: codes13 }],
  [OFP14, { types: typeNames(ofpType14), errorTypes: ofpErrorType14, errorCodes: codes14(5) }],
  [OFP15, { types: typeNames(ofpType15), errorTypes: ofpErrorType14, errorCodes: codes14(6) }],
]);

/** e.g. PACKET_IN, ROLE_STATUS (1.4+), CONTROLLER_STATUS (1.5); the number as a string when the version has no such type. */
export function messageTypeName(version: number, type: number): string {
  const t = BY_WIRE.get(version)?.types;
  return t !== undefined && type >= 0 && type < 256 ? t[type]! : String(type);
}

/** e.g. OFPET_FLOW_MOD_FAILED, OFPET_BUNDLE_FAILED (1.4+). */
export function errorTypeName(version: number, type: number): string {
  return BY_WIRE.get(version)?.errorTypes.byValue.get(type) ?? String(type);
}

/** e.g. OFPFMFC_BAD_TABLE_ID, OFPBFC_TIMEOUT (1.4+). */
export function errorCodeName(version: number, type: number, code: number): string {
  return BY_WIRE.get(version)?.errorCodes.get(type)?.byValue.get(code) ?? String(code);
}
