// The latest step automatic recovery took about an incident, with its tone's shape; a dash when it took none.
import { ToneIcon } from '@/components/ui';
import type { RecoveryStep } from '@/lib/queries/incidents/types';
import { describeRecovery } from './recovery-step';
import styles from './incidents.module.css';

export function RecoveryCell({ step, now, timeZone }: { step: RecoveryStep | null; now: number; timeZone: string }) {
  if (!step) return <span className="subtle">No automatic step</span>;
  const line = describeRecovery(step, now, timeZone);
  return (
    <span className={styles.recovery}>
      <ToneIcon tone={line.tone} size={12} className={`tone-${line.tone}`} />
      <span>{line.text}</span>
    </span>
  );
}
