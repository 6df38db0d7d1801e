import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  certPem: string;
  keyPem: string;
  /** Path of the PEM clients trust (`NODE_EXTRA_CA_CERTS`, `tlsOptions.ca`): the self-signed certificate itself. */
  caPath: string;
}

const CERT_FILE = 'ca.pem';
const KEY_FILE = 'ca-key.pem';

/**
 * The emulator's TLS identity: a self-signed certificate for IP 127.0.0.1 and localhost. A `certDir` that already
 * holds one is reused, so clients started with NODE_EXTRA_CA_CERTS (read once per process) keep trusting a
 * restarted emulator.
 */
export async function loadOrCreateCertificate(certDir: string | undefined): Promise<EmulatorCertificate> {
  const dir = certDir ?? (await mkdtemp(join(tmpdir(), 'arm-emulator-')));
  const caPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  if (existsSync(caPath) && existsSync(keyPath)) {
    return { certPem: await readFile(caPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8'), caPath };
  }
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'ARM emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 825 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  await mkdir(dir, { recursive: true });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(caPath, pems.cert);
  return { certPem: pems.cert, keyPem: pems.private, caPath };
}
