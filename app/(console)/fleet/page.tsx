// The fleet map: every GPU on one screen. The server renders the first paint; the client keeps it live.
import { Suspense } from 'react';
import { FleetMapLive } from '@/components/fleet/FleetMapLive';
import { env } from '@/lib/env';
import { DatabaseUnavailableError } from '@/lib/db';
import { getFleetMap } from '@/lib/queries/fleet/map';
import type { FleetMap } from '@/lib/queries/fleet/types';

export const metadata = { title: 'Fleet map · Fleet Console' };

export default async function FleetPage() {
  let initial: FleetMap | null = null;
  try {
    initial = await getFleetMap();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
  }
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
    </div>
  );
}
