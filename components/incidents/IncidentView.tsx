// One incident drawn from one IncidentDetail: the header, the timeline, the job and node it concerns, what it has
// cost, its labels, and for operators the forms that handle it. No fetching here.
import { Card } from '@/components/ui';
import type { IncidentDetail } from '@/lib/queries/incidents/types';
import { IncidentAffected } from './IncidentAffected';
import { IncidentCost } from './IncidentCost';
import { IncidentForms, type FormKeys } from './IncidentForms';
import { IncidentHeader } from './IncidentHeader';
import { IncidentTimeline } from './IncidentTimeline';
import styles from './incidents.module.css';

export interface Viewer {
  id: number;
  canAct: boolean;
}

function Labels({ labels }: { labels: Record<string, unknown> }) {
  const entries = Object.entries(labels).filter(([, value]) => typeof value === 'string' || typeof value === 'number');
  if (!entries.length) return null;
  return (
    <Card title="Labels" headingLevel={2}>
      <dl className={styles.facts}>
        {entries.map(([key, value]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt className="mono">{key}</dt>
            <dd className="mono">{String(value)}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function IncidentView({
  data,
  now,
  viewer,
  formKeys,
}: {
  data: IncidentDetail;
  now: number;
  viewer: Viewer;
  formKeys: FormKeys;
}) {
  return (
    <>
      <IncidentHeader data={data} now={now} />
      <div className={styles.layout}>
        <div className={styles.main}>
          <Card title="Timeline" description="Signals, actions, notifications and notes, oldest first">
            <IncidentTimeline items={data.timeline} timeZone={data.timeZone} />
          </Card>
          <Card title="Affected" description="The job and node it concerns, from an hour before it opened">
            <IncidentAffected data={data} />
          </Card>
        </div>
        <div className={styles.side}>
          {viewer.canAct && (
            <Card title="Handle it" data-testid="incident-actions">
              <IncidentForms incident={data.incident} assignees={data.assignees} meId={viewer.id} keys={formKeys} />
            </Card>
          )}
          <Card title="Cost so far">
            <IncidentCost data={data} />
          </Card>
          {data.incident.labels && <Labels labels={data.incident.labels} />}
        </div>
      </div>
    </>
  );
}
