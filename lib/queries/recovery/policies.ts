// The automatic recovery policies as admins edit them: each with its title, description and settings read
// through its schema, so a setting missing from the stored JSON shows its default, as the worker applies it.
import 'server-only';
import { db } from '@/lib/db';
import {
  nodePolicyConfig,
  POLICY_INFO,
  POLICY_KINDS,
  restartPolicyConfig,
  type PolicyKind,
} from '@/lib/recovery/policies';
import type { RecoveryPolicyView, WarmSparesView } from './types';

/** The policies in POLICY_KINDS order; a kind with no row (never seeded) is left out. */
export async function listRecoveryPolicies(): Promise<RecoveryPolicyView[]> {
  const rows = await db.recoveryPolicy.findMany();
  return POLICY_KINDS.flatMap((kind: PolicyKind): RecoveryPolicyView[] => {
    const row = rows.find((candidate) => candidate.kind === kind);
    if (!row) return [];
    const base = { id: row.id, ...POLICY_INFO[kind], enabled: row.enabled, updatedAt: row.updatedAt.toISOString() };
    // A stored setting the schema refuses (edited by hand) reads as its default rather than failing the page.
    return kind === 'remediate_fatal_xid_node'
      ? [{ ...base, kind, config: readConfig(nodePolicyConfig, row.config) }]
      : [{ ...base, kind, config: readConfig(restartPolicyConfig, row.config) }];
  });
}

function readConfig<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
): T {
  const parsed = schema.safeParse(value ?? {});
  return parsed.success ? parsed.data : (schema.safeParse({}) as { success: true; data: T }).data;
}

/** Each pool's warm spares: the setting, and the nodes held as spares now (cordoned, or being cordoned). */
export async function listWarmSpares(): Promise<WarmSparesView[]> {
  const rows = await db.$queryRaw<
    { id: number; pool: string; cluster: string; warm_spares: number; held: string[]; nodes: number }[]
  >`
    SELECT p.id, p.name AS pool, c.name AS cluster, p.warm_spares,
           coalesce(array_agg(n.hostname ORDER BY n.hostname) FILTER (WHERE n.spare_since IS NOT NULL), '{}') AS held,
           (count(n.id) FILTER (WHERE n.state <> 'retired'))::int AS nodes
    FROM pool p JOIN cluster c ON c.id = p.cluster_id LEFT JOIN node n ON n.pool_id = p.id
    GROUP BY p.id, c.name ORDER BY c.name, p.name`;
  return rows.map((row) => ({
    poolId: row.id,
    pool: row.pool,
    cluster: row.cluster,
    warmSpares: row.warm_spares,
    held: row.held,
    nodes: row.nodes,
  }));
}
