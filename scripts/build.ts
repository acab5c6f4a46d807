// Builds the web app when its build is missing or stale, as `npm start` does before it starts. The test command
// runs it before the browser tests, so that the wait for their server covers a start, not a build: on a busy
// machine a build alone can outlast that wait.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIsCurrent, recordBuild } from './build-fingerprint';

const root = path.resolve(import.meta.dirname, '..');

if (buildIsCurrent(root)) {
  console.log('the build is current');
} else {
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  // Types are checked by the test command's own step, so the build skips them (as `npm start` does).
  const build = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FLEET_FAST_BUILD: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  recordBuild(root);
}
