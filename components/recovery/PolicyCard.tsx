// One automatic recovery policy: what it does, whether it is on, and its settings. Admins get the switch and the
// form; everyone else reads the same facts as text (the server refuses their changes regardless).
import { JOB_KIND } from '@/components/jobs/labels';
import { Badge, Card } from '@/components/ui';
import { HOUR_MS } from '@/lib/domain/time';
import { formatDuration } from '@/lib/domain/units';
import type { RecoveryPolicyView } from '@/lib/queries/recovery/types';
import { PolicySettingsForm } from './PolicySettingsForm';
import { PolicySwitch } from './PolicySwitch';
import styles from './recovery.module.css';

function Settings({ policy }: { policy: RecoveryPolicyView }) {
  const rows: [string, string][] =
    policy.kind === 'remediate_fatal_xid_node'
      ? [
          ['Drain timeout', `${policy.config.drainTimeoutMinutes} min`],
          ['Replace after', `${policy.config.replaceAfterReboots} reboots in a day`],
          [
            'Replace after faults',
            `${policy.config.replaceAfterFaults} in ${formatDuration(policy.config.faultWindowHours * HOUR_MS)}`,
          ],
        ]
      : [
          ['Max restarts per hour', `${policy.config.maxRestartsPerHour} per job, then on-call is paged`],
          ['Job kinds', policy.config.jobKinds.map((kind) => JOB_KIND[kind]).join(', ')],
        ];
  return (
    <dl className={styles.settings}>
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PolicyCard({
  policy,
  canEdit,
  keys,
}: {
  policy: RecoveryPolicyView;
  canEdit: boolean;
  keys: [string, string];
}) {
  const state = (
    <Badge tone={policy.enabled ? 'ok' : 'neutral'} data-testid={`policy-state-${policy.kind}`}>
      {policy.enabled ? 'On' : 'Off'}
    </Badge>
  );
  return (
    <Card
      title={policy.title}
      description={policy.description}
      actions={canEdit ? <PolicySwitch policy={policy} initialKey={keys[0]} /> : state}
      data-testid={`policy-${policy.kind}`}
    >
      <div className="stack">
        {canEdit ? <PolicySettingsForm policy={policy} initialKey={keys[1]} /> : <Settings policy={policy} />}
      </div>
    </Card>
  );
}
