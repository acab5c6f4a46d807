// The fleet map: every GPU on one screen, then the pools with their sizes. The server renders the first
// paint; the client keeps the map live.
import { Suspense } from 'react';
import { RecentActions } from '@/components/actions';
import { FleetMapLive } from '@/components/fleet/FleetMapLive';
import { PoolTable } from '@/components/fleet/PoolTable';
import { authorize, requireUser } from '@/lib/auth/session';
import { orUnavailable } from '@/lib/db/errors';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { env } from '@/lib/env';
import { getFleetMap } from '@/lib/queries/fleet/map';
import { getPoolCapacity } from '@/lib/queries/fleet/pools';
import { LinkIssues, PageHeader } from '@/components/ui';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Fleet map · Fleet Console' };

export default async function FleetPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const canAct = authorize(user, 'operator');
  const { scope, issue } = readClusterScope(await searchParams);
  const [initial, pools] = await Promise.all([
    orUnavailable(getFleetMap(new Date(), scope)),
    orUnavailable(getPoolCapacity(scope)),
  ]);
  return (
    <div className="page">
      <PageHeader
        title="Fleet map"
        subtitle={`Every GPU${scope.cluster ? ` of ${scope.cluster}` : ''} at its latest reading, by pool and node. Hover for details, click to open the node.`}
      />
      <LinkIssues issues={issue ? [issue] : []} />
      <Suspense>
        <FleetMapLive
          initial={initial}
          query={withClusterScope({}, scope).toString()}
          initialError={initial ? null : 'database_unavailable'}
          refreshSeconds={env().FLEET_REFRESH_SECONDS}
        />
      </Suspense>
      {pools && (
        <>
          <PoolTable pools={pools} canAct={canAct} />
          <RecentActions target={{ type: 'pool' }} title="Recent pool actions" />
        </>
      )}
    </div>
  );
}
