/**
 * The compiled path's twin of learn.ts's spec decoder (see
 * codec/schema/compile/twins.ts): the same specs, in the same key order, with
 * OXM headers read by the compiled OXM twin and no error text. A spec it does
 * not take throws, and the entry point asks the interpreter (learn.ts), which
 * names the fault. tests/codec/compiled.test.ts holds both to the same values.
 */
import { COMPILED_SLOW as SLOW, setCompiledTwin } from '../schema/compile/index.js';
import { bytesView } from '../schema/bytes.js';
import { decodeOxmId } from '../of13/oxm-compiled.js';
import { DST_SHIFT, DSTS, KNOWN_BITS, N_BITS, nx_learn_specs, SRC_IMMEDIATE } from './learn.js';

/** Scratch size of each header read (the twins report sizes through an out-parameter). */
const H = { n: 0 };

function decodeSpecs(b: Buffer, start: number, end: number, out: { n: number }): unknown {
  const specs: unknown[] = [];
  let pos = start;
  while (pos + 2 <= end) {
    const h = (b[pos]! << 8) | b[pos + 1]!;
    if (h === 0) break;
    const dstCode = (h >>> DST_SHIFT) & 3;
    if ((h & ~KNOWN_BITS) !== 0 || dstCode === 3) throw SLOW;
    const src = h & SRC_IMMEDIATE ? 'immediate' : 'field';
    const dst = DSTS[dstCode]!;
    const nBits = h & N_BITS;
    pos += 2;
    // The source: an immediate value (n_bits in 16-bit words) or a field header and bit offset.
    let value: Buffer | undefined, srcField: unknown, srcOfs = 0;
    if (src === 'immediate') {
      const n = 2 * Math.ceil(nBits / 16);
      if (pos + n > end) throw SLOW;
      value = bytesView(b, pos, pos + n);
      pos += n;
    } else {
      if (pos + 4 > end) throw SLOW;
      srcField = decodeOxmId(b, pos, end, H);
      pos += H.n;
      if (pos + 2 > end) throw SLOW;
      srcOfs = (b[pos]! << 8) | b[pos + 1]!;
      pos += 2;
    }
    if (dst === 'output') {
      specs.push(value !== undefined ? { src, dst, n_bits: nBits, value } : { src, dst, n_bits: nBits, src_field: srcField, src_ofs: srcOfs });
      continue;
    }
    if (pos + 4 > end) throw SLOW;
    const dstField = decodeOxmId(b, pos, end, H);
    pos += H.n;
    if (pos + 2 > end) throw SLOW;
    const dstOfs = (b[pos]! << 8) | b[pos + 1]!;
    pos += 2;
    specs.push(value !== undefined
      ? { src, dst, n_bits: nBits, value, dst_field: dstField, dst_ofs: dstOfs }
      : { src, dst, n_bits: nBits, src_field: srcField, src_ofs: srcOfs, dst_field: dstField, dst_ofs: dstOfs });
  }
  out.n = pos - start;
  return specs;
}

setCompiledTwin(nx_learn_specs, { decode: decodeSpecs });
