'use client';

// A policy's on/off switch (admins): a switch button that submits the change, announced by its checked state and
// written beside it as "On" or "Off".
import { ActionFormFrame } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { updateRecoveryPolicy } from '@/lib/actions/recovery-policies';
import type { RecoveryPolicyView } from '@/lib/queries/recovery/types';
import { policyState } from './policy-state';
import styles from './recovery.module.css';

export function PolicySwitch({ policy, initialKey }: { policy: RecoveryPolicyView; initialKey: string }) {
  const form = useActionForm(updateRecoveryPolicy, { initialKey, scope: `policy-${policy.kind}-switch` });
  const refusal = form.result && !form.result.ok ? form.result.error : null;
  return (
    <ActionFormFrame form={form} className={styles.switchForm}>
      <input type="hidden" name="kind" value={policy.kind} />
      <input type="hidden" name="change" value="enabled" />
      <input type="hidden" name="previous" value={policyState(policy)} />
      <input type="hidden" name="enabled" value={policy.enabled ? 'false' : 'true'} />
      <button
        type="submit"
        role="switch"
        aria-checked={policy.enabled}
        aria-label={policy.title}
        aria-busy={form.pending || undefined}
        aria-describedby={refusal ? form.errorId('enabled') : undefined}
        className={styles.switch}
      >
        <span className={styles.track} aria-hidden>
          <span className={styles.thumb} />
        </span>
        <span aria-hidden>{policy.enabled ? 'On' : 'Off'}</span>
      </button>
      {refusal && (
        <p id={form.errorId('enabled')} className="field-error" role="alert">
          Not changed. {refusal}
        </p>
      )}
    </ActionFormFrame>
  );
}
