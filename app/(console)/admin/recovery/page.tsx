// Automatic recovery policies and each pool's warm spares: admins switch each policy on or off and set it, and set
// the spares; operators and viewers read them.
import { randomUUID } from 'node:crypto';
import { IntentLink } from '@/components/ui/IntentLink';
import { PolicyCard } from '@/components/recovery/PolicyCard';
import { WarmSparesCard } from '@/components/recovery/WarmSparesCard';
import { Banner, Card, EmptyState, PageHeader } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { listRecoveryPolicies, listWarmSpares } from '@/lib/queries/recovery';

export const metadata = { title: 'Recovery policies · Fleet Console' };

export default async function RecoveryPoliciesPage() {
  const user = await requireUser();
  const canEdit = authorize(user, 'admin');
  const [policies, pools] = await Promise.all([listRecoveryPolicies(), listWarmSpares()]);
  return (
    <div className="page">
      <PageHeader
        title="Recovery policies"
        subtitle={
          <>
            What the worker does on its own when a job fails or hangs, or a node goes down. Every automatic action is
            audited and shows on its incident; see how they did on the{' '}
            <IntentLink href="/recovery">Recovery</IntentLink> page.
          </>
        }
      />
      {!canEdit && (
        <Banner tone="info" announce="none" title="Read only">
          You are signed in as {user.role}: only admins change these policies.
        </Banner>
      )}
      {policies.length === 0 ? (
        <Card>
          <EmptyState
            title="No recovery policies"
            description="The console was not seeded with its default policies, so automatic recovery acts on nothing."
          />
        </Card>
      ) : (
        policies.map((policy) => (
          <PolicyCard key={policy.kind} policy={policy} canEdit={canEdit} keys={[randomUUID(), randomUUID()]} />
        ))
      )}
      {pools.length > 0 && (
        <WarmSparesCard
          pools={pools}
          canEdit={canEdit}
          keys={Object.fromEntries(pools.map((pool) => [pool.poolId, randomUUID()]))}
        />
      )}
    </div>
  );
}
