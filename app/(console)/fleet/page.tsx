// The fleet map: every GPU on one screen, then the pools with their sizes. The server renders the first
// paint; the client keeps the map live.
import { Suspense } from 'react';
import { RecentActions } from '@/components/actions';
import { FleetMapLive } from '@/components/fleet/FleetMapLive';
import { PoolTable } from '@/components/fleet/PoolTable';
import { authorize, requireUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { DatabaseUnavailableError } from '@/lib/db';
import { getFleetMap } from '@/lib/queries/fleet/map';
import { getPoolCapacity, type PoolCapacity } from '@/lib/queries/fleet/pools';
import type { FleetMap } from '@/lib/queries/fleet/types';

export const metadata = { title: 'Fleet map · Fleet Console' };

/** The value, or null when the database cannot be reached: the page still renders, with its banner. */
async function orUnavailable<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    return null;
  }
}

export default async function FleetPage() {
  const user = await requireUser();
  const canAct = authorize(user, 'operator');
  const [initial, pools]: [FleetMap | null, PoolCapacity[] | null] = await Promise.all([
    orUnavailable(getFleetMap()),
    orUnavailable(getPoolCapacity()),
  ]);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Fleet map</h1>
          <p className="page-subtitle">
            Every GPU at its latest minute, by pool and node. Hover for details, click to open the node.
          </p>
        </div>
      </header>
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
