// Settings of the Slack and PagerDuty kinds, shared with the admin forms (no server imports here).
// Their URLs carry a secret (Slack's path) or reach one service, so they must be https; plain http is allowed
// only to this machine, for a relay or receiver beside the console.
import { z } from 'zod';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isAllowedDeliveryUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  } catch {
    return false;
  }
}

export const deliveryUrl = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2,000 characters')
  .refine(isAllowedDeliveryUrl, 'must be an https URL (http only to localhost)');

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** An Events API v2 integration key ("routing key") is 32 characters. */
export const routingKey = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character integration key of a PagerDuty service (Events API v2)');
