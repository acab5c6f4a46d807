'use client';

// Keeps one incident's page fresh: the server's first paint, then the route handler polled, so new signals, actions
// and deliveries appear as they happen. A failed refresh keeps the last good page and says how old it is.
import { RefreshFailure } from '@/components/live/RefreshFailure';
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
  const { data, error, dataUpdatedAt, failureCount, now } = useLive<IncidentDetail>(
    ['incidents', initial.incident.id],
    `/api/incidents/${initial.incident.id}`,
    initial,
    refreshSeconds,
  );
  const current = data ?? initial;
  return (
    <>
      <RefreshFailure
        error={error}
        receivedAt={dataUpdatedAt}
        now={now}
        refreshSeconds={refreshSeconds}
        failureCount={failureCount}
      />
      <IncidentView data={current} now={Math.max(now, dataUpdatedAt)} viewer={viewer} formKeys={formKeys} />
    </>
  );
}
