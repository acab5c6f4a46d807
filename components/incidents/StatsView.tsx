// Incident statistics over a range: how many, when, how fast they were acknowledged and recovered (median and 95th
// percentile, measured from opening), and what caused them most.
import { Suspense } from 'react';
import { Card, EmptyState, Stat } from '@/components/ui';
import { formatCount, formatDuration } from '@/lib/domain/units';
import type { DurationSummary } from '@/lib/incidents/stats';
import type { IncidentStats } from '@/lib/queries/incidents/types';
import { IncidentFilters } from './IncidentFilters';
import { SOURCE } from './labels';
import { WeeklyChart } from './WeeklyChart';
import styles from './incidents.module.css';

const CAUSE_KIND = { alertname: 'alert', health_rule: 'health rule', title: 'title' } as const;
/** The faults automatic recovery records, in words. */
const RECOVERY_CAUSE: Record<string, string> = {
  job_failed: 'Job failed',
  job_stalled: 'Job stalled',
  fatal_xid: 'Fatal XID',
  node_lost: 'Node lost',
};

const plural = (count: number, word: string) => `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;

/** Median and 95th percentile tiles; "to acknowledge" and "to recover" are measured from opening. */
function durationTiles(to: string, summary: DurationSummary, of: string) {
  const sub = summary.count ? `of ${formatCount(summary.count)} ${of}` : `none ${of} in the range`;
  return (
    <>
      <Stat label={`Median to ${to}`} value={formatDuration(summary.medianMs)} sublabel={sub} />
      <Stat label={`p95 to ${to}`} value={formatDuration(summary.p95Ms)} sublabel={sub} />
    </>
  );
}

export function StatsView({ data }: { data: IncidentStats }) {
  return (
    <>
      <Suspense>
        <IncidentFilters params={data.params} teams={data.teams} keys={['severity', 'source', 'team']} />
      </Suspense>
      <div className="grid-kpi" data-testid="incident-stats">
        <Stat
          label="Incidents opened"
          value={formatCount(data.total)}
          sublabel={`${plural(data.bySeverity.page, 'page')}, ${plural(data.bySeverity.ticket, 'ticket')}`}
        />
        {durationTiles('acknowledge', data.timeToAcknowledge, 'acknowledged')}
        {durationTiles('recover', data.timeToRecover, 'resolved')}
      </div>
      {data.total === 0 ? (
        <Card>
          <EmptyState title="No incidents opened in this range" description="A longer range may hold some." />
        </Card>
      ) : (
        <>
          <Card title="Incidents per week" description="Monday to Sunday, in the organisation's time zone">
            <WeeklyChart weeks={data.weeks} />
          </Card>
          <div className="grid-2">
            <Card title="By source">
              <ul className={styles.causes}>
                {data.bySource.map((row) => (
                  <li key={row.source}>
                    <span>{SOURCE[row.source]}</span>
                    <span className="num">{formatCount(row.count)}</span>
                  </li>
                ))}
              </ul>
            </Card>
            <Card title="Top causes" description="By alert name, health rule, or title with its numbers made general">
              <ol className={styles.causes}>
                {data.topCauses.map((cause) => (
                  <li key={`${cause.kind}:${cause.name}`}>
                    <span>
                      {(cause.kind === 'health_rule' && RECOVERY_CAUSE[cause.name]) || cause.name}
                      <span className={styles.causeKind}>{CAUSE_KIND[cause.kind]}</span>
                    </span>
                    <span className="num">{formatCount(cause.count)}</span>
                  </li>
                ))}
              </ol>
            </Card>
          </div>
        </>
      )}
    </>
  );
}
