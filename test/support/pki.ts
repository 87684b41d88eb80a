/**
 * Certificates for TLS tests, made with the openssl command line (as an
 * operator would): a CA, and certificates it signs for the controller and
 * for switches. Everything lives in a temporary directory the caller removes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Issued {
  readonly cert: string;
  readonly key: string;
  /** File contents, for in-process clients. */
  readonly certPem: Buffer;
  readonly keyPem: Buffer;
}

export interface Ca extends Issued {
  readonly name: string;
  /** Sign a certificate for `cn` (an end entity: CA:FALSE). */
  issue(cn: string, opts?: { days?: number }): Issued;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

export class Pki {
  readonly dir: string;
  private n = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'nodeflow-pki-'));
  }

  /** A self-signed CA (EC P-256: fast to make and to use). */
  ca(name: string): Ca {
    const key = join(this.dir, `${name}-ca.key`);
    const cert = join(this.dir, `${name}-ca.pem`);
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '2', '-subj', `/CN=${name} test CA`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], this.dir);
    const self = this;
    return {
      name, cert, key, certPem: readFileSync(cert), keyPem: readFileSync(key),
      issue(cn: string, opts: { days?: number } = {}): Issued {
        const base = join(self.dir, `${name}-${cn}-${++self.n}`);
        openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`], self.dir);
        openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', cert, '-CAkey', key, '-CAcreateserial', '-out', `${base}.pem`, '-days', String(opts.days ?? 2)], self.dir);
        return { cert: `${base}.pem`, key: `${base}.key`, certPem: readFileSync(`${base}.pem`), keyPem: readFileSync(`${base}.key`) };
      },
    };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh Pki with our CA ('ours') and a stranger's ('theirs'): what TLS tests refuse and accept. */
export function twoCas(): { pki: Pki; ca: Ca; other: Ca } {
  const pki = new Pki();
  return { pki, ca: pki.ca('ours'), other: pki.ca('theirs') };
}
