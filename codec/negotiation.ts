/**
 * Versions the codec does not describe in full (1.1, 1.2, 1.4, 1.5) still
 * open every connection with messages whose layout never changed: HELLO
 * (with the hello-element list since 1.3.1; opaque bytes before), ERROR and
 * ECHO. Switches and controllers that allow several versions send their
 * highest first (ovs-testcontroller and OVS open with a 1.5 HELLO), so a
 * capture of an ordinary session starts with one. These partial schemas let
 * `decode`/`encode` handle those messages; any other type of these versions
 * is an unknown_type error that says the version is negotiation-only.
 */
import { len, list, rest, struct, u16, u32, u8, union } from './schema/define.js';
import type { Member } from './schema/types.js';
import type { VersionSchema } from './message.js';
import { ofp_hello_elem } from './of13/messages.js';
import { ofpErrorType, ofpHelloElemType, ofpType } from './of13/enums.js';
import { BAD_TYPE } from './schema/errors.js';

const LABELS: Record<number, string> = { 0x02: '1.1', 0x03: '1.2', 0x05: '1.4', 0x06: '1.5' };

function header(wire: number, type: number): Member[] {
  return [u8('version', { fixed: wire }), u8('type', { fixed: type, enum: ofpType }), len('length'), u32('xid')];
}

/** A negotiation-only schema for one wire version. */
export function negotiationSchema(wire: number): VersionSchema {
  const label = LABELS[wire] ?? `0x${wire.toString(16)}`;
  const tag = `ofp${label.replace('.', '')}`;
  // Hello elements exist from 1.3.1 on; 1.1/1.2 HELLO bodies are opaque.
  const hello = wire >= 0x04
    ? struct(`${tag}_hello`, [...header(wire, 0), list('elements', ofp_hello_elem)])
    : struct(`${tag}_hello`, [...header(wire, 0), rest('data')]);
  const error = struct(`${tag}_error_msg`, [...header(wire, 1), u16('error_type', { enum: ofpErrorType }), u16('code'), rest('data')]);
  const echoRequest = struct(`${tag}_echo_request`, [...header(wire, 2), rest('data')]);
  const echoReply = struct(`${tag}_echo_reply`, [...header(wire, 3), rest('data')]);
  const message = union(`${tag}_negotiation_message`, 'type', [hello, error, echoRequest, echoReply], { unknownError: BAD_TYPE });
  return {
    wire, label: `${label} (negotiation only)`, message,
    defs: { [hello.name]: hello, [error.name]: error, [echoRequest.name]: echoRequest, [echoReply.name]: echoReply, message },
    enums: { ofp_hello_elem_type: ofpHelloElemType, ofp_error_type: ofpErrorType },
  };
}

export const NEGOTIATION_ONLY_VERSIONS = [0x02, 0x03] as const;
