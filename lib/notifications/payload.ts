// What a notification row carries: the whole message, so a delivery retried hours later needs nothing else.
// The weekly report's PDF is the one part made at send time, from the stored report, for channels that carry files.

export interface NotificationPayload {
  type: 'budget_alert' | 'weekly_report' | 'test';
  subject: string;
  text: string;
  data: Record<string, unknown>;
  /** The stored weekly report whose PDF goes with the message, where the channel carries files. */
  reportId?: number;
}

export function isPayload(value: unknown): value is NotificationPayload {
  const payload = value as NotificationPayload | null;
  return !!payload && typeof payload.subject === 'string' && typeof payload.text === 'string';
}
