// The on-call screen: every unresolved incident on one dense list, worst and oldest first, refreshing by itself and
// handled from the keyboard. Operators acknowledge here and declare incidents; everyone else reads.
import { randomUUID } from 'node:crypto';
import { IntentLink } from '@/components/ui/IntentLink';
import { DeclareIncidentForm } from '@/components/incidents/DeclareIncidentForm';
import { OnCallLive } from '@/components/incidents/OnCallLive';
import { Card, LinkIssues, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { readClusterScope } from '@/lib/clusters/config';
import { withClusterScope } from '@/lib/clusters/scope';
import { orUnavailable } from '@/lib/db/errors';
import { env } from '@/lib/env';
import { onCallIncidents } from '@/lib/queries/incidents';
import type { PageSearchParams } from '@/lib/url-state';

export const metadata = { title: 'On-call · Fleet Console' };

export default async function OnCallPage({ searchParams }: { searchParams: PageSearchParams }) {
  const user = await requireUser();
  const canAct = authorize(user, 'operator');
  const { scope, issue } = readClusterScope(await searchParams);
  const initial = await orUnavailable(onCallIncidents(new Date(), scope));
  return (
    <div className="page">
      <PageHeader
        title="On-call"
        subtitle={`Every incident not yet resolved${scope.cluster ? ` in ${scope.cluster}` : ''}, and what automatic recovery already did`}
        actions={
          <>
            <IntentLink href="/incidents">All incidents</IntentLink>
            <IntentLink href="/incidents/stats">Statistics</IntentLink>
          </>
        }
      />
      <LinkIssues issues={issue ? [issue] : []} />
      <OnCallLive
        initial={initial}
        query={withClusterScope({ view: 'on-call' }, scope).toString()}
        initialError={initial ? null : 'database_unavailable'}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
        canAct={canAct}
      />
      {canAct && (
        <Card title="Declare an incident" description="For trouble no rule or alert has caught">
          <DeclareIncidentForm initialKey={randomUUID()} />
        </Card>
      )}
    </div>
  );
}
