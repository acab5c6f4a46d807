// Names of the channel kinds, for the page (a server component) and the forms alike.
import type { ChannelSettingsView } from '@/lib/queries/channels';

export type ChannelKind = ChannelSettingsView['kind'];

export const KIND_LABELS: Record<ChannelKind, string> = {
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
  email: 'Email',
};

export const KIND_DESCRIPTIONS: Record<ChannelKind, string> = {
  slack: 'Slack (incoming webhook)',
  pagerduty: 'PagerDuty (Events API v2)',
  webhook: 'Webhook (JSON, signed)',
  email: 'Email',
};
