/** Spec names for message and error numbers of a wire version (for metric labels and the REST API). */
import { ofpType as type10, ofpErrorType as errType10, errorCodeEnums as codes10 } from '../../codec/of10/enums.js';
import { ofpType as type13, ofpErrorType as errType13, errorCodeEnums as codes13 } from '../../codec/of13/enums.js';
import { OFP10 } from '../protocol.js';

/** e.g. PACKET_IN; the number as a string when the version has no such type. */
export function messageTypeName(version: number, type: number): string {
  const n = (version === OFP10 ? type10 : type13).byValue.get(type);
  return n === undefined ? String(type) : n.replace(/^OFPT_/, '');
}

/** e.g. OFPET_FLOW_MOD_FAILED. */
export function errorTypeName(version: number, type: number): string {
  return (version === OFP10 ? errType10 : errType13).byValue.get(type) ?? String(type);
}

/** e.g. OFPFMFC_BAD_TABLE_ID. */
export function errorCodeName(version: number, type: number, code: number): string {
  return (version === OFP10 ? codes10 : codes13).get(type)?.byValue.get(code) ?? String(code);
}
