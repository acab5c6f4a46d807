// One incident: where it stands, its timeline, the job and node it concerns, what it has cost, and for operators the
// forms that handle it. The server renders the first paint from the same query the live refresh polls.
import { randomUUID } from 'node:crypto';
import { IntentLink } from '@/components/ui/IntentLink';
import { notFound } from 'next/navigation';
import { IncidentLive } from '@/components/incidents/IncidentLive';
import { authorize, requireUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { pageId, titledById } from '@/lib/detail-page';
import { getIncident } from '@/lib/queries/incidents';
import styles from '@/components/incidents/incidents.module.css';

type Params = Promise<{ id: string }>;

export const generateMetadata = titledById('Incident');

export default async function IncidentPage({ params }: { params: Params }) {
  const id = await pageId(params);
  const user = await requireUser();
  // A database that cannot be reached throws here, to the console's error page with its retry.
  const incident = await getIncident(id);
  if (!incident) notFound();
  return (
    <div className="page">
      <div className={styles.topRow}>
        <IntentLink href="/on-call">← On-call</IntentLink>
        <IntentLink href="/incidents">All incidents</IntentLink>
      </div>
      <IncidentLive
        initial={incident}
        refreshSeconds={env().FLEET_REFRESH_SECONDS}
        viewer={{ id: user.id, canAct: authorize(user, 'operator') }}
        formKeys={{
          acknowledge: randomUUID(),
          assign: randomUUID(),
          note: randomUUID(),
          resolve: randomUUID(),
          reopen: randomUUID(),
        }}
      />
    </div>
  );
}
