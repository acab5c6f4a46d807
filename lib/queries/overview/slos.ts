// Every enabled SLO with its latest evaluation by the worker; none for one the worker cannot measure now (no
// Prometheus, no data), so the overview never shows a stale or made-up figure for it.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import type { ClusterScope } from '@/lib/clusters/scope';
import type { SloKind } from '@/lib/domain/enums';
import { sloDefinitionOf, tooLittleMeasured } from '@/lib/domain/slo';
import type { SloStatus } from './types';

/** In a cluster's scope, its SLOs and the organisation's. */
export async function sloStatus(scope?: ClusterScope): Promise<SloStatus[]> {
  const inScope = scope?.cluster ? Prisma.sql`(s.cluster_id IS NULL OR c.name = ${scope.cluster})` : Prisma.sql`true`;
  const rows = await db.$queryRaw<
    {
      id: number;
      name: string;
      kind: SloKind;
      target: number;
      window_days: number;
      cluster: string | null;
      at: Date | null;
      sli: number | null;
      budget_remaining: number | null;
      coverage: number | null;
      not_measured_reason: string | null;
    }[]
  >`
    SELECT s.id, s.name, s.kind::text AS kind, s.target, s.window_days, c.name AS cluster, s.not_measured_reason,
           l.at, l.sli, l.budget_remaining, l.coverage
    FROM slo s
    LEFT JOIN cluster c ON c.id = s.cluster_id
    LEFT JOIN LATERAL (
      SELECT at, sli, budget_remaining, coverage FROM slo_snapshot WHERE slo_id = s.id ORDER BY at DESC LIMIT 1
    ) l ON true
    WHERE s.enabled AND ${inScope}
    ORDER BY s.id`;
  return rows.map((row) => {
    // A figure from a sliver of its window is no figure (DOMAIN.md "Coverage").
    const notMeasured =
      row.not_measured_reason ?? (row.at ? tooLittleMeasured(row.target, row.window_days, row.coverage) : null);
    return {
      ...sloDefinitionOf(row),
      latest:
        !notMeasured && row.at && row.sli !== null && row.budget_remaining !== null
          ? { at: row.at.toISOString(), sli: row.sli, budgetRemaining: row.budget_remaining, coverage: row.coverage }
          : null,
      notMeasured,
    };
  });
}
