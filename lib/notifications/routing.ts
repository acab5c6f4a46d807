// Which channels a message goes to. A channel that takes incidents takes those at or above its minimum severity, and only its own
// team's when it names a team; budget alerts and the weekly report are opt-in per channel.
import type { Prisma } from '@/lib/generated/prisma/client';
import type { IncidentSeverity } from '@/lib/domain/enums';

type Tx = Pick<Prisma.TransactionClient, 'notificationChannel'>;

export type Route =
  | { type: 'incident'; severity: IncidentSeverity; teamId: number | null }
  | { type: 'budget_alert'; teamId: number | null }
  /** A notice to a job's owner that it wastes GPUs: it goes where the team's cost alerts go. */
  | { type: 'waste_notice'; teamId: number }
  | { type: 'weekly_report' };

export async function channelsFor(tx: Tx, route: Route): Promise<number[]> {
  const team =
    route.type === 'weekly_report'
      ? {}
      : { OR: [{ teamId: null }, ...(route.teamId === null ? [] : [{ teamId: route.teamId }])] };
  const where: Prisma.NotificationChannelWhereInput =
    route.type === 'incident'
      ? {
          enabled: true,
          incidents: true,
          ...team,
          ...(route.severity === 'ticket' ? { minSeverity: 'ticket' as const } : {}),
        }
      : route.type === 'budget_alert' || route.type === 'waste_notice'
        ? { enabled: true, budgetAlerts: true, ...team }
        : { enabled: true, weeklyReport: true };
  const rows = await tx.notificationChannel.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((row) => row.id);
}
