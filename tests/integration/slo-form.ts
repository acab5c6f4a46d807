// What the SLO form submits for a valid GPU availability SLO, with a fresh idempotency key: a test changes the
// fields it is about.
import { randomUUID } from 'node:crypto';

export const sloFields = (extra: Record<string, unknown> = {}) => ({
  name: 'GPU availability (H800)',
  kind: 'gpu_availability',
  target: '99.9',
  windowDays: '30',
  enabled: 'on',
  idempotencyKey: randomUUID(),
  ...extra,
});
