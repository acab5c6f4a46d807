// The fleet map: every GPU on one screen, then the pools with their sizes. The server renders the first
// paint; the client keeps the map live.
import { Suspense } from 'react';
import { RecentActions } from '@/components/actions';
import { FleetMapLive } from '@/components/fleet/FleetMapLive';
import { PoolTable } from '@/components/fleet/PoolTable';
import { authorize, requireUser } from '@/lib/auth/session';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { getFleetMap } from '@/lib/queries/fleet/map';
import { getPoolCapacity } from '@/lib/queries/fleet/pools';
import { PageHeader } from '@/components/ui';

export const metadata = { title: 'Fleet map · Fleet Console' };

export default async function FleetPage() {
  const user = await requireUser();
  const canAct = authorize(user, 'operator');
  const [initial, pools] = await Promise.all([orUnavailable(getFleetMap()), orUnavailable(getPoolCapacity())]);
  return (
    <div className="page">
      <PageHeader
        title="Fleet map"
        subtitle="Every GPU at its latest minute, by pool and node. Hover for details, click to open the node."
      />
      <Suspense>
        <FleetMapLive
          initial={initial}
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
