/**
 * Certificate files for OpenFlow over TLS: read, parsed and checked once at
 * startup so a wrong path, an unreadable file, a PEM that is not a
 * certificate, or a key that does not belong to the certificate stops the
 * process with a message naming the file, instead of failing on the first
 * switch that connects.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import tls from 'node:tls';

/** Paths as given on the command line. */
export interface TlsPaths {
  /** Our certificate (PEM; may hold the chain after it). */
  readonly cert: string;
  /** Our private key (PEM, unencrypted). */
  readonly key: string;
  /** CA certificate(s) (PEM) that peers' certificates must chain to. */
  readonly ca: string;
}

/** The checked contents. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca: Buffer;
  /** Subject of our certificate, for the startup log. */
  readonly subject: string;
  /** Expiry of our certificate (ISO 8601). */
  readonly validTo: string;
}

/** A problem with the TLS files (the CLI turns it into exit status 2). */
export class TlsConfigError extends Error {
  readonly code = 'NODEFLOW_ERR_TLS_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'TlsConfigError';
  }
}

function read(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new TlsConfigError(`${what} ${path}: cannot read (${why})`);
  }
}

function firstCert(what: string, path: string, pem: Buffer): X509Certificate {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new TlsConfigError(`${what} ${path}: no PEM certificate in it`);
  try {
    return new X509Certificate(pem);
  } catch (e) {
    throw new TlsConfigError(`${what} ${path}: not a valid certificate (${(e as Error).message})`);
  }
}

/**
 * Read and check the three files: each readable, the certificate and the CA
 * parse, the key parses and matches the certificate, the certificate has not
 * expired, and node:tls accepts the lot. Throws TlsConfigError.
 */
export function loadTlsMaterial(paths: TlsPaths, now = new Date()): TlsMaterial {
  const cert = read('--tls-cert', paths.cert);
  const key = read('--tls-key', paths.key);
  const ca = read('--tls-ca', paths.ca);
  const x = firstCert('--tls-cert', paths.cert, cert);
  const caCert = firstCert('--tls-ca', paths.ca, ca);
  if (!caCert.ca) throw new TlsConfigError(`--tls-ca ${paths.ca}: ${caCert.subject.replace(/\n/g, ', ')} is not a CA certificate (basicConstraints CA:FALSE)`);
  let k: KeyObject;
  try {
    k = createPrivateKey(key);
  } catch (e) {
    throw new TlsConfigError(`--tls-key ${paths.key}: not a usable private key (${(e as Error).message})`);
  }
  if (!x.checkPrivateKey(k)) throw new TlsConfigError(`--tls-key ${paths.key} does not belong to the certificate in ${paths.cert}`);
  if (new Date(x.validTo) < now) throw new TlsConfigError(`--tls-cert ${paths.cert}: expired on ${new Date(x.validTo).toISOString()}`);
  try {
    tls.createSecureContext({ cert, key, ca });
  } catch (e) {
    throw new TlsConfigError(`TLS files refused by node:tls: ${(e as Error).message}`);
  }
  return { cert, key, ca, subject: x.subject.replace(/\n/g, ', '), validTo: new Date(x.validTo).toISOString() };
}
