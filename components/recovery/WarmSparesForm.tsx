'use client';

// One pool's warm spares (admins): a number and Save, the refusal at the field.
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FormOutcome } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { setWarmSpares } from '@/lib/actions/warm-spares';
import type { WarmSparesView } from '@/lib/queries/recovery/types';
import styles from './recovery.module.css';

export function WarmSparesForm({ pool, initialKey }: { pool: WarmSparesView; initialKey: string }) {
  const form = useActionForm(setWarmSpares, { initialKey, scope: `spares-${pool.poolId}` });
  return (
    <ActionFormFrame form={form} className={styles.sparesForm} label={`Warm spares of ${pool.pool}`}>
      <input type="hidden" name="poolId" value={pool.poolId} />
      <Field form={form} name="warmSpares" label="Spares" hint={`0 to ${Math.max(0, pool.nodes - 1)}`}>
        <input className="input" type="number" min={0} max={64} step={1} defaultValue={pool.warmSpares} />
      </Field>
      <Button type="submit" loading={form.pending}>
        Save
      </Button>
      <FormOutcome result={form.result} success="Saved." />
    </ActionFormFrame>
  );
}
