'use client';

// A new price period for one GPU model and pricing class. Times are the organisation's wall clock.
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { createRatePeriod } from '@/lib/actions/rates';
import { PRICING_CLASSES } from '@/lib/domain/enums';
import { PRICING_LABELS } from '@/components/costs/labels';
import styles from '@/components/forms/forms.module.css';
import { Options } from '@/components/forms/Options';

export interface RateFormProps {
  initialKey: string;
  gpuModels: string[];
  currency: string;
  timeZone: string;
}

export function RateForm({ initialKey, gpuModels, currency, timeZone }: RateFormProps) {
  const form = useActionForm(createRatePeriod, { initialKey, scope: 'new-rate' });
  return (
    <ActionFormFrame form={form} className={styles.form} label="New price period">
      <div className={styles.fields}>
        <Field form={form} name="gpuModel" label="GPU model">
          <select className="select" defaultValue={gpuModels[0]}>
            <Options of={gpuModels} />
          </select>
        </Field>
        <Field form={form} name="pricingClass" label="Pricing class">
          <select className="select" defaultValue="on_demand">
            <Options of={PRICING_CLASSES} label={PRICING_LABELS} />
          </select>
        </Field>
        <Field form={form} name="pricePerGpuHour" label={`Price per GPU-hour (${currency})`}>
          <input className="input" inputMode="decimal" placeholder="2.45" autoComplete="off" />
        </Field>
        <Field form={form} name="effectiveFrom" label="From">
          <input className="input" type="datetime-local" />
        </Field>
        <Field form={form} name="effectiveTo" label="Until (optional)">
          <input className="input" type="datetime-local" />
        </Field>
        <Field form={form} name="reason" label="Why (optional)">
          <input className="input" placeholder="New contract from December" />
        </Field>
      </div>
      <p className="hint">
        Times are in the organisation&apos;s time zone, {timeZone}. A period must not overlap another of the same GPU
        model and class: to change a price, end the current period, then add the new one from that moment.
      </p>
      <FormSubmit form={form} success="Price period added.">
        Add price period
      </FormSubmit>
    </ActionFormFrame>
  );
}
