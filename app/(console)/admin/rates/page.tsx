// The rate card (admins only): what a GPU-hour costs per GPU model and pricing class, and from when.
import { randomUUID } from 'node:crypto';
import { EndRateForm } from '@/components/admin/EndRateForm';
import { RateForm } from '@/components/admin/RateForm';
import { PRICING_LABELS } from '@/components/costs/labels';
import { Badge, Banner, Card, type Column, EmptyState, PageHeader, Table } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { RoleRequired } from '@/components/auth/RoleRequired';
import { formatLocalDateTime } from '@/lib/domain/time';
import { formatMoney } from '@/lib/domain/units';
import { readSettings } from '@/lib/settings/org';
import { getRateCard, type RatePeriodView } from '@/lib/queries/rates';

export const metadata = { title: 'Rates · Fleet Console' };

const STATUS = {
  past: { tone: 'neutral', label: 'Past' },
  current: { tone: 'ok', label: 'In force' },
  future: { tone: 'info', label: 'Upcoming' },
} as const;

export default async function RatesPage() {
  if (!authorize(await requireUser(), 'admin')) return <RoleRequired role="admin" />;
  const [card, { timeZone, currency }] = await Promise.all([getRateCard(), readSettings()]);
  const when = (iso: string | null) => (iso ? formatLocalDateTime(new Date(iso), timeZone) : 'open-ended');
  const columns: Column<RatePeriodView>[] = [
    { key: 'model', header: 'GPU model', rowHeader: true, cell: (row) => row.gpuModel },
    { key: 'class', header: 'Pricing class', cell: (row) => PRICING_LABELS[row.pricingClass] },
    {
      key: 'price',
      header: 'Per GPU-hour',
      numeric: true,
      cell: (row) =>
        `${formatMoney(row.pricePerGpuHour, { currency: row.currency })}${row.pricePerGpuHour * 100 !== Math.round(row.pricePerGpuHour * 100) ? ` (${row.pricePerGpuHour})` : ''}`,
    },
    { key: 'from', header: 'From', cell: (row) => when(row.effectiveFrom) },
    { key: 'to', header: 'Until', cell: (row) => when(row.effectiveTo) },
    {
      key: 'status',
      header: 'Status',
      cell: (row) => <Badge tone={STATUS[row.status].tone}>{STATUS[row.status].label}</Badge>,
    },
    {
      key: 'end',
      header: 'End it at',
      width: '280px',
      cell: (row) =>
        row.status === 'past' ? (
          <span className="subtle">history: unchanged</span>
        ) : (
          <EndRateForm
            id={row.id}
            initialKey={randomUUID()}
            label={`the ${row.gpuModel} ${PRICING_LABELS[row.pricingClass]} period from ${when(row.effectiveFrom)}`}
          />
        ),
    },
  ];
  return (
    <div className="page">
      <PageHeader
        title="Rate card"
        subtitle={
          <>
            Price per GPU-hour in {currency}, per GPU model and pricing class. Times in {timeZone}.
          </>
        }
      />
      {card.unpricedNow.length > 0 && (
        <Banner tone="warn" title="Some pools have no price now">
          {card.unpricedNow.map((pool) => `${pool.gpuModel} ${PRICING_LABELS[pool.pricingClass]}`).join(', ')}: their
          GPU-hours count as unpriced until a period covers them.
        </Banner>
      )}
      <Card title="New price period">
        <RateForm
          initialKey={randomUUID()}
          gpuModels={[...new Set(card.pools.map((pool) => pool.gpuModel))]}
          currency={currency}
          timeZone={timeZone}
        />
      </Card>
      <Card
        title="Price periods"
        description="A past period never changes, so costs already reported stay as they were."
        flush
      >
        <Table
          caption="Price periods"
          columns={columns}
          rows={card.periods}
          empty={
            <EmptyState
              title="No prices yet"
              description="Add a price period above; until then GPU-hours are unpriced."
            />
          }
        />
      </Card>
    </div>
  );
}
