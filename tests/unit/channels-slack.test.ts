// Slack incoming-webhook messages as the console builds them: a fallback text and blocks that say the event
// and severity in words.
import { describe, expect, it } from 'vitest';
import { slackBody, slackConfig } from '@/lib/channels/slack';
import { emailContent } from '@/lib/channels/email';
import type { IncidentPayloadData } from '@/lib/notifications/payload';

const data: IncidentPayloadData = {
  event: 'resolved',
  incident: {
    id: 42,
    key: 'xid:gpu-node-003',
    title: 'Fatal XID 79 on gpu-node-003',
    severity: 'page',
    state: 'resolved',
    source: 'health_rule',
    summary: 'GPU fell off the bus',
    openedAt: '2026-11-25T09:51:00.000Z',
    team: 'research',
    job: null,
    node: { id: 3, hostname: 'gpu-node-003' },
    url: 'https://fleet.example.com/incidents/42',
  },
};
const incident = {
  id: 'incident:42:resolved:channel:1',
  type: 'incident',
  subject: 'Fatal XID 79 on gpu-node-003',
  text: 'The node was drained & rebooted; <all> GPUs back.',
  data,
};

describe('Slack messages', () => {
  it('says an incident event and its severity in words, in the fallback text and the header', () => {
    const body = slackBody(incident);
    expect(body.text).toBe(
      [
        '*Resolved (page): Fatal XID 79 on gpu-node-003*',
        'The node was drained &amp; rebooted; &lt;all&gt; GPUs back.',
        '<https://fleet.example.com/incidents/42|Open in Fleet Console>',
      ].join('\n'),
    );
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Resolved (page): Fatal XID 79 on gpu-node-003' },
    });
    expect(body.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Severity*\nPage' },
        { type: 'mrkdwn', text: '*State*\nResolved' },
        { type: 'mrkdwn', text: '*Team*\nresearch' },
        { type: 'mrkdwn', text: '*Node*\ngpu-node-003' },
        { type: 'mrkdwn', text: '*Source*\nhealth_rule' },
        { type: 'mrkdwn', text: '*Opened*\n2026-11-25T09:51:00.000Z' },
      ],
    });
  });

  it('links to the incident with a button and in the context line', () => {
    const blocks = slackBody(incident).blocks;
    expect(blocks).toContainEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the incident' },
          url: 'https://fleet.example.com/incidents/42',
        },
      ],
    });
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Fleet Console · Incident #42 · resolved · <https://fleet.example.com/incidents/42|https://fleet.example.com/incidents/42>',
        },
      ],
    });
  });

  it('shows other messages by their subject and text, with a link where data has one', () => {
    const body = slackBody({
      id: 'budget_alert:1:channel:1',
      type: 'budget_alert',
      subject: 'Budget Research: spend has reached 80%',
      text: 'Spent so far: $960.00',
      data: { url: 'https://fleet.example.com/budgets' },
    });
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section', 'actions', 'context']);
    expect(body.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Spent so far: $960.00' } });
    const bare = slackBody({ id: 't', type: 'test', subject: 'Test', text: 'Hello', data: {} });
    expect(bare.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(bare.text).toBe('*Test*\nHello');
  });

  it('keeps within Slack limits: a 150-character header and a 3,000-character section', () => {
    const body = slackBody({ id: 't', type: 'test', subject: 's'.repeat(500), text: 't'.repeat(5000), data: {} });
    const header = body.blocks[0] as { text: { text: string } };
    const section = body.blocks[1] as { text: { text: string } };
    expect(Array.from(header.text.text)).toHaveLength(150);
    expect(Array.from(section.text.text)).toHaveLength(3000);
  });

  it('falls back to the plain message when an incident message lacks its data', () => {
    const body = slackBody({ ...incident, data: { event: 'opened' } });
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Fatal XID 79 on gpu-node-003' },
    });
  });

  it('takes any https URL (Slack, Mattermost), and http only to this machine', () => {
    const ok = (url: string) => slackConfig.safeParse({ url }).success;
    expect(ok('https://hooks.slack.com/services/T000/B000/XXXX')).toBe(true);
    expect(ok('https://chat.example.com/hooks/abc123')).toBe(true);
    expect(ok('http://127.0.0.1:9000/hook')).toBe(true);
    expect(ok('http://hooks.slack.com/services/T000/B000/XXXX')).toBe(false);
    expect(ok('https://user:pw@hooks.slack.com/x')).toBe(false);
    expect(ok('not a url')).toBe(false);
  });
});

describe('email for incidents', () => {
  it('names the incident, its event and severity in the subject, with the facts and link below the text', () => {
    expect(emailContent(incident)).toEqual({
      subject: '[Incident #42] Resolved (page): Fatal XID 79 on gpu-node-003',
      text: [
        'The node was drained & rebooted; <all> GPUs back.',
        '',
        'Severity: Page',
        'State:    Resolved',
        'Team:     research',
        'Node:     gpu-node-003',
        'Source:   health_rule',
        'Opened:   2026-11-25T09:51:00.000Z',
        '',
        'https://fleet.example.com/incidents/42',
      ].join('\n'),
      references: '<incident-42@fleet-console>',
    });
  });

  it('leaves other messages as they are', () => {
    const message = { id: 'x', type: 'budget_alert', subject: 'S', text: 'T', data: {} };
    expect(emailContent(message)).toEqual({ subject: 'S', text: 'T' });
  });
});
