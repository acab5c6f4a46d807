// A fresh clone of the repository, as a user has it after `git clone` and `npm ci`: the committed code,
// node_modules (hard-linked from this checkout rather than installed again: same files, seconds instead of
// minutes) and the Prisma client that `npm ci`'s postinstall generates.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIsCurrent, recordBuild } from '../../scripts/build-fingerprint';
import { repoRoot } from './machine';
import { runToEnd, userEnv } from './processes';

/** The bench's scratch folder: BENCH_WORK_DIR when run.ts passes one, else a new one under the temp dir. */
export function workDir(): { dir: string; owned: boolean } {
  const given = process.env.BENCH_WORK_DIR;
  if (given) return { dir: given, owned: false };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to reach the data folders inside.
  chmodSync(dir, 0o755);
  return { dir, owned: true };
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

export async function freshClone(target: string) {
  removeDir(target);
  const t0 = performance.now();
  await runToEnd('git', ['clone', '--quiet', repoRoot, target]);
  await runToEnd('cp', ['-al', path.join(repoRoot, 'node_modules'), path.join(target, 'node_modules')]);
  await runToEnd('npx', ['prisma', 'generate'], {
    cwd: target,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  return { dir: target, ms: performance.now() - t0 };
}

export const nextBin = (appDir: string) => path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');

/** `next build` exactly as `npm start` runs it (no second type-check), recorded so that `npm start` trusts it. */
export async function nextBuild(appDir: string) {
  const { ms } = await runToEnd(process.execPath, [nextBin(appDir), 'build'], {
    cwd: appDir,
    env: userEnv({ NEXT_TELEMETRY_DISABLED: '1', FLEET_FAST_BUILD: '1' }),
  });
  recordBuild(appDir);
  return ms;
}

/** A clone with a current production build, reusing one left by an earlier benchmark of this run. */
export async function builtApp(work: string) {
  const appDir = path.join(work, 'app');
  if (!existsSync(path.join(appDir, 'package.json'))) await freshClone(appDir);
  if (!buildIsCurrent(appDir)) {
    console.log('[bench] building the web app in the clone…');
    await nextBuild(appDir);
  }
  return appDir;
}
