'use client';

// Ends a current or future price period at a moment from now on; the prices that already applied stay.
import { ActionFormFrame, FieldError } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { endRatePeriod } from '@/lib/actions/rates';
import styles from './admin.module.css';

export function EndRateForm({ id, initialKey, label }: { id: number; initialKey: string; label: string }) {
  const form = useActionForm(endRatePeriod, { initialKey, scope: `end-rate-${id}` });
  const refusal = form.result && !form.result.ok && !form.result.fieldErrors ? form.result.error : null;
  const fieldName = `effectiveTo`;
  return (
    <ActionFormFrame form={form} className={styles.inlineForm} label={`End ${label}`}>
      <input type="hidden" name="id" value={id} />
      <input className="input" type="datetime-local" aria-label={`End of ${label}`} {...form.field(fieldName)} />
      <Button type="submit" size="sm" loading={form.pending}>
        End
      </Button>
      <FieldError id={form.errorId(fieldName)} error={form.errorOf(fieldName)} />
      {refusal && <p className="field-error">{refusal}</p>}
    </ActionFormFrame>
  );
}
