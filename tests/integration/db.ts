import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEMPLATE_DB } from './global-setup';

/**
 * Creates a database from `template` and returns its URL: by default the suite's migrated template, empty of rows;
 * PostgreSQL's own `template1` for one with no tables at all (a migration's starting point).
 */
export async function createTestDatabase(adminUrl: string, template = TEMPLATE_DB): Promise<string> {
  const name = `fleet_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
