// A self-signed certificate for 127.0.0.1, made once per test process with openssl, for the fake to serve HTTPS:
// kubectl sends a bearer token only over TLS, as it should.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** The certificate's file, to trust it as a CA (kubectl --certificate-authority, KUBERNETES_CA_FILE). */
  certFile: string;
}

let made: Certificate | null = null;

const PREFIX = 'fleet-fake-k8s-tls-';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Folders of processes that are gone: one ended by a signal (a test worker, a stopped run) never saw its `exit`. */
function removeOrphans() {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = name.startsWith(PREFIX) ? Number.parseInt(name.slice(PREFIX.length), 10) : Number.NaN;
    if (pid && !alive(pid)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

export function localCertificate(): Certificate {
  if (made) return made;
  removeOrphans();
  // Named by this process, so that a later process can tell it is gone; read by clients while this one runs.
  const dir = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
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
