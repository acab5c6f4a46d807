// The one Prisma client of a process, created on first use (so that importing a module never needs a
// database, e.g. while `next build` collects pages) and kept on globalThis so hot reload does not open a
// new pool on every change.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { databaseUrl, env } from '@/lib/env';

const globalForDb = globalThis as unknown as { fleetDb?: PrismaClient };

function instance(): PrismaClient {
  if (!globalForDb.fleetDb) {
    const adapter = new PrismaPg({ connectionString: databaseUrl(), max: env().FLEET_DB_POOL });
    globalForDb.fleetDb = new PrismaClient({ adapter });
  }
  return globalForDb.fleetDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = instance();
    const value = Reflect.get(client, property, client);
    return typeof value === 'function' ? value.bind(client) : value;
  },
});
