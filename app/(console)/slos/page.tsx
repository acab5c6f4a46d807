// Every SLO: the SLI now, the error budget left, the burn rates against the alert thresholds and the alerts
// firing. Everyone reads it; admins add SLOs here and edit them on each SLO's page.
import { randomUUID } from 'node:crypto';
import { SloForm } from '@/components/slos/SloForm';
import { SlosLive } from '@/components/slos/SlosLive';
import { Card } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { DatabaseUnavailableError } from '@/lib/db';
import { getSlos, type SloListView } from '@/lib/queries/slos';

export const metadata = { title: 'SLOs · Fleet Console' };

export default async function SlosPage() {
  const user = await requireUser();
  const admin = authorize(user, 'admin');
  let initial: SloListView | null = null;
  try {
    initial = await getSlos();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
  }
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">SLOs</h1>
          <p className="page-subtitle">
            Each SLI over its window, the error budget left = (1 - target) x window, and the burn rates that page or
            open a ticket when both windows of a pair exceed their rate.
          </p>
        </div>
      </header>
      <SlosLive initial={initial} refreshSeconds={env().FLEET_REFRESH_SECONDS} />
      {admin && (
        <Card title="New SLO">
          <SloForm initialKey={randomUUID()} />
        </Card>
      )}
    </div>
  );
}
