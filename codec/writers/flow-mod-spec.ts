/**
 * What the one-call FLOW_MOD writers (flowMod10, flowMod13) read: plain
 * number fields, so an app's own reusable object (the controller's FlowMod
 * and Match have exactly this shape) is written with no copy into parameter
 * objects. Ports are 32-bit (OpenFlow 1.3 numbering); flowMod10 maps the
 * reserved ones down and also accepts 1.0 numbers.
 */

/** The fixed fields of a FLOW_MOD after the match; the u64 cookie as u32 halves (see WithCookie). */
export interface FlowModFixed {
  cookieHi: number;
  cookieLo: number;
  /** OFPFC_ADD 0, MODIFY 1, MODIFY_STRICT 2, DELETE 3, DELETE_STRICT 4. */
  command: number;
  idleTimeout: number;
  hardTimeout: number;
  priority: number;
  /** 0xffffffff for none. */
  bufferId: number;
  /** Restricts DELETE commands to flows that output to this port (ANY / NONE: no restriction). */
  outPort: number;
  flags: number;
}

/** One OFPAT_OUTPUT per outputs[0..nOutputs), each with maxLen (bytes for the controller port). */
export interface FlowModOutputs {
  outputs: readonly number[];
  nOutputs: number;
  maxLen: number;
}

/** Match fields of the one-call writers: -1 leaves a field out (wildcarded); MACs are macKey numbers. */
export interface MatchFields {
  inPort: number;
  ethSrc: number;
  ethDst: number;
  ethType: number;
}
