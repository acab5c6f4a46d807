// Slack incoming webhooks (and Slack-compatible receivers such as Mattermost): a JSON post with `text`, the
// fallback that notifications and simpler receivers show, and `blocks`, the laid-out message.
// https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks
import { z } from 'zod';
import { postJson, isRetryable } from './http';
import { EVENT_WORDS, incidentFacts, incidentHeadline, incidentOf } from './incident';
import { clip, linkOf } from './links';
import { DeliveryError, type Channel, type Message } from './types';
import { deliveryUrl } from './settings';

export const slackConfig = z.object({ url: deliveryUrl });
export type SlackConfig = z.infer<typeof slackConfig>;

// Slack's limits: a header's text, a section's text, one field of a section.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

const TYPE_WORDS: Record<string, string> = {
  budget_alert: 'Budget alert',
  weekly_report: 'Weekly report',
  incident: 'Incident',
  test: 'Test message',
};

/** Slack reads &, < and > in mrkdwn as markup: https://api.slack.com/reference/surfaces/formatting#escaping */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

export interface SlackBody {
  text: string;
  blocks: Record<string, unknown>[];
}

export function slackBody(message: Message): SlackBody {
  const incident = incidentOf(message);
  const link = linkOf(message.data);
  const headline = incident ? incidentHeadline(incident) : message.subject;
  const what = incident
    ? `Incident #${incident.incident.id} · ${EVENT_WORDS[incident.event].toLowerCase()}`
    : (TYPE_WORDS[message.type] ?? message.type);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline, HEADER_MAX) } },
  ];
  if (incident) {
    blocks.push({
      type: 'section',
      fields: incidentFacts(incident).map(([label, value]) =>
        mrkdwn(clip(`*${label}*\n${escapeMrkdwn(value)}`, FIELD_MAX)),
      ),
    });
  }
  if (message.text.trim()) {
    blocks.push({ type: 'section', text: mrkdwn(clip(escapeMrkdwn(message.text), SECTION_MAX)) });
  }
  if (link) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: incident ? 'Open the incident' : 'Open in Fleet Console' },
          url: link,
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn(link ? `Fleet Console · ${what} · <${link}|${escapeMrkdwn(link)}>` : `Fleet Console · ${what}`)],
  });
  const fallback = [
    `*${escapeMrkdwn(headline)}*`,
    escapeMrkdwn(message.text),
    link ? `<${link}|Open in Fleet Console>` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { text: clip(fallback, 40_000), blocks };
}

/** What Slack's webhook statuses mean (https://api.slack.com/messaging/webhooks#handling_errors). */
const SLACK_HINTS: Record<number, string> = {
  400: 'the message was refused as malformed',
  403: 'the webhook was revoked or may not post here',
  404: 'the webhook was removed, or its URL is wrong',
  410: 'the channel is archived',
};

export const slack: Channel<SlackConfig> = {
  kind: 'slack',
  config: slackConfig,
  async send(settings, message) {
    const answer = await postJson(settings.url, JSON.stringify(slackBody(message)), {
      what: 'Slack',
      headers: { 'user-agent': 'FleetConsole-Slack/1' },
    });
    if (answer.status >= 200 && answer.status < 300) return `Slack accepted it (${answer.status})`;
    // The status alone, with what it means for Slack: a receiver's body is never shown (see http.ts).
    const hint = SLACK_HINTS[answer.status];
    throw new DeliveryError(
      `Slack answered ${answer.status} ${answer.statusText}${hint ? ` (${hint})` : ''}`.trim(),
      isRetryable(answer.status),
    );
  },
};
