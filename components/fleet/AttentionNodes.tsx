'use client';

// The nodes that need someone: not ready, or holding a GPU with a fault. A list, so what the map shows in
// colour can also be read, sorted and reached by keyboard.
import { useState } from 'react';
import { IntentLink } from '@/components/ui/IntentLink';
import { Badge, Table, type Column } from '@/components/ui';
import { NODE_STATE } from '@/components/overview/labels';
import { GPU_CONDITION_LABELS } from '@/lib/domain/gpu-condition';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { ATTENTION_ROWS_SHOWN, attentionRows, hiddenByReason, type AttentionRow } from './attention';
import styles from './fleet.module.css';

const columns: Column<AttentionRow>[] = [
  {
    key: 'node',
    header: 'Node',
    rowHeader: true,
    cell: (row) => <IntentLink href={`/nodes/${row.node.id}`}>{row.node.hostname}</IntentLink>,
  },
  { key: 'pool', header: 'Pool', cell: (row) => row.pool },
  {
    key: 'state',
    header: 'State',
    cell: (row) => {
      // A node whose GPUs all went silent is not shown as Ready, whatever the scheduler last said.
      const state = NODE_STATE[row.state];
      return <Badge tone={state.tone}>{state.label}</Badge>;
    },
  },
  { key: 'reason', header: 'Reason', cell: (row) => row.node.stateReason ?? '' },
  {
    key: 'gpus',
    header: 'GPUs',
    cell: (row) =>
      [...row.trouble].map(([condition, count]) => `${count} × ${GPU_CONDITION_LABELS[condition]}`).join(', '),
  },
];

export function AttentionNodes({ map }: { map: FleetMap }) {
  const [all, setAll] = useState(false);
  const rows = attentionRows(map);
  const shown = all ? rows : rows.slice(0, ATTENTION_ROWS_SHOWN);
  const hidden = rows.length - shown.length;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <section aria-labelledby="attention-heading">
      <h2 id="attention-heading" className="section-title">
        Nodes that need attention <span className="num">({count(rows.length)})</span>
      </h2>
      <Table
        caption="Nodes that need attention"
        columns={columns}
        rows={shown}
        rowKey={(row) => row.node.id}
        density="compact"
        maxHeight="420px"
        empty={<p>Every node is ready and no GPU reports a fault.</p>}
      />
      {hidden > 0 && (
        <p className={styles.more} data-testid="attention-more">
          {count(hidden)} more not listed:{' '}
          {hiddenByReason(rows, shown.length)
            .map(({ reason, nodes }) => `${count(nodes)} ${reason}`)
            .join(', ')}
          .{' '}
          <button type="button" className={styles.clear} onClick={() => setAll(true)}>
            List all {count(rows.length)}
          </button>
        </p>
      )}
    </section>
  );
}
