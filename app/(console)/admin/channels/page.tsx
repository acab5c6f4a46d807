// Notification channels (admins only): where incidents, budget alerts and the weekly report are sent, and how
// that went. ?edit=<id> opens one channel's settings above the list.
import { randomUUID } from 'node:crypto';
import { IntentLink } from '@/components/ui/IntentLink';
import { ChannelDelete } from '@/components/admin/ChannelDelete';
import { ChannelForm } from '@/components/admin/ChannelForm';
import { KIND_LABELS } from '@/components/admin/channel-labels';
import { ChannelTest } from '@/components/admin/ChannelTest';
import { ChannelToggle } from '@/components/admin/ChannelToggle';
import { Badge, Banner, buttonClass, Card, type Column, EmptyState, PageHeader, Table } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { RoleRequired } from '@/components/auth/RoleRequired';
import { PAGERDUTY_EVENTS_URL } from '@/lib/channels/settings';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { getChannelSettings, listChannels, type ChannelView } from '@/lib/queries/channels';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Channels · Fleet Console' };

function receives(row: ChannelView): string {
  const team = row.team ? ` of ${row.team}` : '';
  return [
    row.minSeverity !== 'none' && `${row.minSeverity === 'page' ? 'pages' : 'pages and tickets'}${team}`,
    row.budgetAlerts && `budget alerts${team}`,
    row.weeklyReport && 'the weekly report',
  ]
    .filter(Boolean)
    .join(', ');
}

export default async function ChannelsPage({ searchParams }: { searchParams: PageSearchParams }) {
  if (!authorize(await requireUser(), 'admin')) return <RoleRequired role="admin" />;
  const { edit } = await searchParams;
  const editId = typeof edit === 'string' && /^\d{1,9}$/.test(edit) ? Number(edit) : null;
  const [channels, teams, editing] = await Promise.all([
    listChannels(),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    editId === null ? null : getChannelSettings(editId),
  ]);
  const columns: Column<ChannelView>[] = [
    {
      key: 'name',
      header: 'Channel',
      rowHeader: true,
      cell: (row) => (
        <span className="clip" title={row.name}>
          {row.name}
        </span>
      ),
    },
    {
      key: 'target',
      header: 'Sends to',
      cell: (row) => (
        <span>
          {KIND_LABELS[row.kind]} ·{' '}
          <span className="mono clip" title={row.target}>
            {row.target}
          </span>
          {row.kind === 'webhook' && !row.signed ? <span className="subtle"> (unsigned)</span> : null}
        </span>
      ),
    },
    { key: 'takes', header: 'Receives', cell: receives },
    {
      key: 'week',
      header: 'Last 7 days',
      cell: (row) => (
        <span title={row.lastError ?? undefined}>
          {row.lastWeek.sent} sent
          {row.lastWeek.failed > 0 ? <span className="tone-bad"> · {row.lastWeek.failed} failed</span> : null}
          {row.lastWeek.queued > 0 ? <span className="subtle"> · {row.lastWeek.queued} waiting</span> : null}
        </span>
      ),
    },
    {
      key: 'state',
      header: 'State',
      cell: (row) => <Badge tone={row.enabled ? 'ok' : 'neutral'}>{row.enabled ? 'On' : 'Off'}</Badge>,
    },
    {
      key: 'actions',
      header: 'Actions',
      width: '320px',
      cell: (row) => (
        <ChannelTest id={row.id} name={row.name} initialKey={randomUUID()}>
          <IntentLink
            href={`/admin/channels?edit=${row.id}`}
            className={buttonClass({ size: 'sm', variant: 'ghost' })}
            aria-label={`Edit ${row.name}`}
          >
            Edit
          </IntentLink>
          <ChannelToggle id={row.id} name={row.name} enabled={row.enabled} initialKey={randomUUID()} />
          <ChannelDelete id={row.id} name={row.name} initialKey={randomUUID()} />
        </ChannelTest>
      ),
    },
  ];
  return (
    <div className="page">
      <PageHeader
        title="Notification channels"
        subtitle={
          <>
            Incidents, budget alerts and the weekly report go to these. Slack gets laid-out messages; PagerDuty gets
            incidents as alerts that it acknowledges and resolves with them; webhooks receive JSON signed with
            HMAC-SHA256 (header X-Fleet-Signature); email goes through{' '}
            {env().FLEET_SMTP_URL
              ? 'the SMTP server of FLEET_SMTP_URL'
              : 'FLEET_SMTP_URL, which is not set: email cannot be sent yet'}
            .
          </>
        }
      />
      {editId !== null && !editing && (
        <Banner tone="warn" title="That channel does not exist (any more)">
          <IntentLink href="/admin/channels">Back to the list</IntentLink>
        </Banner>
      )}
      {editing && (
        <Card
          title={`Edit ${editing.name}`}
          actions={
            <IntentLink href="/admin/channels" className={buttonClass({ size: 'sm', variant: 'ghost' })}>
              Close
            </IntentLink>
          }
        >
          <ChannelForm
            key={editing.id}
            initialKey={randomUUID()}
            teams={teams}
            pagerDutyUrl={PAGERDUTY_EVENTS_URL}
            channel={editing}
          />
        </Card>
      )}
      <Card title="Channels" flush>
        <Table
          caption="Notification channels"
          columns={columns}
          rows={channels}
          empty={
            <EmptyState
              title="No channels yet"
              description="Add one below to receive incidents, budget alerts and the weekly report."
            />
          }
        />
      </Card>
      <Card title="New channel">
        <ChannelForm initialKey={randomUUID()} teams={teams} pagerDutyUrl={PAGERDUTY_EVENTS_URL} />
      </Card>
    </div>
  );
}
