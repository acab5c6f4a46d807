// Every SLO: the SLI now, the error budget left, the burn rates against the alert thresholds and the alerts
// firing. Everyone reads it; admins add SLOs here and edit them on each SLO's page.
import { randomUUID } from 'node:crypto';
import { SloForm } from '@/components/slos/SloForm';
import { SlosLive } from '@/components/slos/SlosLive';
import { Card, LinkIssues, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { clusterNames, readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { getSlos } from '@/lib/queries/slos';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'SLOs · Fleet Console' };

export default async function SlosPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const admin = authorize(user, 'admin');
  const { scope, issue } = readClusterScope(await searchParams);
  const initial = await orUnavailable(getSlos(new Date(), scope));
  const clusters = clusterNames();
  return (
    <div className="page">
      <PageHeader
        title="SLOs"
        subtitle={
          (scope.cluster ? `${scope.cluster}'s SLOs and the organisation's. ` : '') +
          'Each SLI over its window, the error budget left = (1 - target) x window, and the burn rates that page or open a ticket when both windows of a pair exceed their rate.'
        }
      />
      <LinkIssues issues={issue ? [issue] : []} />
      <SlosLive
        initial={initial}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
        query={withClusterScope({}, scope).toString()}
      />
      {admin && (
        <Card title="New SLO">
          <SloForm initialKey={randomUUID()} clusters={clusters} cluster={scope.cluster} />
        </Card>
      )}
    </div>
  );
}
