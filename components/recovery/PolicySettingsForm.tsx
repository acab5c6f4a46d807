'use client';

// A policy's settings (admins): the circuit breaker and the job kinds of a restart policy, or the drain timeout, the
// reboots and the faults in a window before a replacement of the node policy. Each refusal shows at its field.
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FieldError, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { JOB_KIND } from '@/components/jobs/labels';
import { updateRecoveryPolicy } from '@/lib/actions/recovery-policies';
import type { JobKind } from '@/lib/domain/enums';
import type { RecoveryPolicyView } from '@/lib/queries/recovery/types';
import { policyState } from './policy-state';
import formStyles from '@/components/forms/forms.module.css';
import styles from './recovery.module.css';

const KINDS = Object.keys(JOB_KIND) as JobKind[];

export function PolicySettingsForm({ policy, initialKey }: { policy: RecoveryPolicyView; initialKey: string }) {
  const scope = `policy-${policy.kind}`;
  const form = useActionForm(updateRecoveryPolicy, { initialKey, scope });
  const number = (name: string, label: string, hint: string, value: number, max: number) => (
    <Field form={form} name={name} label={label} hint={hint}>
      <input className="input" type="number" min={1} max={max} step={1} defaultValue={value} />
    </Field>
  );
  return (
    <ActionFormFrame form={form} className={formStyles.form} label={`Settings of ${policy.title}`}>
      <input type="hidden" name="kind" value={policy.kind} />
      <input type="hidden" name="change" value="settings" />
      <input type="hidden" name="previous" value={policyState(policy)} />
      {policy.kind === 'remediate_fatal_xid_node' ? (
        <div className={formStyles.fields}>
          {number(
            'drainTimeoutMinutes',
            'Drain timeout (minutes)',
            'How long a drain may take before the node is rebooted anyway; 1 to 60.',
            policy.config.drainTimeoutMinutes,
            60,
          )}
          {number(
            'replaceAfterReboots',
            'Replace after reboots',
            'A node recovery rebooted this many times in a day is replaced instead; 1 to 10.',
            policy.config.replaceAfterReboots,
            10,
          )}
          {number(
            'replaceAfterFaults',
            'Replace after faults',
            'A node with this many faults in the window below is replaced rather than rebooted again; 1 to 50.',
            policy.config.replaceAfterFaults,
            50,
          )}
          {number(
            'faultWindowHours',
            'Fault window (hours)',
            'The window those faults are counted over; 1 to 720 (30 days).',
            policy.config.faultWindowHours,
            720,
          )}
        </div>
      ) : (
        <div className={formStyles.fields}>
          {number(
            'maxRestartsPerHour',
            'Max restarts per hour',
            'The circuit breaker: past this many automatic restarts of one job in an hour, on-call is paged instead; 1 to 20.',
            policy.config.maxRestartsPerHour,
            20,
          )}
          <fieldset
            className={styles.kinds}
            aria-invalid={form.errorOf('jobKinds') ? true : undefined}
            aria-describedby={form.errorOf('jobKinds') ? form.errorId('jobKinds') : undefined}
          >
            <legend className="label">Job kinds it restarts</legend>
            {KINDS.map((kind) => (
              <label key={kind} className="row">
                <input
                  type="checkbox"
                  name="jobKinds"
                  value={kind}
                  defaultChecked={policy.config.jobKinds.includes(kind)}
                />{' '}
                {JOB_KIND[kind]}
              </label>
            ))}
            <FieldError id={form.errorId('jobKinds')} error={form.errorOf('jobKinds')} />
          </fieldset>
        </div>
      )}
      <FormSubmit form={form} success="Settings saved.">
        Save settings
      </FormSubmit>
    </ActionFormFrame>
  );
}
