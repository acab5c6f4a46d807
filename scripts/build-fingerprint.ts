// Decides whether `next build` output matches the code: a fingerprint of the sources' paths, sizes and
// modification times, written beside the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'next.config.js',
  'package-lock.json',
  'tsconfig.json',
];
const SKIP = new Set(['node_modules', '.next', 'generated']);

function walk(file: string, hash: ReturnType<typeof createHash>) {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(file).sort()) if (!SKIP.has(entry)) walk(path.join(file, entry), hash);
  } else {
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
}

export function fingerprint(root: string) {
  const hash = createHash('sha256');
  for (const input of INPUTS) walk(path.join(root, input), hash);
  return hash.digest('hex');
}

const marker = (root: string) => path.join(root, '.next', 'fleet-build-fingerprint');

export function buildIsCurrent(root: string) {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(marker(root))) return false;
  return readFileSync(marker(root), 'utf8') === fingerprint(root);
}

export function recordBuild(root: string) {
  writeFileSync(marker(root), fingerprint(root));
}
