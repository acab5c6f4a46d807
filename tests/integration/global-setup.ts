// One real PostgreSQL for the whole integration run: embedded (a temp folder) unless TEST_DATABASE_ADMIN_URL
// points at a local server. A migrated template database lets each test file get a fresh copy in milliseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/db/embedded';
import { migrate } from '../../lib/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export const TEMPLATE_DB = 'fleet_test_template';

let server: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`Integration tests drop and create databases; refusing to run against non-local host ${host}.`);
  }
}

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fleet-test-pg-'));
    server = await startEmbeddedPostgres({ dataDir, database: 'postgres' });
    adminUrl = server.url;
  }
  assertLocal(adminUrl);

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await migrate(templateUrl.toString());

  project.provide('pgAdminUrl', adminUrl);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
