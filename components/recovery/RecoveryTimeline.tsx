// One fault's recovery, drawn from its timeline: where it stands against its target (a sentence and a bar), then
// each step down a vertical line with its time in the organisation's zone and the time since the fault.
import { IntentLink } from '@/components/ui/IntentLink';
import { formatClock, formatDateTime, zoneName } from '@/components/charts/time-format';
import { Badge, ToneIcon, type Tone } from '@/components/ui';
import { formatDuration, formatGpuHours, formatMoney } from '@/lib/domain/units';
import { OPERATIONS } from '@/lib/ops/kinds';
import type { RecoveryStep, RecoveryTimeline as Timeline } from '@/lib/queries/recovery/types';
import { POLICY_INFO, type PolicyKind } from '@/lib/recovery/policies';
import { ACTION_STATE } from '@/components/actions/labels';
import { CAUSE_LABEL, RECOVERY_STATE } from './labels';
import { targetNote } from './target-note';
import styles from './recovery.module.css';

interface Props {
  recovery: Timeline;
  timeZone: string;
  currency: string;
  /** The clock, for a recovery still acting. */
  now: number;
}

interface StepText {
  title: string;
  detail: string | null;
  tone: Tone;
  badge: { tone: Tone; label: string } | null;
}

function policyTitle(recovery: Timeline): string | null {
  const kind = recovery.policy?.kind as PolicyKind | undefined;
  return kind && POLICY_INFO[kind] ? POLICY_INFO[kind].title : null;
}

function describe(step: RecoveryStep, recovery: Timeline): StepText {
  const policy = policyTitle(recovery);
  switch (step.kind) {
    case 'fault':
      return { title: CAUSE_LABEL[recovery.cause], detail: recovery.summary, tone: 'bad', badge: null };
    case 'detected':
      return {
        title: 'Detected',
        detail: `Time to detect: ${formatDuration(recovery.timeToDetectMs)}`,
        tone: 'neutral',
        badge: null,
      };
    case 'decided':
      return recovery.state === 'escalated'
        ? {
            title: 'Circuit breaker: on-call paged instead of another restart',
            detail: recovery.message,
            tone: 'warn',
            badge: RECOVERY_STATE.escalated,
          }
        : {
            title:
              recovery.targetType === 'job'
                ? 'Decided to restart it from its latest checkpoint'
                : 'Decided to cordon, drain and repair the node',
            detail: policy ? `Policy: ${policy}` : null,
            tone: 'neutral',
            badge: null,
          };
    case 'disabled':
      return {
        title: 'Not acted on: the policy is off',
        detail: recovery.message,
        tone: 'neutral',
        badge: RECOVERY_STATE.disabled,
      };
    case 'action': {
      const action = step.action!;
      const state = ACTION_STATE[action.state];
      return {
        title: `${OPERATIONS[action.kind]?.label ?? action.kind} requested`,
        detail: action.message,
        tone: state.tone,
        badge: state,
      };
    }
    case 'recovered':
      return {
        title: recovery.targetType === 'job' ? 'Running again' : 'Back in service',
        detail: recovery.message,
        tone: 'ok',
        badge: RECOVERY_STATE.recovered,
      };
    case 'failed':
      return {
        title: 'Automatic recovery failed',
        detail: recovery.message,
        tone: 'bad',
        badge: RECOVERY_STATE.failed,
      };
  }
}

/** "+3 min 40 s" after the fault; the fault itself is the origin. */
const since = (ms: number) => (ms === 0 ? 'at the fault' : `${ms < 0 ? '' : '+'}${formatDuration(ms)}`);

function ActionTimes({ step, timeZone }: { step: RecoveryStep; timeZone: string }) {
  const action = step.action!;
  const parts = [`by ${action.who}`];
  if (action.executor) parts.push(`through the ${action.executor} executor`);
  if (action.startedAt) parts.push(`started ${formatClock(action.startedAt, timeZone)}`);
  if (action.finishedAt) {
    parts.push(`finished ${formatClock(action.finishedAt, timeZone)}`);
    parts.push(`took ${formatDuration(Date.parse(action.finishedAt) - Date.parse(action.requestedAt))}`);
  }
  return <p className={styles.stepMeta}>{parts.join(' · ')}</p>;
}

/** Where the recovery stands against its target: a sentence, and a bar whose middle mark is the target. */
export function TargetMeter({ recovery, now }: { recovery: Timeline; now: number }) {
  const note = targetNote(recovery, now);
  const fill = note.measuredMs === null ? null : Math.min(1, note.measuredMs / (2 * recovery.targetMs));
  return (
    <div className={styles.meter}>
      <p className={`${styles.meterText} tone-${note.tone}`}>
        <ToneIcon tone={note.tone} size={14} />
        <span>{note.text}</span>
      </p>
      {fill !== null && (
        <span className={styles.bar} aria-hidden>
          <span className={`${styles.barFill} fill tone-${note.tone}`} style={{ width: `${fill * 100}%` }} />
          <span className={styles.barTarget} title="target" />
        </span>
      )}
    </div>
  );
}

export function RecoveryTimeline({ recovery, timeZone, currency, now }: Props) {
  const facts = [
    `${recovery.gpus} GPU${recovery.gpus === 1 ? '' : 's'}`,
    recovery.lostGpuHours === null
      ? null
      : `lost work ${formatGpuHours(recovery.lostGpuHours)} (${formatMoney(recovery.lostCost, { currency, unpriced: recovery.lostCost === null && recovery.lostGpuHours > 0 })})`,
  ].filter(Boolean);
  return (
    <div className={styles.recovery}>
      <TargetMeter recovery={recovery} now={now} />
      <p className={styles.facts}>
        {facts.join(' · ')}
        {recovery.incidentId !== null && (
          <>
            {' · '}
            <IntentLink href={`/incidents/${recovery.incidentId}`}>incident #{recovery.incidentId}</IntentLink>
          </>
        )}
      </p>
      <ol className={styles.steps} aria-label={`Recovery steps: ${recovery.summary}`}>
        {recovery.steps.map((step, index) => {
          const text = describe(step, recovery);
          return (
            <li key={`${step.kind}-${step.action?.id ?? index}`} className={styles.step}>
              <span className={`${styles.marker} tone-${text.tone}`} aria-hidden>
                <ToneIcon tone={text.tone} size={12} />
              </span>
              <div className={styles.stepHead}>
                <time dateTime={step.at} className={`num ${styles.stepTime}`}>
                  {index === 0
                    ? `${formatDateTime(step.at, timeZone)}:${formatClock(step.at, timeZone).slice(-2)} ${zoneName(step.at, timeZone)}`
                    : formatClock(step.at, timeZone)}
                </time>
                <span className={`num ${styles.since}`}>{since(step.sinceFaultMs)}</span>
                <span className={styles.stepTitle}>{text.title}</span>
                {text.badge && <Badge tone={text.badge.tone}>{text.badge.label}</Badge>}
              </div>
              {text.detail && <p className={styles.stepDetail}>{text.detail}</p>}
              {step.action && <ActionTimes step={step} timeZone={timeZone} />}
            </li>
          );
        })}
        {recovery.state === 'acting' && (
          <li className={styles.step}>
            <span className={`${styles.marker} tone-info`} aria-hidden>
              <ToneIcon tone="info" size={12} />
            </span>
            <div className={styles.stepHead}>
              <span className={styles.stepTitle}>In progress</span>
              <Badge tone="info">{RECOVERY_STATE.acting.label}</Badge>
            </div>
          </li>
        )}
      </ol>
    </div>
  );
}
