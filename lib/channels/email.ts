// Email through the SMTP server of FLEET_SMTP_URL (nodemailer), from FLEET_SMTP_FROM, with attachments.
import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import { env } from '@/lib/env';
import { DeliveryError, type Channel } from './types';

const config = z.object({
  to: z
    .array(z.email({ error: 'is not an email address' }))
    .min(1, 'needs at least one address')
    .max(50),
});
export type EmailConfig = z.infer<typeof config>;

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

export const email: Channel<EmailConfig> = {
  kind: 'email',
  config,
  async send(settings, message) {
    const { FLEET_SMTP_URL: url, FLEET_SMTP_FROM: from } = env();
    if (!url) throw new DeliveryError('email is not set up: set FLEET_SMTP_URL', false);
    try {
      await transporter(url).sendMail({
        from,
        to: settings.to,
        subject: message.subject,
        text: message.text,
        headers: { 'X-Fleet-Message': message.id },
        attachments: message.attachments?.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: file.content,
        })),
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server is a permanent refusal (no such mailbox); anything else may pass later.
      throw new DeliveryError(`email not sent: ${(error as Error).message}`, !(code && code >= 500));
    }
  },
};
