// The actions asked of a target, newest first: what, its state (a badge with words, never colour alone), who
// asked and why, when, and the executor's answer. Draws data only.
import { formatDateTime } from '@/components/charts/time-format';
import { Badge, EmptyState, Table, type Column } from '@/components/ui';
import { formatAge, formatDuration } from '@/lib/domain/units';
import type { TargetType } from '@/lib/ops/kinds';
import type { ActionView } from '@/lib/queries/actions';
import { ACTION_STATE, TARGET_NOUN, actionLabel } from './labels';

interface Props {
  actions: ActionView[];
  targetType: TargetType;
  /** Name each action's target: for a list that covers every target of a type. */
  showTarget: boolean;
  timeZone: string;
  now: number;
  caption: string;
}

function outcome(action: ActionView): string {
  const took =
    action.startedAt && action.finishedAt
      ? ` (${formatDuration(Date.parse(action.finishedAt) - Date.parse(action.startedAt))})`
      : '';
  if (action.message) return `${action.message}${took}`;
  if (action.state === 'pending') return 'Waiting for the worker to take it';
  if (action.state === 'running') return 'The executor is at work';
  return took ? `Done${took}` : '—';
}

export function ActionTable({ actions, targetType, showTarget, timeZone, now, caption }: Props) {
  const columns: Column<ActionView>[] = [
    {
      key: 'state',
      header: 'State',
      cell: (action) => (
        <Badge tone={ACTION_STATE[action.state].tone} data-testid="action-state">
          {ACTION_STATE[action.state].label}
        </Badge>
      ),
    },
    {
      key: 'action',
      header: 'Action',
      rowHeader: true,
      cell: (action) => (
        <>
          {actionLabel(action.kind, action.count)}
          {showTarget && <span className="muted"> · {action.target.label}</span>}
        </>
      ),
    },
    { key: 'actor', header: 'Asked by', cell: (action) => action.actor },
    { key: 'reason', header: 'Why', cell: (action) => action.reason },
    {
      key: 'requested',
      header: 'Asked',
      cell: (action) => (
        <time dateTime={action.requestedAt} title={formatDateTime(action.requestedAt, timeZone)}>
          {formatAge(new Date(action.requestedAt), new Date(now))}
          <span className="subtle"> · {formatDateTime(action.requestedAt, timeZone)}</span>
        </time>
      ),
    },
    {
      key: 'outcome',
      header: 'Result',
      cell: (action) => (
        <span className={action.state === 'failed' ? 'tone-bad' : undefined} data-testid="action-message">
          {outcome(action)}
        </span>
      ),
    },
  ];
  return (
    <Table
      columns={columns}
      rows={actions}
      caption={caption}
      density="compact"
      empty={
        <EmptyState
          title="No actions yet"
          description={`What operators or automatic recovery ask of ${showTarget ? `any ${TARGET_NOUN[targetType]}` : `this ${TARGET_NOUN[targetType]}`} shows here, with its state and the executor's answer.`}
        />
      }
    />
  );
}
