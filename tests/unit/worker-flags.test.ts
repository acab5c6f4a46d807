// The worker runs with the same V8 flags however it is started: by `npm start`, or alone by `npm run worker`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_ARGS, WORKER_V8_FLAGS } from '@/lib/worker/node-args';

describe('the worker process', () => {
  it('is started by npm run worker as npm start starts it, V8 flags included', () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(pkg.scripts.worker).toBe(['node', ...WORKER_NODE_ARGS].join(' '));
    expect(WORKER_V8_FLAGS.length).toBeGreaterThan(0);
    expect(WORKER_NODE_ARGS).toEqual(expect.arrayContaining(WORKER_V8_FLAGS));
  });
});
