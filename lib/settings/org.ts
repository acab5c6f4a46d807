// The organisation's time zone and currency: the settings table first, then the environment.
import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';

export interface OrgSettings {
  timeZone: string;
  currency: string;
}

function validTimeZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

export async function readSettings(): Promise<OrgSettings> {
  const rows = await db.$queryRaw<{ key: string; value: string | null }[]>`
    SELECT key, value #>> '{}' AS value FROM setting WHERE key IN ('org.timeZone', 'org.currency')`;
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return {
    timeZone: validTimeZone(value('org.timeZone')) ?? validTimeZone(env().FLEET_ORG_TIMEZONE) ?? 'UTC',
    currency: value('org.currency') ?? env().FLEET_CURRENCY,
  };
}
