/**
 * Messages made of many tiny TLVs, for the decode-time-is-linear check: the
 * same message shape with n and 4n elements (up to the 64 KiB a u16 length
 * allows). Built by hand from the spec layouts, independent of the schema.
 */

function header(version: number, type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = version;
  h[1] = type;
  h.writeUInt16BE(8 + body.length, 2);
  h.writeUInt32BE(0x1234, 4);
  return Buffer.concat([h, body]);
}

function repeat(el: Buffer, n: number): Buffer {
  return Buffer.concat(new Array<Buffer>(n).fill(el));
}

/** 1.0 FLOW_MOD (72-byte fixed part, wildcard-all match) followed by n 8-byte OUTPUT actions. */
function of10FlowMod(n: number): Buffer {
  const fixed = Buffer.alloc(64);
  fixed.writeUInt32BE(0x3fffff, 0); // match.wildcards: all
  fixed.writeUInt16BE(0xffff, 60); // out_port NONE
  const out = Buffer.from('0000000800010000', 'hex'); // OUTPUT port 1
  return header(1, 14, Buffer.concat([fixed, repeat(out, n)]));
}

/** 1.0 PACKET_OUT with n 8-byte OUTPUT actions (actions_len covers them). */
function of10PacketOut(n: number): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt32BE(0xffffffff, 0);
  fixed.writeUInt16BE(0xfffe, 4);
  fixed.writeUInt16BE(8 * n, 6);
  return header(1, 13, Buffer.concat([fixed, repeat(Buffer.from('0000000800020000', 'hex'), n)]));
}

/** 1.3 PACKET_IN whose OXM match holds n zero-length TLVs (NXM_0 class, opaque), then no data. */
function of13PacketInOxm(n: number): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32BE(0xffffffff, 0);
  const oxms = repeat(Buffer.from('00000000', 'hex'), n);
  const match = Buffer.concat([Buffer.from([0, 1, 0, 0]), oxms]);
  match.writeUInt16BE(match.length, 2);
  const padded = Buffer.concat([match, Buffer.alloc((8 - (match.length % 8)) % 8)]);
  return header(4, 10, Buffer.concat([fixed, padded, Buffer.alloc(2)]));
}

/** 1.3 PACKET_IN whose match holds n 8-byte IN_PORT TLVs. */
function of13PacketInInPort(n: number): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32BE(0xffffffff, 0);
  const match = Buffer.concat([Buffer.from([0, 1, 0, 0]), repeat(Buffer.from('8000000400000001', 'hex'), n)]);
  match.writeUInt16BE(match.length, 2);
  const padded = Buffer.concat([match, Buffer.alloc((8 - (match.length % 8)) % 8)]);
  return header(4, 10, Buffer.concat([fixed, padded, Buffer.alloc(2)]));
}

/** 1.3 FLOW_MOD with an empty match and one APPLY_ACTIONS instruction of n 8-byte COPY_TTL_OUT actions. */
function of13FlowModActions(n: number): Buffer {
  const fixed = Buffer.alloc(40);
  fixed.writeUInt32BE(0xffffffff, 24); // buffer_id
  fixed.writeUInt32BE(0xffffffff, 28); // out_port ANY
  fixed.writeUInt32BE(0xffffffff, 32); // out_group ANY
  const match = Buffer.from('0001000400000000', 'hex');
  const actions = repeat(Buffer.from('000b000800000000', 'hex'), n);
  const inst = Buffer.concat([Buffer.from([0, 4, 0, 0, 0, 0, 0, 0]), actions]);
  inst.writeUInt16BE(inst.length, 2);
  return header(4, 14, Buffer.concat([fixed, match, inst]));
}

/** 1.3 FLOW_MOD with n 8-byte CLEAR_ACTIONS instructions. */
function of13FlowModInstructions(n: number): Buffer {
  const fixed = Buffer.alloc(40);
  fixed.writeUInt32BE(0xffffffff, 24);
  fixed.writeUInt32BE(0xffffffff, 28);
  fixed.writeUInt32BE(0xffffffff, 32);
  const match = Buffer.from('0001000400000000', 'hex');
  return header(4, 14, Buffer.concat([fixed, match, repeat(Buffer.from('0005000800000000', 'hex'), n)]));
}

export interface Shape {
  readonly name: string;
  /** Elements that fill a 64 KiB message. */
  readonly max: number;
  readonly make: (n: number) => Buffer;
}

export const shapes: readonly Shape[] = [
  { name: '1.0 FLOW_MOD, OUTPUT actions', max: 8000, make: of10FlowMod },
  { name: '1.0 PACKET_OUT, OUTPUT actions', max: 8000, make: of10PacketOut },
  { name: '1.3 PACKET_IN, zero-length OXM TLVs', max: 16000, make: of13PacketInOxm },
  { name: '1.3 PACKET_IN, IN_PORT OXM TLVs', max: 8000, make: of13PacketInInPort },
  { name: '1.3 FLOW_MOD, APPLY_ACTIONS of n actions', max: 8000, make: of13FlowModActions },
  { name: '1.3 FLOW_MOD, n instructions', max: 8000, make: of13FlowModInstructions },
];

/** Best-of-`runs` time of f() in ms (the minimum is what noise cannot shrink). */
/**
 * Best of `runs` timings of f, in ms of this process's CPU time (user + system), not wall time: on a loaded
 * machine wall time includes the time other processes had the core, which made a linear decoder look
 * quadratic (ratio 11 beside stress-ng); CPU time counts only the work.
 */
export function bestOf(runs: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const a = process.cpuUsage();
    f();
    const d = process.cpuUsage(a);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/** Time for n and 4n elements; the ratio is about 4 for a linear decoder, 16 for a quadratic one. */
export function scaling(shape: Shape, run: (b: Buffer) => void, runs = 9): { n: number; small: number; large: number; ratio: number } {
  const n = Math.floor(shape.max / 4);
  const small = shape.make(n);
  const large = shape.make(4 * n);
  // Warm up the JIT on both sizes first.
  for (let i = 0; i < 3; i++) { run(small); run(large); }
  const reps = 4;
  const ts = bestOf(runs, () => { for (let i = 0; i < reps * 4; i++) run(small); });
  const tl = bestOf(runs, () => { for (let i = 0; i < reps; i++) run(large); });
  return { n, small: ts / (reps * 4), large: tl / reps, ratio: tl / reps / (ts / (reps * 4)) };
}
