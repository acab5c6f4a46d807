// Notification channels as the admin page lists them, with how their deliveries went over the last 7 days.
import 'server-only';
import { db } from '@/lib/db';

export interface ChannelView {
  id: number;
  name: string;
  kind: string;
  /** Where it sends: the URL or the addresses; never the webhook's secret. */
  target: string;
  signed: boolean;
  team: string | null;
  budgetAlerts: boolean;
  weeklyReport: boolean;
  enabled: boolean;
  lastWeek: { sent: number; failed: number; queued: number };
  lastError: string | null;
}

export async function listChannels(now: Date = new Date()): Promise<ChannelView[]> {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const [channels, counts, errors] = await Promise.all([
    db.notificationChannel.findMany({ include: { team: true }, orderBy: { name: 'asc' } }),
    db.notification.groupBy({ by: ['channelId', 'state'], where: { createdAt: { gte: since } }, _count: true }),
    db.notification.findMany({
      where: { lastError: { not: null } },
      orderBy: { id: 'desc' },
      distinct: ['channelId'],
      select: { channelId: true, lastError: true },
    }),
  ]);
  return channels.map((channel) => {
    const config = (channel.config ?? {}) as { url?: string; secret?: string; to?: string[] };
    const count = (state: 'sent' | 'failed' | 'queued') =>
      counts.find((row) => row.channelId === channel.id && row.state === state)?._count ?? 0;
    return {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      target: config.url ?? config.to?.join(', ') ?? '',
      signed: Boolean(config.secret),
      team: channel.team?.name ?? null,
      budgetAlerts: channel.budgetAlerts,
      weeklyReport: channel.weeklyReport,
      enabled: channel.enabled,
      lastWeek: { sent: count('sent'), failed: count('failed'), queued: count('queued') },
      lastError: errors.find((row) => row.channelId === channel.id)?.lastError ?? null,
    };
  });
}
