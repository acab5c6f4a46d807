// The channel kinds the console can send through, each a Channel of its own; a kind not listed is refused when
// a channel is saved.
import { email } from './email';
import { pagerduty } from './pagerduty';
import { slack } from './slack';
import type { Channel } from './types';
import { webhook } from './webhook';

export { DeliveryError, type Attachment, type Message } from './types';

export const CHANNELS = { webhook, email, slack, pagerduty } as const;

export function channelFor(kind: string): Channel<unknown> | null {
  return (CHANNELS as Record<string, Channel<unknown>>)[kind] ?? null;
}
