// Runs before each integration test file: a fresh database of its own, named in DATABASE_URL before any
// module of the app reads it.
import { inject, vi } from 'vitest';
import { createTestDatabase } from './db';

vi.mock('server-only', () => ({}));

process.env.DATABASE_URL = await createTestDatabase(inject('pgAdminUrl'));
