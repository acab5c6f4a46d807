// Each pool's warm spares: healthy nodes held out of service so that a replaced node's place is taken at once.
// Admins set how many; everyone reads the setting and the nodes held now.
import { Card, Table, type Column } from '@/components/ui';
import type { WarmSparesView } from '@/lib/queries/recovery/types';
import { WarmSparesForm } from './WarmSparesForm';

export function WarmSparesCard({
  pools,
  canEdit,
  keys,
}: {
  pools: WarmSparesView[];
  canEdit: boolean;
  keys: Record<number, string>;
}) {
  const columns: Column<WarmSparesView>[] = [
    { key: 'pool', header: 'Pool', rowHeader: true, cell: (pool) => `${pool.pool} · ${pool.cluster}` },
    {
      key: 'spares',
      header: 'Warm spares',
      cell: (pool) =>
        canEdit ? <WarmSparesForm pool={pool} initialKey={keys[pool.poolId]} /> : String(pool.warmSpares),
    },
    {
      key: 'held',
      header: 'Held now',
      cell: (pool) => (pool.held.length ? pool.held.join(', ') : <span className="hint">none</span>),
    },
  ];
  return (
    <Card
      title="Warm spares"
      description="Healthy nodes a pool holds out of service, running nothing: its least busy ready node, cordoned (drained when it runs work). When recovery replaces a node, a spare of its pool is uncordoned at once, so the capacity is back in seconds; another node is held as a spare afterwards."
      flush
      data-testid="warm-spares"
    >
      <Table caption="Warm spares per pool" columns={columns} rows={pools} rowKey={(pool) => pool.poolId} />
    </Card>
  );
}
