// The production web server of a clone (`next start`), a signed-in session through next-auth's credentials
// flow (the requests a browser makes), and the time of one whole server render of a page.
import http from 'node:http';
import { freePort } from '../../lib/db/embedded';
import { nextBin } from './app';
import { BENCH_PASSWORD, BENCH_USER } from './dataset';
import { signalGroup, start, userEnv, type Started } from './processes';

export interface WebServer {
  base: string;
  run: Started;
  stop(): Promise<void>;
}

export async function startWeb(
  appDir: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<WebServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const run = start(process.execPath, [nextBin(appDir), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: userEnv({
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: 'bench-secret-0123456789abcdef',
      NEXTAUTH_URL: base,
      PORT: String(port),
      ...extraEnv,
    }),
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (run.child.exitCode !== null) throw new Error(`next start exited:\n${run.lines.map((l) => l.text).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    run,
    async stop() {
      signalGroup(run.child, 'SIGTERM');
      await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      signalGroup(run.child, 'SIGKILL');
    },
  };
}

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);

/** Signs in as a browser does: the CSRF token, then the credentials callback; returns the Cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/`, json: 'true' }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed (${response.status}): ${await response.text()}`);
  return [...jar, session].join('; ');
}

/** Starts the built console on `databaseUrl`, signs the bench's viewer in, runs `measure`, then stops the console. */
export async function asBenchViewer<T>(
  appDir: string,
  databaseUrl: string,
  measure: (web: WebServer, cookie: string) => Promise<T>,
): Promise<T> {
  const web = await startWeb(appDir, databaseUrl);
  try {
    return await measure(web, await signIn(web.base, BENCH_USER, BENCH_PASSWORD));
  } finally {
    await web.stop();
  }
}

/** One request read to its last byte; throws unless it is a 200 that looks like the page and shows no error. */
export async function fetchWhole(url: string, cookie: string, mustContain: string, mustNotContain = 'overview-error') {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(mustContain) || body.includes(mustNotContain)) {
    throw new Error(
      `${url} answered ${response.status} with "${mustNotContain}" or without "${mustContain}": ${body.slice(0, 300)}`,
    );
  }
  return body.length;
}

/** One GET as a browser sends it (gzip accepted), read to its end: the bytes on the wire and how they were encoded. */
export function fetchEncoded(url: string, cookie: string) {
  return new Promise<{ status: number; encoding: string | null; wireBytes: number; contentType: string | null }>(
    (resolve, reject) => {
      const request = http.get(url, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
        let wireBytes = 0;
        response.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            encoding: response.headers['content-encoding'] ?? null,
            wireBytes,
            contentType: response.headers['content-type'] ?? null,
          }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    },
  );
}
