// The latest minute per pool: where the fleet's GPUs are, and how busy each pool is.
import { IntentLink } from '@/components/ui/IntentLink';
import { Card, Table, type Column } from '@/components/ui';
import { formatCount, formatPercent } from '@/lib/domain/units';
import type { PoolNow } from '@/lib/queries/overview/types';

const COLUMNS: Column<PoolNow>[] = [
  {
    key: 'name',
    header: 'Pool',
    cell: (pool) => (
      <IntentLink href={`/fleet?${new URLSearchParams({ cluster: pool.cluster, pool: String(pool.poolId) })}`}>
        {pool.name}
      </IntentLink>
    ),
    rowHeader: true,
  },
  { key: 'model', header: 'GPU model', cell: (pool) => pool.gpuModel },
  { key: 'gpus', header: 'GPUs', cell: (pool) => formatCount(pool.provisionedGpus), numeric: true },
  { key: 'healthy', header: 'Healthy', cell: (pool) => formatCount(pool.healthyGpus), numeric: true },
  { key: 'allocated', header: 'Allocated', cell: (pool) => formatCount(pool.allocatedGpus), numeric: true },
  {
    key: 'allocation',
    header: 'Allocation',
    cell: (pool) => formatPercent(pool.allocation, { digits: 1 }),
    numeric: true,
  },
  {
    key: 'utilization',
    header: 'Utilization',
    cell: (pool) => formatPercent(pool.utilization, { digits: 1 }),
    numeric: true,
  },
];

const CLUSTER_COLUMN: Column<PoolNow> = {
  key: 'cluster',
  header: 'Cluster',
  cell: (pool) => <IntentLink href={`/?${new URLSearchParams({ cluster: pool.cluster })}`}>{pool.cluster}</IntentLink>,
};

export function PoolTable({ pools }: { pools: PoolNow[] }) {
  if (pools.length === 0) return null;
  // Pools of several clusters may share a name: the cluster says which is which.
  const several = new Set(pools.map((pool) => pool.cluster)).size > 1;
  return (
    <Card title="Pools" description="Latest minute per pool" flush>
      <Table
        columns={several ? [CLUSTER_COLUMN, ...COLUMNS] : COLUMNS}
        rows={pools}
        rowKey={(pool) => pool.poolId}
        caption="GPU pools, latest minute"
        density="compact"
      />
    </Card>
  );
}
