// Seeds the console's own records for a topology: cluster, pools, nodes, GPUs, teams, projects, demo users,
// the default rate card, SLOs and recovery policies. Runs once per cluster: a second call for a cluster finds it and
// does nothing; a second cluster adds its own shape and only what the first did not (teams, rates of new models).
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { PricingClass, Role } from '@/lib/domain/enums';
import type { Topology } from '@/lib/sources/types';
import { DAY_MS, MINUTE_MS } from '@/lib/domain/time';

export interface SeedOptions {
  /** Demo passwords by role; any role left out gets a random one, returned once. */
  passwords?: Partial<Record<Role, string>>;
  currency?: string;
  /** The organisation's time zone: days and weeks of cost reports. */
  timeZone?: string;
  /** The earliest time the rate card must cover (the start of backfilled history). */
  pricesFrom?: Date;
  /** Monthly budgets to start with (the demo's), by team and optionally project; made with the cluster only. */
  budgets?: { name: string; team: string; project?: string; monthlyAmount: number }[];
}

export interface SeedResult {
  created: boolean;
  clusterId: number;
  /** Set only when demo users were created now: the one chance to show their passwords. */
  demoUsers?: { email: string; role: Role; password: string }[];
}

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'viewer@fleet.local', name: 'Vera Viewer', role: 'viewer' },
  { email: 'operator@fleet.local', name: 'Omar Operator', role: 'operator' },
  { email: 'admin@fleet.local', name: 'Ada Admin', role: 'admin' },
];

/** Default prices per GPU-hour for the demo's H800 pools; an admin edits them on the rate card page. */
export const DEMO_RATES: Record<PricingClass, number> = {
  on_demand: 3.4,
  reserved: 2.1,
  spot: 1.35,
};

export const DEFAULT_SLOS = [
  { name: 'GPU availability', kind: 'gpu_availability' as const, target: 0.999, windowDays: 30 },
  { name: 'Job goodput', kind: 'job_goodput' as const, target: 0.99, windowDays: 30 },
  { name: 'Inference availability', kind: 'inference_availability' as const, target: 0.999, windowDays: 30 },
];

export const DEFAULT_POLICIES = [
  { kind: 'restart_failed_job', config: { maxRestartsPerHour: 3, jobKinds: ['training', 'fine_tuning'] } },
  { kind: 'restart_stalled_job', config: { maxRestartsPerHour: 3, jobKinds: ['training', 'fine_tuning'] } },
  {
    kind: 'remediate_fatal_xid_node',
    config: { drainTimeoutMinutes: 5, replaceAfterReboots: 2, replaceAfterFaults: 3, faultWindowHours: 168 },
  },
];

export async function seedDemo(db: PrismaClient, topology: Topology, options: SeedOptions = {}): Promise<SeedResult> {
  const existing = await db.cluster.findUnique({ where: { name: topology.cluster.name } });
  if (existing) return { created: false, clusterId: existing.id };

  const currency = options.currency ?? 'USD';
  const pricesFrom = options.pricesFrom ?? new Date(Date.now() - 90 * DAY_MS);
  const demoUsers = DEMO_USERS.map((user) => ({
    ...user,
    password: options.passwords?.[user.role] ?? randomBytes(9).toString('base64url'),
  }));
  const hashes = await Promise.all(demoUsers.map((user) => bcrypt.hash(user.password, 10)));

  const seeded = await db.$transaction(
    async (tx) => {
      const cluster = await tx.cluster.create({
        data: { name: topology.cluster.name, scheduler: topology.cluster.scheduler, region: topology.cluster.region },
      });
      const poolIds = new Map<string, number>();
      for (const pool of topology.pools) {
        const row = await tx.pool.create({ data: { ...pool, clusterId: cluster.id } });
        poolIds.set(pool.name, row.id);
      }
      await tx.node.createMany({
        data: topology.nodes.map((node) => ({
          clusterId: cluster.id,
          poolId: poolIds.get(node.pool)!,
          hostname: node.hostname,
          state: 'ready' as const,
        })),
      });
      const nodes = await tx.node.findMany({ where: { clusterId: cluster.id }, select: { id: true, hostname: true } });
      const nodeIds = new Map(nodes.map((node) => [node.hostname, node.id]));
      await tx.gpu.createMany({
        data: topology.nodes.flatMap((node) =>
          node.gpus.map((gpu) => ({ nodeId: nodeIds.get(node.hostname)!, ...gpu })),
        ),
      });
      for (const team of topology.teams) {
        const row = await tx.team.upsert({ where: { name: team.name }, create: { name: team.name }, update: {} });
        await tx.project.createMany({
          data: team.projects.map((name) => ({ teamId: row.id, name })),
          skipDuplicates: true,
        });
      }
      const users = await tx.user.createMany({
        data: demoUsers.map((user, i) => ({
          email: user.email,
          name: user.name,
          role: user.role,
          passwordHash: hashes[i],
        })),
        skipDuplicates: true,
      });
      const priced = await tx.rateCard.findMany({ select: { gpuModel: true }, distinct: ['gpuModel'] });
      const models = new Set(topology.pools.map((pool) => pool.gpuModel));
      for (const { gpuModel } of priced) models.delete(gpuModel);
      await tx.rateCard.createMany({
        data: [...models].flatMap((gpuModel) =>
          (Object.keys(DEMO_RATES) as (keyof typeof DEMO_RATES)[]).map((pricingClass) => ({
            gpuModel,
            pricingClass,
            pricePerGpuHour: DEMO_RATES[pricingClass],
            currency,
            effectiveFrom: pricesFrom,
          })),
        ),
      });
      for (const budget of options.budgets ?? []) {
        const team = await tx.team.findUnique({ where: { name: budget.team } });
        const project = budget.project
          ? await tx.project.findFirst({ where: { teamId: team?.id, name: budget.project } })
          : null;
        if (!team || (budget.project && !project)) continue;
        if (await tx.budget.findFirst({ where: { name: budget.name } })) continue;
        await tx.budget.create({
          data: {
            name: budget.name,
            teamId: team.id,
            projectId: project?.id ?? null,
            monthlyAmount: budget.monthlyAmount,
            currency,
          },
        });
      }
      await tx.slo.createMany({ data: DEFAULT_SLOS, skipDuplicates: true });
      await tx.recoveryPolicy.createMany({ data: DEFAULT_POLICIES, skipDuplicates: true });
      await tx.setting.createMany({
        data: [
          { key: 'org.timeZone', value: options.timeZone ?? 'UTC' },
          { key: 'org.currency', value: currency },
        ],
        skipDuplicates: true,
      });
      return { clusterId: cluster.id, usersCreated: users.count > 0 };
    },
    { timeout: MINUTE_MS },
  );

  return {
    created: true,
    clusterId: seeded.clusterId,
    // Passwords are shown only when the users were made now.
    ...(seeded.usersCreated
      ? { demoUsers: demoUsers.map(({ email, role, password }) => ({ email, role, password })) }
      : {}),
  };
}
