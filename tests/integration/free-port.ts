import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Ports for processes that cannot listen on port 0 and say which port they took (slurmd, Prometheus, the
// console's own server). A port the kernel hands out for port 0 is an ephemeral one: between our closing it and the
// process binding it, an outgoing connection of this machine, or another copy of the suite asking the same way,
// may take it (slurmd then fails with "Address already in use"). So ports come from below the ephemeral range, at
// random, each claimed by a file that every copy of the suite on this machine sees, and checked free by a bind.
const FIRST = 20_000;
const LAST = 32_000; // Linux's ephemeral range starts at 32768
const CLAIMS = path.join(os.tmpdir(), 'fleet-test-ports');
/**
 * A claim need only outlast the moment until its process binds the port (then the bind guards it), so one older
 * than this is taken as free again: a run that ended without removing its claims holds nothing for long.
 */
const STALE_MS = 2 * 60_000;

const claimed: string[] = [];
process.once('exit', () => {
  for (const file of claimed) rmSync(file, { force: true });
});

function claim(port: number): boolean {
  const file = path.join(CLAIMS, String(port));
  try {
    closeSync(openSync(file, 'wx'));
  } catch {
    const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age < STALE_MS) return false;
    rmSync(file, { force: true });
    return claim(port);
  }
  claimed.push(file);
  return true;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port free on 127.0.0.1 now and claimed for this process, for a process that cannot listen on port 0. */
export async function freePort(): Promise<number> {
  mkdirSync(CLAIMS, { recursive: true });
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (claim(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port between ${FIRST} and ${LAST} after 200 tries`);
}
