// The pools: GPU model, pricing class, the node count each is asked to have against its nodes by state now,
// and a Scale button for operators. Counts are as of the page load; the scale's progress shows below.
import { ActionButtons } from '@/components/actions';
import { PRICING_LABELS } from '@/components/costs/labels';
import { Card, EmptyState, Table, type Column } from '@/components/ui';
import { formatCount } from '@/lib/domain/units';
import type { PoolCapacity } from '@/lib/queries/fleet/pools';
import { poolLabel } from './map-model';

function columns(pools: PoolCapacity[], canAct: boolean): Column<PoolCapacity>[] {
  const count = (pick: (pool: PoolCapacity) => number) => (pool: PoolCapacity) => formatCount(pick(pool));
  return [
    { key: 'name', header: 'Pool', rowHeader: true, cell: (pool) => poolLabel(pools, pool) },
    { key: 'model', header: 'GPU model', cell: (pool) => pool.gpuModel },
    { key: 'class', header: 'Pricing class', cell: (pool) => PRICING_LABELS[pool.pricingClass] },
    { key: 'desired', header: 'Desired nodes', numeric: true, cell: count((pool) => pool.desiredNodes) },
    { key: 'ready', header: 'Ready', numeric: true, cell: count((pool) => pool.ready) },
    { key: 'silent', header: 'Not reporting', numeric: true, cell: count((pool) => pool.notReporting) },
    { key: 'cordoned', header: 'Cordoned', numeric: true, cell: count((pool) => pool.cordoned) },
    { key: 'down', header: 'Down', numeric: true, cell: count((pool) => pool.down) },
    { key: 'starting', header: 'Starting', numeric: true, cell: count((pool) => pool.starting) },
    ...(canAct
      ? [
          {
            key: 'scale',
            header: <span className="visually-hidden">Actions</span>,
            align: 'end' as const,
            cell: (pool: PoolCapacity) => (
              <ActionButtons
                target={{ type: 'pool', id: pool.id, label: poolLabel(pools, pool), desired: pool.desiredNodes }}
                operations={['pool.scale']}
                compact
                canAct
              />
            ),
          },
        ]
      : []),
  ];
}

export function PoolTable({ pools, canAct }: { pools: PoolCapacity[]; canAct: boolean }) {
  return (
    <Card
      title="Pools"
      description={
        canAct
          ? 'Nodes by state now, against the number each pool is asked to have'
          : 'Nodes by state now, against the number each pool is asked to have. Scaling a pool needs the operator role.'
      }
      flush
      data-testid="pool-table"
    >
      <Table
        columns={columns(pools, canAct)}
        rows={pools}
        caption="Pools: desired nodes and nodes by state"
        density="compact"
        empty={<EmptyState title="No pools yet" description="Pools appear once the worker reads the cluster." />}
      />
    </Card>
  );
}
