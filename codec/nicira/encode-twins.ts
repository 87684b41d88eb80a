/**
 * The compiled encoder's twins of the custom definitions in learn.ts and
 * nat.ts (see codec/schema/compile/encode-twins.ts): the same checks and
 * bytes as their own encoders, written straight into the message buffer.
 * Anything they would reject throws, and the entry point asks the
 * interpreter, which reports the error with its path.
 */
import { encodeInPlace, setEncodeTwin } from '../schema/compile/encode-twins.js';
import { SLOW } from '../schema/compile/support.js';
import { oxmIdWrite } from '../of13/oxm-encode.js';
import { nx_nat_range } from './nat.js';
import { DST_SHIFT, DSTS, FLAGS_BACK, N_BITS, nx_learn_result_dst, nx_learn_specs, NX_LEARN_F_WRITE_RESULT, SRC_IMMEDIATE } from './learn.js';

interface Spec { src?: unknown; dst?: unknown; n_bits?: unknown; value?: unknown; src_field?: unknown; src_ofs?: unknown; dst_field?: unknown; dst_ofs?: unknown }

function specOf(s: unknown): Spec {
  if (s === null || typeof s !== 'object') throw SLOW;
  return s as Spec;
}

function nBitsOf(s: Spec): number {
  const n = s.n_bits;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > N_BITS) throw SLOW;
  return n;
}

function u16(v: unknown, b: Buffer, p: number): number {
  if (typeof v !== 'number' || (v & 0xffff) !== v) throw SLOW;
  b[p] = v >>> 8;
  b[p + 1] = v & 255;
  return p + 2;
}

setEncodeTwin(nx_learn_specs, {
  write(value, b, p) {
    if (!Array.isArray(value)) throw SLOW;
    for (const x of value as unknown[]) {
      const s = specOf(x);
      const imm = s.src === 'immediate';
      if (!imm && s.src !== 'field') throw SLOW;
      const dst = DSTS.indexOf(s.dst as (typeof DSTS)[number]);
      if (dst < 0) throw SLOW;
      const nBits = nBitsOf(s);
      p = u16(nBits | (imm ? SRC_IMMEDIATE : 0) | (dst << DST_SHIFT), b, p);
      if (imm) {
        const v = s.value;
        const bytes = typeof v === 'string' ? Buffer.from(v, 'hex') : v;
        if (!(bytes instanceof Uint8Array) || bytes.length !== 2 * Math.ceil(nBits / 16)) throw SLOW;
        b.set(bytes, p);
        p += bytes.length;
      } else {
        p = oxmIdWrite(s.src_field, b, p);
        p = u16(s.src_ofs, b, p);
      }
      if (DSTS[dst] !== 'output') {
        p = oxmIdWrite(s.dst_field, b, p);
        p = u16(s.dst_ofs, b, p);
      }
    }
    return p;
  },
});

// Whether the result field belongs there is read from the flags already written 16 bytes back, as learn.ts does.
setEncodeTwin(nx_learn_result_dst, {
  write(value, b, p) {
    const set = p >= FLAGS_BACK && (((b[p - FLAGS_BACK]! << 8) | b[p - FLAGS_BACK + 1]!) & NX_LEARN_F_WRITE_RESULT) !== 0;
    if (set !== (value !== undefined)) throw SLOW;
    return set ? oxmIdWrite(value, b, p) : p;
  },
});

// nat.ts's own encoder, run in place: it checks the range's fields against range_present, written just before.
setEncodeTwin(nx_nat_range, {
  write: (value, b, p) => encodeInPlace(nx_nat_range, value, b, p),
});
