// Every enabled SLO with its latest evaluation by the worker.
import 'server-only';
import { db } from '@/lib/db';
import type { SloKind } from '@/lib/domain/slo';
import type { SloStatus } from './types';

export async function sloStatus(): Promise<SloStatus[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      name: string;
      kind: SloKind;
      target: number;
      window_days: number;
      at: Date | null;
      sli: number | null;
      budget_remaining: number | null;
    }[]
  >`
    SELECT s.id, s.name, s.kind::text AS kind, s.target, s.window_days, l.at, l.sli, l.budget_remaining
    FROM slo s
    LEFT JOIN LATERAL (
      SELECT at, sli, budget_remaining FROM slo_snapshot WHERE slo_id = s.id ORDER BY at DESC LIMIT 1
    ) l ON true
    WHERE s.enabled
    ORDER BY s.id`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target,
    windowDays: row.window_days,
    latest:
      row.at && row.sli !== null && row.budget_remaining !== null
        ? { at: row.at.toISOString(), sli: row.sli, budgetRemaining: row.budget_remaining }
        : null,
  }));
}
