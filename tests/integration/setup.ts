// Runs before each integration test file: a fresh database of its own, named in DATABASE_URL before any
// module of the app reads it.
import { inject, vi } from 'vitest';
import { createTestDatabase } from './db';

vi.mock('server-only', () => ({}));

process.env.DATABASE_URL = await createTestDatabase(inject('pgAdminUrl'));
// The tests' own receivers (webhooks, Slack, Alertmanager) listen on loopback, which channels may not reach unless
// a range is allowed, as an in-house receiver would be.
process.env.FLEET_CHANNEL_ALLOWED_CIDRS ??= '127.0.0.0/8,::1/128';
