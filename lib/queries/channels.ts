// Notification channels as the admin page lists them, with how their deliveries went over the last 7 days.
// Secrets (a webhook's signing secret, PagerDuty's routing key, Slack's URL, whose path is its secret) never
// leave the server whole: the page shows their last 4 characters.
import 'server-only';
import { db } from '@/lib/db';
import type { ChannelKind as Kind, IncidentSeverity } from '@/lib/domain/enums';
import { DAY_MS } from '@/lib/domain/time';

type StoredConfig = { url?: string; secret?: string; routingKey?: string; to?: string[] };

/** "…1a2b": enough to tell two secrets apart, not enough to use one. */
export const lastFour = (secret: string) => `…${secret.slice(-4)}`;

/** Slack's URL with its secret path hidden: the host says where it goes. */
function maskedUrl(url: string): string {
  try {
    return `${new URL(url).origin}/${lastFour(url)}`;
  } catch {
    return lastFour(url);
  }
}

export interface ChannelView {
  id: number;
  name: string;
  kind: Kind;
  /** Where it sends, safe to show: a URL (Slack's masked), the addresses, or the masked routing key. */
  target: string;
  signed: boolean;
  teamId: number | null;
  team: string | null;
  /** 'none': the channel takes no incidents. */
  minSeverity: IncidentSeverity | 'none';
  budgetAlerts: boolean;
  weeklyReport: boolean;
  enabled: boolean;
  lastWeek: { sent: number; failed: number; queued: number };
  lastError: string | null;
}

/** What the edit form starts from: plain settings as they are, secrets only as their last 4 characters. */
export interface ChannelSettingsView {
  id: number;
  name: string;
  kind: Kind;
  teamId: number | null;
  /** 'none': the channel takes no incidents. */
  minSeverity: IncidentSeverity | 'none';
  budgetAlerts: boolean;
  weeklyReport: boolean;
  /** The webhook's URL, or PagerDuty's Events API URL. */
  url: string | null;
  to: string[];
  /** "…1a2b" for the stored secret, Slack URL or routing key; null when there is none. */
  secretHint: string | null;
}

function target(kind: Kind, config: StoredConfig): string {
  if (kind === 'email') return config.to?.join(', ') ?? '';
  if (kind === 'slack') return config.url ? maskedUrl(config.url) : '';
  if (kind === 'pagerduty') return config.routingKey ? `routing key ${lastFour(config.routingKey)}` : '';
  return config.url ?? '';
}

export async function listChannels(now: Date = new Date()): Promise<ChannelView[]> {
  const since = new Date(now.getTime() - 7 * DAY_MS);
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
    const config = (channel.config ?? {}) as StoredConfig;
    const count = (state: 'sent' | 'failed' | 'queued') =>
      counts.find((row) => row.channelId === channel.id && row.state === state)?._count ?? 0;
    return {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      target: target(channel.kind, config),
      signed: Boolean(config.secret),
      teamId: channel.teamId,
      team: channel.team?.name ?? null,
      minSeverity: channel.incidents ? channel.minSeverity : 'none',
      budgetAlerts: channel.budgetAlerts,
      weeklyReport: channel.weeklyReport,
      enabled: channel.enabled,
      lastWeek: { sent: count('sent'), failed: count('failed'), queued: count('queued') },
      lastError: errors.find((row) => row.channelId === channel.id)?.lastError ?? null,
    };
  });
}

export async function getChannelSettings(id: number): Promise<ChannelSettingsView | null> {
  const channel = await db.notificationChannel.findUnique({ where: { id } });
  if (!channel) return null;
  const config = (channel.config ?? {}) as StoredConfig;
  const secret =
    channel.kind === 'slack' ? config.url : channel.kind === 'pagerduty' ? config.routingKey : config.secret;
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    teamId: channel.teamId,
    minSeverity: channel.incidents ? channel.minSeverity : 'none',
    budgetAlerts: channel.budgetAlerts,
    weeklyReport: channel.weeklyReport,
    url: channel.kind === 'webhook' || channel.kind === 'pagerduty' ? (config.url ?? null) : null,
    to: config.to ?? [],
    secretHint: secret ? lastFour(secret) : null,
  };
}
