// Links back to the console in what the channels send.
import { env } from '@/lib/env';

/** The console's address as users reach it. */
export const consoleUrl = () => env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;

/** The page a message is about: data.url (budget alerts, the report) or the incident's own page. */
export function linkOf(data: Record<string, unknown>): string | null {
  const incident = data.incident as { url?: unknown } | undefined;
  const url = typeof data.url === 'string' ? data.url : typeof incident?.url === 'string' ? incident.url : null;
  return url && /^https?:\/\//.test(url) ? url : null;
}

/** At most `max` characters, an ellipsis marking the cut; never splits a character made of two code units. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
