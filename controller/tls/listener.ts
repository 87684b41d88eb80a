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
 */
import tls from 'node:tls';
import type { Logger } from '../log.js';
import type { TlsMaterial } from './files.js';

export interface TlsListenerOptions {
  readonly material: TlsMaterial;
  readonly host: string;
  readonly port: number;
  readonly backlog: number;
  /** A peer that has not finished the TLS handshake by then is dropped (ms). */
  readonly handshakeTimeoutMs: number;
  readonly logger: Logger;
  /** An authenticated switch connection (the controller's connection handler). */
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
  readonly server: tls.Server;

  constructor(private readonly o: TlsListenerOptions) {
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
      sock.destroy();
    });
  }

  listen(): Promise<void> {
    const s = this.server;
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
    const a = this.server.address();
    if (a && typeof a === 'object') return { host: a.address, port: a.port };
    return { host: this.o.host, port: this.o.port };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onSecure(sock: tls.TLSSocket): void {
    if (!sock.authorized) {
      this.refusals.unauthorized++;
      const code = sock.authorizationError ? String(sock.authorizationError) : '';
      const why = code === '' ? 'no verified certificate' : VERIFY_WORDS[code] ? `${code} (certificate ${VERIFY_WORDS[code]})` : code;
      this.log(this.refusals.unauthorized, 'switch certificate refused; connection closed', sock, why);
      sock.destroy();
      return;
    }
    const peer = sock.getPeerCertificate();
    this.o.logger.debug('TLS switch authenticated', { conn: `${sock.remoteAddress}:${sock.remotePort}`, subject: String(peer.subject?.CN ?? ''), protocol: sock.getProtocol() });
    this.o.accept(sock);
  }

  private log(n: number, msg: string, sock: tls.TLSSocket, reason: string): void {
    if (n > LOG_FIRST && n % LOG_EVERY !== 0) return;
    this.o.logger.warn(msg, { conn: `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`, reason, refused: n });
  }
}
