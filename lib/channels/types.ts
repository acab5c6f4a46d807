// A notification channel sends one message somewhere (a webhook, an inbox; later Slack, PagerDuty). Each kind
// checks its own configuration and says whether a failure is worth retrying.
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
  send(config: Config, message: Message): Promise<void>;
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
