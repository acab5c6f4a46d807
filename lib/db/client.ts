// The one Prisma client of a process, kept on globalThis so that hot reload in development does not open
// a new pool on every change.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { databaseUrl } from '@/lib/env';

const globalForDb = globalThis as unknown as { fleetDb?: PrismaClient };

function create() {
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: Number(process.env.FLEET_DB_POOL ?? 10) });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.fleetDb ?? create();
if (process.env.NODE_ENV !== 'production') globalForDb.fleetDb = db;

export type Db = PrismaClient;
