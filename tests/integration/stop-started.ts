// The end of a test file that ran the worker against real systems: what its beforeAll started, stopped in the
// order that lets each part finish, and skipped where beforeAll failed before starting it.
import { rmSync } from 'node:fs';

/** Each part as the test file holds it: undefined (or null) where it was never started. */
type Part<T> = T | null | undefined;

interface Started {
  slurm?: Part<{ stop(): Promise<unknown> }>;
  drive?: Part<{ idle(): Promise<unknown> }>;
  collector?: Part<{ resign(): Promise<unknown> }>;
  prometheus?: Part<{ remove(): Promise<unknown> }>;
  exporter?: Part<{ close(): Promise<unknown> }>;
  api?: Part<{ close(): Promise<unknown> }>;
  pool?: Part<{ end(): Promise<unknown> }>;
  home?: string;
}

/**
 * Stops the cluster first (its jobs end), lets the drive finish its actions and the collector give up its lead,
 * then removes Prometheus, its exporter and the fake API server, ends the pool and removes the home folder.
 */
export async function stopStarted({ slurm, drive, collector, prometheus, exporter, api, pool, home }: Started) {
  await slurm?.stop();
  await drive?.idle();
  await collector?.resign();
  await prometheus?.remove();
  await exporter?.close();
  await api?.close();
  await pool?.end();
  if (home) rmSync(home, { recursive: true, force: true });
}
