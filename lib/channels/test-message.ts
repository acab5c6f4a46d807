// The message an admin sends to check a channel: harmless, marked as a test, and new each time (its id is
// PagerDuty's dedup key, so two tests are two alerts rather than one updated twice).
import { randomUUID } from 'node:crypto';
import { consoleUrl } from './links';
import type { Message } from './types';

export function testMessage(input: { channel: string; sentBy: string; now?: Date }): Message {
  const sentAt = (input.now ?? new Date()).toISOString();
  return {
    id: `test:${randomUUID()}`,
    type: 'test',
    subject: `Test message for the channel ${input.channel}`,
    text: `${input.sentBy} sent this from Fleet Console to check that the channel "${input.channel}" works. Nothing needs doing.`,
    data: { channel: input.channel, sentBy: input.sentBy, sentAt, url: `${consoleUrl()}/admin/channels` },
  };
}
