// The fleet map: every GPU on one screen, then the pools with their sizes. The server renders the page and the pools;
// the map itself, a canvas that needs the browser anyway, is fetched by the client as JSON and kept live. Sent inside
// the page, 32,768 GPUs made 3.8 MB of HTML whose parsing and hydration held the first draw past 2 s.
import { Suspense } from 'react';
import { RecentActions } from '@/components/actions';
import { FleetMapLive } from '@/components/fleet/FleetMapLive';
import { PoolTable } from '@/components/fleet/PoolTable';
import { authorize, requireUser } from '@/lib/auth/session';
import { orUnavailable } from '@/lib/db/errors';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { env } from '@/lib/env';
import { getPoolCapacity } from '@/lib/queries/fleet/pools';
import { LinkIssues, PageHeader } from '@/components/ui';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'Fleet map · Fleet Console' };

export default async function FleetPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const canAct = authorize(user, 'operator');
  const { scope, issue } = readClusterScope(await searchParams);
  const pools = await orUnavailable(getPoolCapacity(scope));
  return (
    <div className="page">
      <PageHeader
        title="Fleet map"
        subtitle={`Every GPU${scope.cluster ? ` of ${scope.cluster}` : ''} at its latest reading, by pool and node. Hover for details, click to open the node.`}
      />
      <LinkIssues issues={issue ? [issue] : []} />
      <Suspense>
        <FleetMapLive
          initial={null}
          query={withClusterScope({}, scope).toString()}
          initialError={pools ? null : 'database_unavailable'}
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
