'use client';

// Keeps one incident's page fresh: the server's first paint, then the route handler polled, so new signals, actions
// and deliveries appear as they happen. A failed refresh keeps the last good page and says how old it is.
import { LivePanel } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { IncidentDetail } from '@/lib/queries/incidents/types';
import type { FormKeys } from './IncidentForms';
import { IncidentView, type Viewer } from './IncidentView';

interface Props {
  initial: IncidentDetail;
  refreshSeconds: number;
  viewer: Viewer;
  formKeys: FormKeys;
}

export function IncidentLive({ initial, refreshSeconds, viewer, formKeys }: Props) {
  const { id } = initial.incident;
  const live = useLive<IncidentDetail>(['incidents', id], `/api/incidents/${id}`, initial, refreshSeconds);
  return (
    <LivePanel live={live}>
      {(data, { now }) => <IncidentView data={data} now={now} viewer={viewer} formKeys={formKeys} />}
    </LivePanel>
  );
}
