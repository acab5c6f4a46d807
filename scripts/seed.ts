// Seeds the demo cluster (or, with a real source, the console's own defaults) when the database has none. Also usable alone: `npx tsx scripts/seed.ts`.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../lib/generated/prisma/client';
import type { Env } from '../lib/env';
import { seedDemo, type SeedResult } from '../lib/db/seed';
import type { Topology } from '../lib/sources/types';
import { historyStart, newSimulator } from '../lib/worker/simulator-session';

export async function seedDatabase(databaseUrl: string, config: Env): Promise<SeedResult> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    // A real cluster's nodes, pools and teams come from its source: only users, SLOs, policies and settings are
    // seeded then, and rate cards are an admin's to enter.
    const topology: Topology =
      config.FLEET_SOURCE === 'simulator'
        ? await newSimulator({
            seed: config.FLEET_SIM_SEED,
            nodes: config.FLEET_SIM_NODES,
            backfillDays: config.FLEET_BACKFILL_DAYS,
          }).topology()
        : {
            cluster: { name: config.PROMETHEUS_CLUSTER_NAME, scheduler: 'kubernetes' },
            pools: [],
            nodes: [],
            teams: [],
          };
    return await seedDemo(db, topology, {
      currency: config.FLEET_CURRENCY,
      timeZone: config.FLEET_ORG_TIMEZONE,
      pricesFrom: new Date(historyStart(config.FLEET_BACKFILL_DAYS).getTime() - 86_400_000),
      passwords: {
        viewer: config.FLEET_DEMO_PASSWORD_VIEWER,
        operator: config.FLEET_DEMO_PASSWORD_OPERATOR,
        admin: config.FLEET_DEMO_PASSWORD_ADMIN,
      },
    });
  } finally {
    await db.$disconnect();
  }
}
