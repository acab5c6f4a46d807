// The worker runs with the same V8 flags however it is started: by `npm start`, or alone by `npm run worker`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_V8_FLAGS } from '@/lib/worker/v8-flags';

describe('the worker process', () => {
  it('gets the V8 flags npm start gives it when started by npm run worker', () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8'));
    const script: string = pkg.scripts.worker;
    expect(WORKER_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of WORKER_V8_FLAGS) expect(script.split(' ')).toContain(flag);
  });
});
