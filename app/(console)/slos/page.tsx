// Every SLO: the SLI now, the error budget left, the burn rates against the alert thresholds and the alerts
// firing. Everyone reads it; admins add SLOs here and edit them on each SLO's page.
import { randomUUID } from 'node:crypto';
import { SloForm } from '@/components/slos/SloForm';
import { SlosLive } from '@/components/slos/SlosLive';
import { Card, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { getSlos } from '@/lib/queries/slos';

export const metadata = { title: 'SLOs · Fleet Console' };

export default async function SlosPage() {
  const user = await requireUser();
  const admin = authorize(user, 'admin');
  const initial = await orUnavailable(getSlos());
  return (
    <div className="page">
      <PageHeader
        title="SLOs"
        subtitle="Each SLI over its window, the error budget left = (1 - target) x window, and the burn rates that page or open a ticket when both windows of a pair exceed their rate."
      />
      <SlosLive initial={initial} refreshSeconds={env().FLEET_REFRESH_SECONDS} />
      {admin && (
        <Card title="New SLO">
          <SloForm initialKey={randomUUID()} />
        </Card>
      )}
    </div>
  );
}
