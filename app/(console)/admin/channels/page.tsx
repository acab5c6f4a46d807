// Notification channels (admins only): where budget alerts and the weekly report are sent, and how that went.
import { randomUUID } from 'node:crypto';
import { ChannelForm } from '@/components/admin/ChannelForm';
import { ChannelToggle } from '@/components/admin/ChannelToggle';
import { Badge, Card, EmptyState, Table, type Column } from '@/components/ui';
import { requireRole } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { listChannels, type ChannelView } from '@/lib/queries/channels';

export const metadata = { title: 'Channels · Fleet Console' };

export default async function ChannelsPage() {
  await requireRole('admin');
  const [channels, teams] = await Promise.all([
    listChannels(),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  const columns: Column<ChannelView>[] = [
    { key: 'name', header: 'Channel', rowHeader: true, cell: (row) => row.name },
    {
      key: 'target',
      header: 'Sends to',
      cell: (row) => (
        <span>
          {row.kind === 'webhook' ? 'Webhook' : 'Email'} · <span className="mono">{row.target}</span>
          {row.kind === 'webhook' && !row.signed ? <span className="subtle"> (unsigned)</span> : null}
        </span>
      ),
    },
    {
      key: 'takes',
      header: 'Receives',
      cell: (row) =>
        [row.budgetAlerts && `budget alerts${row.team ? ` of ${row.team}` : ''}`, row.weeklyReport && 'weekly report']
          .filter(Boolean)
          .join(', ') || 'nothing',
    },
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
      key: 'toggle',
      header: '',
      cell: (row) => <ChannelToggle id={row.id} enabled={row.enabled} initialKey={randomUUID()} />,
    },
  ];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Notification channels</h1>
          <p className="page-subtitle">
            Budget alerts and the weekly report go to these. Webhooks receive JSON signed with HMAC-SHA256 (header
            X-Fleet-Signature); email goes through{' '}
            {env().FLEET_SMTP_URL
              ? 'the SMTP server of FLEET_SMTP_URL'
              : 'FLEET_SMTP_URL, which is not set: email cannot be sent yet'}
            .
          </p>
        </div>
      </header>
      <Card title="Channels" flush>
        <Table
          caption="Notification channels"
          columns={columns}
          rows={channels}
          rowKey={(row) => row.id}
          maxHeight="none"
          empty={
            <EmptyState
              title="No channels yet"
              description="Add one below to receive budget alerts and the weekly report."
            />
          }
        />
      </Card>
      <Card title="New channel">
        <ChannelForm initialKey={randomUUID()} teams={teams} />
      </Card>
    </div>
  );
}
