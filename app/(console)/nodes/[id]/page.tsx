// A node: its GPUs now and over the range, faults, jobs and state history. Reached from the fleet map.
import { IntentLink } from '@/components/ui/IntentLink';
import { notFound } from 'next/navigation';
import { NodeLive } from '@/components/nodes/NodeLive';
import { NODE_STATE } from '@/components/overview/labels';
import { TimeRangePicker } from '@/components/time-range/TimeRangePicker';
import { Badge, PageHeader, RangeUnread } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { shownNodeState } from '@/lib/domain/readings';
import { env } from '@/lib/env';
import { pageId, titledById } from '@/lib/detail-page';
import { getNode } from '@/lib/queries/nodes';
import { pageRange, timeRangeSearchParams } from '@/lib/time-range';
import type { PageSearchParams } from '@/lib/url-state';

type Params = Promise<{ id: string }>;
export const generateMetadata = titledById('Node');

export default async function NodePage({ params, searchParams }: { params: Params; searchParams: PageSearchParams }) {
  const user = await requireUser();
  const id = await pageId(params);
  const { range, unread } = pageRange(await searchParams);
  const node = await getNode(id, range);
  if (!node) notFound();
  // A node the scheduler calls ready whose GPUs have all gone silent is shown as not reporting.
  const state = NODE_STATE[shownNodeState(node.state, node.silence)];
  return (
    <div className="page">
      <PageHeader
        title={
          <>
            {node.hostname} <Badge tone={state.tone}>{state.label}</Badge>
          </>
        }
        subtitle={
          <>
            {node.gpus.length} × {node.pool.gpuModel} · {node.pool.name} ({node.pool.pricingClass.replace('_', '-')}) ·
            cluster {node.cluster}
            {node.stateReason ? ` · ${state.label.toLowerCase()}: ${node.stateReason}` : ''}
          </>
        }
        trail={
          <>
            <IntentLink href="/fleet">Fleet map</IntentLink> / {node.pool.name}
          </>
        }
        actions={<TimeRangePicker />}
      />
      <RangeUnread message={unread} instead="the last 24 hours" />
      <NodeLive
        initial={node}
        query={timeRangeSearchParams(range).toString()}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
        canAct={authorize(user, 'operator')}
      />
    </div>
  );
}
