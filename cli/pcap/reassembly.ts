/**
 * TCP reassembly for one direction of a connection: orders segments by
 * sequence number (32-bit wrap-around included), drops retransmitted bytes,
 * holds early (out-of-order) segments until the gap before them fills, and
 * hands out the contiguous byte stream as it grows.
 *
 * Gaps: a segment the capture cut short (snap length) is a gap of known size
 * right after its captured bytes. A gap that never fills (segments the
 * capture lost) is given up once more than HOLD_LIMIT bytes wait behind it,
 * or when the connection or the capture ends (`flush`): the stream then goes on at the first
 * held byte. Either way the consumer gets a Gap item saying how many bytes
 * are missing, so it can find the next message boundary.
 */

/** Signed distance from b to a in 32-bit sequence space. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

interface Held { seq: number; data: Buffer; /** bytes the capture cut from the end of this segment */ lost: number }

/** Bytes missing from the stream at this point. */
export interface Gap { readonly gap: number }
export type StreamPiece = Buffer | Gap;

/** Bytes held behind a gap before it is given up (bounded memory on lossy captures). */
export const HOLD_LIMIT = 256 << 10;

export class TcpStream {
  /** Next expected sequence number; undefined until the first segment. */
  private next: number | undefined;
  private held: Held[] = [];
  private heldSize = 0;
  /** Contiguous bytes delivered so far (gaps count as delivered positions). */
  delivered = 0;
  /** Bytes received more than once (retransmissions, overlaps). */
  duplicate = 0;
  /** Bytes given up as lost. */
  lost = 0;
  sawSyn = false;
  sawFin = false;

  /**
   * Add one segment (`wireLength` > payload.length when the capture cut it);
   * returns the pieces that became contiguous because of it, in order.
   */
  push(seq: number, syn: boolean, fin: boolean, payload: Buffer, wireLength = payload.length): StreamPiece[] {
    if (syn) {
      this.sawSyn = true;
      seq = (seq + 1) >>> 0; // the SYN takes one sequence number; any data follows it
      if (this.next === undefined || this.delivered === 0) this.next = seq;
    }
    if (fin) this.sawFin = true;
    if (this.next === undefined) this.next = seq; // capture started mid-connection
    const out: StreamPiece[] = [];
    const lost = wireLength - payload.length;
    if (payload.length > 0 || lost > 0) {
      const h: Held = { seq, data: payload, lost };
      if (!this.accept(h, out)) this.hold(h);
      this.drain(out);
      while (this.heldSize > HOLD_LIMIT) this.skipGap(out);
    }
    return out;
  }

  /** The capture ended: give up every gap still open and hand out what was behind it. */
  flush(): StreamPiece[] {
    const out: StreamPiece[] = [];
    while (this.held.length > 0) this.skipGap(out);
    return out;
  }

  /** Bytes held after a gap that has not filled. */
  get heldBytes(): number {
    return this.heldSize;
  }

  private accept(h: Held, out: StreamPiece[]): boolean {
    const d = seqDiff(h.seq, this.next!);
    if (d > 0) return false; // starts after a gap
    const total = h.data.length + h.lost;
    if (d + total <= 0) {
      this.duplicate += total; // all of it was seen before
      return true;
    }
    this.duplicate += -d;
    if (-d < h.data.length) {
      const fresh = h.data.subarray(-d);
      out.push(fresh);
      this.delivered += fresh.length;
      this.next = (this.next! + fresh.length) >>> 0;
    }
    const missing = Math.min(h.lost, total + d);
    if (missing > 0) {
      out.push({ gap: missing });
      this.lost += missing;
      this.delivered += missing;
      this.next = (this.next! + missing) >>> 0;
    }
    return true;
  }

  private hold(h: Held): void {
    // A copy: a view would keep its whole capture chunk (a MiB) alive while it waits.
    this.held.push({ seq: h.seq, data: Buffer.from(h.data), lost: h.lost });
    this.heldSize += h.data.length;
  }

  private drain(out: StreamPiece[]): void {
    let progress = true;
    while (progress && this.held.length > 0) {
      progress = false;
      for (let i = 0; i < this.held.length; i++) {
        const h = this.held[i]!;
        if (seqDiff(h.seq, this.next!) <= 0) {
          this.held.splice(i, 1);
          this.heldSize -= h.data.length;
          this.accept(h, out);
          progress = true;
          break;
        }
      }
    }
  }

  /** Give up the gap before the earliest held segment. */
  private skipGap(out: StreamPiece[]): void {
    let first = this.held[0]!;
    for (const h of this.held) if (seqDiff(h.seq, first.seq) < 0) first = h;
    const missing = seqDiff(first.seq, this.next!);
    if (missing > 0) {
      out.push({ gap: missing });
      this.lost += missing;
      this.delivered += missing;
      this.next = first.seq;
    }
    this.drain(out);
  }
}
