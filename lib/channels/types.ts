// A notification channel sends one message somewhere (a webhook, an inbox, Slack, PagerDuty). Each kind checks
// its own configuration, says whether a failure is worth retrying, and says in words what the receiver answered.
import type { z } from 'zod';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Message {
  /** Names the message for receivers that deduplicate (the notification's dedup key). */
  id: string;
  /** budget_alert, weekly_report, … */
  type: string;
  subject: string;
  text: string;
  /** Structured content, for machines (the webhook's body). */
  data: Record<string, unknown>;
  /** Files for the channels that carry them (email); others get links in `data`. */
  attachments?: Attachment[];
}

export interface Channel<Config> {
  readonly kind: string;
  readonly config: z.ZodType<Config>;
  /** Resolves with the receiver's answer in words ("Slack accepted it (200)"), shown when an admin tests it. */
  send(config: Config, message: Message): Promise<string>;
}

/** A delivery that failed. `retry: false` for failures another attempt cannot fix (a bad address, no SMTP). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean = true,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
