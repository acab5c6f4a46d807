// A generic JSON webhook. The body is signed with HMAC-SHA256 over "<timestamp>.<body>" with the channel's
// secret, in the header X-Fleet-Signature: sha256=<hex>, so a receiver can check it came from us, unaltered
// and recent (X-Fleet-Timestamp, Unix seconds).
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { isRetryable, postJson } from './http';
import { DeliveryError, type Channel, type Message } from './types';

export const webhookConfig = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  secret: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type WebhookConfig = z.infer<typeof webhookConfig>;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const webhook: Channel<WebhookConfig> = {
  kind: 'webhook',
  config: webhookConfig,
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
      'user-agent': 'FleetConsole-Webhook/1',
      'x-fleet-delivery': message.id,
      'x-fleet-timestamp': timestamp,
    };
    if (settings.secret) headers['x-fleet-signature'] = signature(settings.secret, timestamp, body);
    const answer = await postJson(settings.url, body, { what: 'webhook', headers });
    if (answer.status >= 200 && answer.status < 300) return `The receiver accepted it (${answer.status})`;
    // A 4xx other than throttling means the receiver refuses this message; trying again will not change that.
    throw new DeliveryError(
      `webhook answered ${answer.status} ${answer.statusText}`.trim(),
      isRetryable(answer.status),
    );
  },
};
