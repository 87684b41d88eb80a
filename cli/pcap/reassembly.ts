/**
 * TCP reassembly for one direction of a connection: orders segments by
 * sequence number (32-bit wrap-around included), drops retransmitted bytes,
 * holds early (out-of-order) segments until the gap before them fills, and
 * hands out the contiguous byte stream as it grows.
 */

/** Signed distance from b to a in 32-bit sequence space. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

interface Held { seq: number; data: Buffer }

export class TcpStream {
  /** Next expected sequence number; undefined until the first segment. */
  private next: number | undefined;
  private held: Held[] = [];
  /** Contiguous bytes delivered so far. */
  delivered = 0;
  /** Bytes received more than once (retransmissions, overlaps). */
  duplicate = 0;
  sawSyn = false;
  sawFin = false;

  /**
   * Add one segment; returns the bytes that became contiguous because of it
   * (possibly several held segments, in order), or an empty list.
   */
  push(seq: number, syn: boolean, fin: boolean, payload: Buffer): Buffer[] {
    if (syn) {
      this.sawSyn = true;
      seq = (seq + 1) >>> 0; // the SYN takes one sequence number; any data follows it
      if (this.next === undefined || this.delivered === 0) this.next = seq;
    }
    if (fin) this.sawFin = true;
    if (this.next === undefined) this.next = seq; // capture started mid-connection
    const out: Buffer[] = [];
    if (payload.length > 0) {
      if (!this.accept(seq, payload, out)) this.hold(seq, payload);
      this.drain(out);
    }
    return out;
  }

  /** Bytes held after a gap that never filled. */
  get heldBytes(): number {
    return this.held.reduce((n, h) => n + h.data.length, 0);
  }

  private accept(seq: number, data: Buffer, out: Buffer[]): boolean {
    const d = seqDiff(seq, this.next!);
    if (d > 0) return false; // starts after a gap
    if (d + data.length <= 0) {
      this.duplicate += data.length; // all of it was seen before
      return true;
    }
    const fresh = data.subarray(-d);
    this.duplicate += -d;
    out.push(fresh);
    this.delivered += fresh.length;
    this.next = (this.next! + fresh.length) >>> 0;
    return true;
  }

  private hold(seq: number, data: Buffer): void {
    // A copy is not needed: the data is a view into the capture file, which outlives the stream.
    this.held.push({ seq, data });
  }

  private drain(out: Buffer[]): void {
    let progress = true;
    while (progress && this.held.length > 0) {
      progress = false;
      for (let i = 0; i < this.held.length; i++) {
        const h = this.held[i]!;
        if (seqDiff(h.seq, this.next!) <= 0) {
          this.held.splice(i, 1);
          this.accept(h.seq, h.data, out);
          progress = true;
          break;
        }
      }
    }
  }
}
