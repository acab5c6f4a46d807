// `npm run db:migrate`: applies the migrations to DATABASE_URL.
import { migrate } from '../lib/db/migrate';
import { databaseUrl } from '../lib/env';

const result = await migrate(databaseUrl());
console.log(
  result.applied.length ? `applied: ${result.applied.join(', ')}` : `up to date (${result.skipped} migrations)`,
);
