// A generic JSON webhook. The body is signed with HMAC-SHA256 over "<timestamp>.<body>" with the channel's
// secret, in the header X-Fleet-Signature: sha256=<hex>, so a receiver can check it came from us, unaltered
// and recent (X-Fleet-Timestamp, Unix seconds).
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { DeliveryError, type Channel, type Message } from './types';

const config = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  secret: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type WebhookConfig = z.infer<typeof config>;

const TIMEOUT_MS = 10_000;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const webhook: Channel<WebhookConfig> = {
  kind: 'webhook',
  config,
  async send(settings, message: Message) {
    const body = JSON.stringify({
      id: message.id,
      type: message.type,
      subject: message.subject,
      text: message.text,
      data: message.data,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'FleetConsole-Webhook/1',
      'x-fleet-delivery': message.id,
      'x-fleet-timestamp': timestamp,
    };
    if (settings.secret) headers['x-fleet-signature'] = signature(settings.secret, timestamp, body);
    let response: Response;
    try {
      response = await fetch(settings.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      throw new DeliveryError(`webhook unreachable: ${(error as Error).message}`);
    }
    await response.body?.cancel().catch(() => {});
    if (!response.ok) {
      // A 4xx other than throttling means the receiver refuses this message; trying again will not change that.
      const retry = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new DeliveryError(`webhook answered ${response.status} ${response.statusText}`.trim(), retry);
    }
  },
};
