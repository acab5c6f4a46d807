// Seeds each simulated cluster (or, with a real source, the console's own defaults) when the database lacks it. Also
// usable alone: `npx tsx scripts/seed.ts`.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../lib/generated/prisma/client';
import { loadClusters, type ClusterConfig } from '../lib/clusters/config';
import type { Env } from '../lib/env';
import { seedDemo, type SeedResult } from '../lib/db/seed';
import type { Topology } from '../lib/sources/types';
import { demoBudgets } from '../lib/sources/simulator/catalog';
import { historyStart, newSimulator, simulatedTopology } from '../lib/worker/simulator-session';

/** A simulated cluster's whole shape; a real cluster's nodes, pools and teams come from its source. */
async function topologyOf(cluster: ClusterConfig): Promise<Topology> {
  const { env } = cluster;
  if (env.FLEET_SOURCE === 'simulator') {
    const simulator = newSimulator({
      seed: env.FLEET_SIM_SEED,
      nodes: env.FLEET_SIM_NODES,
      backfillDays: env.FLEET_BACKFILL_DAYS,
    });
    return simulatedTopology(await simulator.topology(), {
      cluster: cluster.name,
      region: cluster.region ?? undefined,
    });
  }
  const source: string = env.FLEET_SOURCE;
  const scheduler = source === 'slurm' ? 'slurm' : 'kubernetes';
  return {
    cluster: { name: cluster.name, scheduler, region: cluster.region ?? undefined },
    pools: [],
    nodes: [],
    teams: [],
  };
}

export async function seedDatabase(
  databaseUrl: string,
  config: Env,
  clusters: ClusterConfig[] = loadClusters(),
): Promise<SeedResult> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    // Users, SLOs, policies and settings come with the first cluster; rate cards with each simulated GPU model.
    const results: SeedResult[] = [];
    for (const cluster of clusters) {
      results.push(
        await seedDemo(db, await topologyOf(cluster), {
          currency: config.FLEET_CURRENCY,
          timeZone: config.FLEET_ORG_TIMEZONE,
          pricesFrom: new Date(historyStart(config.FLEET_BACKFILL_DAYS).getTime() - 86_400_000),
          // The demo's budgets, sized for its fleet; a real cluster's are an admin's to set.
          budgets: cluster.env.FLEET_SOURCE === 'simulator' ? demoBudgets(cluster.env.FLEET_SIM_NODES * 8) : undefined,
          passwords: {
            viewer: config.FLEET_DEMO_PASSWORD_VIEWER,
            operator: config.FLEET_DEMO_PASSWORD_OPERATOR,
            admin: config.FLEET_DEMO_PASSWORD_ADMIN,
          },
        }),
      );
    }
    return {
      created: results.some((result) => result.created),
      clusterId: results[0].clusterId,
      demoUsers: results.find((result) => result.demoUsers)?.demoUsers,
    };
  } finally {
    await db.$disconnect();
  }
}
