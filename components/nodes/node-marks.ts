// What the node's charts mark: its faults, the actions asked of it (cordons, drains, reboots, automatic
// recoveries) and the times it went down, all from what its page already loaded.
import { actionLabel } from '@/components/actions/labels';
import type { ChartMark } from '@/components/charts/marks';
import { FAULT_KIND } from '@/components/overview/labels';
import type { NodeDetail } from '@/lib/queries/nodes/types';

export function nodeMarks(node: Pick<NodeDetail, 'faults' | 'actions' | 'states'>): ChartMark[] {
  const faults = node.faults.map((fault): ChartMark => ({
    at: Date.parse(fault.at),
    title: `${FAULT_KIND[fault.kind]}${fault.code === null ? '' : ` ${fault.code}`}${fault.gpuIndex === null ? '' : ` on GPU ${fault.gpuIndex}`}${fault.fatal ? ' (fatal)' : ''}`,
    detail: fault.meaning ?? fault.message,
    tone: fault.fatal ? 'bad' : 'warn',
  }));
  const actions = node.actions.map((action): ChartMark => ({
    at: Date.parse(action.requestedAt),
    title: `${actionLabel(action.kind, action.count)} by ${action.actor}`,
    detail: action.state === 'failed' ? `Failed: ${action.message ?? 'no reason given'}` : action.reason,
    tone: action.state === 'failed' ? 'bad' : 'info',
  }));
  // The first span is the state the range began in, not a change within it.
  const down = node.states
    .slice(1)
    .flatMap((span): ChartMark[] =>
      span.state === 'down'
        ? [{ at: Date.parse(span.from), title: 'Node down', detail: span.reason, tone: 'bad' }]
        : [],
    );
  return [...faults, ...actions, ...down];
}
