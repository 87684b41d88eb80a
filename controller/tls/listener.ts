/**
 * The TLS listener: mutual authentication (the switch must present a
 * certificate that chains to our CA), then the same connection handler as
 * plain TCP. Every refusal is logged with its reason: a handshake that fails
 * (a plaintext client, an unsupported protocol, a peer that stalls past the
 * handshake timeout) and a completed handshake whose peer certificate does
 * not verify (another CA, none at all, expired). A refused peer never reaches
 * the controller, so it cannot disturb other switches.
 *
 * Verification is done here rather than with `rejectUnauthorized: true`:
 * with that option node:tls destroys the socket without any event that says
 * why, and refusals must be logged with their reason.
 *
 * Admission: a plain TCP server listens (sockets accepted paused) and hands
 * each raw socket to the controller's admission gate first, so the
 * per-source rate and the handshake bound refuse a flood before any TLS work
 * (a TLS handshake costs far more CPU than a refused accept). An admitted
 * socket is then given to the TLS server (`emit('connection')`, node:tls's
 * documented way to hand it a socket), and it holds its handshake slot
 * through the TLS handshake: the slot is given back here when the TLS
 * handshake fails or the certificate is refused, and by the controller (as
 * for plain TCP) once an authenticated connection comes up or closes.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../log.js';
import type { AdmissionGate } from '../admission/gate.js';
import { gateServer } from '../admission/early.js';
import type { TlsMaterial } from './files.js';

export interface TlsListenerOptions {
  readonly material: TlsMaterial;
  readonly host: string;
  readonly port: number;
  readonly backlog: number;
  /** A peer that has not finished the TLS handshake by then is dropped (ms). */
  readonly handshakeTimeoutMs: number;
  readonly logger: Logger;
  /** The controller's admission control (shared with plain TCP): raw sockets pass it before any TLS work. */
  readonly gate: AdmissionGate;
  /** An authenticated switch connection (the controller's connection handler); it owns the handshake slot from here. */
  accept(sock: tls.TLSSocket): void;
}

/** Counters of refused peers (tests, the summary line). */
export interface TlsRefusals {
  handshakeFailed: number;
  unauthorized: number;
}

/** Plain words for the verification codes a switch certificate most often fails with. */
const VERIFY_WORDS: Readonly<Record<string, string>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'not signed by a CA we trust',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer not among the CAs we trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not among the CAs we trust',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a self-signed CA we do not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed, not issued by our CA',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not yet valid',
  CERT_SIGNATURE_FAILURE: 'bad signature',
};

/** Log at most this many refusals in a row, then one in LOG_EVERY: a flood of bad peers must not flood the log. */
const LOG_FIRST = 20;
const LOG_EVERY = 100;

export class TlsListener {
  readonly refusals: TlsRefusals = { handshakeFailed: 0, unauthorized: 0 };
  /** Does the TLS work; never listens itself (admitted sockets are handed to it). */
  readonly server: tls.Server;
  /** Listens; its sockets go through admission before any TLS work. */
  readonly listener: net.Server;
  /** Raw sockets admitted and still in their TLS handshake (destroyed by close()). */
  private readonly inHandshake = new Set<net.Socket>();
  /** TLS sockets whose handshake slot was already given back or handed to the controller. */
  private readonly settled = new WeakSet<tls.TLSSocket>();
  private readonly startTls = (raw: net.Socket) => this.startHandshake(raw);

  constructor(private readonly o: TlsListenerOptions) {
    this.listener = net.createServer({ pauseOnConnect: true, noDelay: true });
    gateServer(this.listener, o.gate, this.startTls);
    this.server = tls.createServer({
      cert: o.material.cert,
      key: o.material.key,
      ca: o.material.ca,
      requestCert: true,
      rejectUnauthorized: false, // checked in onSecure, to log why
      handshakeTimeout: o.handshakeTimeoutMs,
      minVersion: 'TLSv1.2',
    });
    this.server.on('secureConnection', (sock: tls.TLSSocket) => this.onSecure(sock));
    this.server.on('tlsClientError', (err: Error & { code?: string }, sock: tls.TLSSocket) => {
      this.refusals.handshakeFailed++;
      this.log(this.refusals.handshakeFailed, 'TLS handshake failed; connection refused', sock, err.code ? `${err.code}: ${err.message}` : err.message);
      this.settle(sock);
      sock.destroy();
    });
  }

  /** An admitted raw socket: its TLS handshake starts (bounded by handshakeTimeoutMs). */
  private startHandshake(raw: net.Socket): void {
    this.inHandshake.add(raw);
    raw.once('close', () => this.inHandshake.delete(raw));
    this.server.emit('connection', raw);
  }

  /** Gives the handshake slot back once per TLS socket (a refused peer never reaches the controller). */
  private settle(sock: tls.TLSSocket): void {
    if (this.settled.has(sock)) return;
    this.settled.add(sock);
    this.o.gate.handshakeEnded();
  }

  listen(): Promise<void> {
    const s = this.listener;
    return new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ host: this.o.host, port: this.o.port, backlog: this.o.backlog }, () => {
        s.off('error', reject);
        s.on('error', (err) => this.o.logger.error('TLS server error', { error: err.message }));
        resolve();
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.listener.address();
    if (a && typeof a === 'object') return { host: a.address, port: a.port };
    return { host: this.o.host, port: this.o.port };
  }

  /** Stops listening and drops peers still in their TLS handshake (authenticated ones are the controller's). */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const raw of this.inHandshake) raw.destroy();
    return closed;
  }

  private onSecure(sock: tls.TLSSocket): void {
    if (!sock.authorized) {
      this.refusals.unauthorized++;
      const code = sock.authorizationError ? String(sock.authorizationError) : '';
      const why = code === '' ? 'no verified certificate' : VERIFY_WORDS[code] ? `${code} (certificate ${VERIFY_WORDS[code]})` : code;
      this.log(this.refusals.unauthorized, 'switch certificate refused; connection closed', sock, why);
      this.settle(sock);
      sock.destroy();
      return;
    }
    // from here the controller owns the slot (switchReady or connectionClosed give it back)
    this.settled.add(sock);
    const peer = sock.getPeerCertificate();
    this.o.logger.debug('TLS switch authenticated', { conn: `${sock.remoteAddress}:${sock.remotePort}`, subject: String(peer.subject?.CN ?? ''), protocol: sock.getProtocol() });
    this.o.accept(sock);
  }

  private log(n: number, msg: string, sock: tls.TLSSocket, reason: string): void {
    if (n > LOG_FIRST && n % LOG_EVERY !== 0) return;
    this.o.logger.warn(msg, { conn: `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`, reason, refused: n });
  }
}
