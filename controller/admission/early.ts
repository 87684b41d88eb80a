/**
 * Refusal before Node makes a socket. A `net.Server` turns every accepted
 * connection into a `net.Socket` (streams state, timers, the `connection`
 * event) before any listener can look at it; for a connection that is going
 * to be refused at once, that is most of what it costs. Measured on this
 * machine with a loopback flood of ~1500 connections/s, refusing everything:
 * about 85-92 µs of controller CPU per connection through `net.Socket` and
 * `resetAndDestroy()`, about 23 µs when the accepted handle is reset
 * directly (RELIABILITY.md "Connection flood").
 *
 * So the gate's checks run on the accepted handle: the listening handle's
 * `onconnection` (the call node:net's own `server.maxConnections` refusal
 * sits in) is wrapped, a refused connection is reset (RST) on its handle and
 * never becomes a socket, and an admitted one goes on to node:net as usual.
 * This reaches into node:net's listening handle, which is not a public API:
 * if it is not there as expected, nothing is wrapped and the gate applies
 * the same checks to the `net.Socket` in the `connection` event instead
 * (the same behaviour, only dearer per refused connection).
 */
import type { Server, Socket } from 'node:net';
import type { AdmissionGate } from './gate.js';

/** node:net's accepted-connection handle (a TCPWrap), as far as it is used here. */
interface AcceptedHandle {
  getpeername?(out: { address?: string }): number;
  reset?(cb: () => void): number;
  close(cb?: () => void): void;
}

interface ListenHandle {
  onconnection?: (this: ListenHandle, err: number, handle: AcceptedHandle | undefined) => void;
}

const noop = (): void => {};

/**
 * Serves `server`'s connections through `gate`, starting admitted ones with
 * `start`. Call before `listen()`; the handle-level refusal is installed once
 * the server listens. Returns a function that says whether it is in place.
 * `early: false` leaves the handle alone (the fallback path, for tests).
 */
export function gateServer(server: Server, gate: AdmissionGate, start?: (sock: Socket) => void, opts: { early?: boolean } = {}): () => boolean {
  let early = false;
  /** Set while node:net makes the socket of a connection admitted on its handle. */
  let admitted = false;
  server.on('connection', (sock: Socket) => {
    if (admitted) {
      admitted = false;
      gate.enqueue(sock, start);
    } else {
      gate.offer(sock, start);
    }
  });
  if (opts.early === false) return () => false; // tests: the fallback path alone
  server.once('listening', () => {
    const h = (server as unknown as { _handle?: ListenHandle | null })._handle;
    const next = h?.onconnection;
    if (h == null || typeof next !== 'function') return;
    h.onconnection = function (err, handle) {
      if (err !== 0 || handle === undefined || typeof handle.getpeername !== 'function') {
        next.call(this, err, handle);
        return;
      }
      const peer: { address?: string } = {};
      handle.getpeername(peer);
      if (!gate.admit(peer.address ?? '?')) {
        gate.counts.refusedBeforeSocket++;
        if (typeof handle.reset === 'function') handle.reset(noop);
        else handle.close();
        return;
      }
      admitted = true;
      try {
        next.call(this, err, handle);
      } finally {
        // node:net made no socket of it after all: give the slot back
        if (admitted) gate.handshakeEnded();
        admitted = false;
      }
    };
    early = true;
  });
  return () => early;
}
