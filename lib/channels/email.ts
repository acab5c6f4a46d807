// Email through the SMTP server of FLEET_SMTP_URL (nodemailer), from FLEET_SMTP_FROM, with attachments.
import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import { env } from '@/lib/env';
import { incidentFacts, incidentHeadline, incidentOf } from './incident';
import { linkOf } from './links';
import { DeliveryError, type Channel, type Message } from './types';

export const emailConfig = z.object({
  to: z
    .array(z.email({ error: 'is not an email address' }))
    .min(1, 'needs at least one address')
    .max(50),
});
export type EmailConfig = z.infer<typeof emailConfig>;

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(url: string): Transporter {
  // Bounded waits: a test from the admin page waits for the answer, and a stuck server should not hold a worker.
  if (transport?.url !== url) {
    transport = {
      url,
      transporter: nodemailer.createTransport({
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return transport.transporter;
}

/** Subject and text as the inbox shows them; an incident's says its event and severity in words. */
export function emailContent(message: Message): { subject: string; text: string; references?: string } {
  const incident = incidentOf(message);
  if (!incident) return { subject: message.subject, text: message.text };
  const width = Math.max(...incidentFacts(incident).map(([label]) => label.length)) + 2;
  const facts = incidentFacts(incident).map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const link = linkOf(message.data);
  return {
    subject: `[Incident #${incident.incident.id}] ${incidentHeadline(incident)}`,
    text: [message.text, '', ...facts, ...(link && !message.text.includes(link) ? ['', link] : [])].join('\n'),
    // Every message about one incident refers to the same id, so mail readers thread them together.
    references: `<incident-${incident.incident.id}@fleet-console>`,
  };
}

export const email: Channel<EmailConfig> = {
  kind: 'email',
  config: emailConfig,
  async send(settings, message) {
    const { FLEET_SMTP_URL: url, FLEET_SMTP_FROM: from } = env();
    if (!url) throw new DeliveryError('email is not set up: set FLEET_SMTP_URL', false);
    const content = emailContent(message);
    try {
      const info = await transporter(url).sendMail({
        from,
        to: settings.to,
        subject: content.subject,
        text: content.text,
        references: content.references,
        headers: { 'X-Fleet-Message': message.id },
        attachments: message.attachments?.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: file.content,
        })),
      });
      return `The mail server accepted it (${String(info.response ?? '').slice(0, 200) || 'no answer text'})`;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server is a permanent refusal (no such mailbox); anything else may pass later.
      throw new DeliveryError(`email not sent: ${(error as Error).message}`, !(code && code >= 500));
    }
  },
};
