// A self-signed certificate for 127.0.0.1, made once per test process with openssl, for the fake to serve HTTPS:
// kubectl sends a bearer token only over TLS, as it should.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** The certificate's file, to trust it as a CA (kubectl --certificate-authority, KUBERNETES_CA_FILE). */
  certFile: string;
}

let made: Certificate | null = null;

export function localCertificate(): Certificate {
  if (made) return made;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-fake-k8s-tls-'));
  // The certificate's file is read by clients for as long as the process runs; nothing of it outlives the process.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=fake-kube-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  made = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
  return made;
}
