'use client';

// A new price period for one GPU model and pricing class. Times are the organisation's wall clock.
import { FieldError, FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { createRatePeriod } from '@/lib/actions/rates';
import { PRICING_CLASSES } from '@/lib/domain/enums';
import { PRICING_LABELS } from '@/components/costs/labels';
import styles from '@/components/forms/forms.module.css';

export interface RateFormProps {
  initialKey: string;
  gpuModels: string[];
  currency: string;
  timeZone: string;
}

export function RateForm({ initialKey, gpuModels, currency, timeZone }: RateFormProps) {
  const form = useActionForm(createRatePeriod, { initialKey });
  return (
    <form
      key={form.idempotencyKey}
      onSubmit={form.onSubmit}
      className={styles.form}
      aria-label="New price period"
      noValidate
    >
      <IdempotencyKey value={form.idempotencyKey} />
      <div className={styles.fields}>
        <label className="field">
          <span className="label">GPU model</span>
          <select className="select" {...form.field('gpuModel')} defaultValue={gpuModels[0]}>
            {gpuModels.map((model) => (
              <option key={model}>{model}</option>
            ))}
          </select>
          <FieldError id={form.errorId('gpuModel')} error={form.errorOf('gpuModel')} />
        </label>
        <label className="field">
          <span className="label">Pricing class</span>
          <select className="select" {...form.field('pricingClass')} defaultValue="on_demand">
            {PRICING_CLASSES.map((value) => (
              <option key={value} value={value}>
                {PRICING_LABELS[value]}
              </option>
            ))}
          </select>
          <FieldError id={form.errorId('pricingClass')} error={form.errorOf('pricingClass')} />
        </label>
        <label className="field">
          <span className="label">Price per GPU-hour ({currency})</span>
          <input
            className="input"
            inputMode="decimal"
            placeholder="2.45"
            autoComplete="off"
            {...form.field('pricePerGpuHour')}
          />
          <FieldError id={form.errorId('pricePerGpuHour')} error={form.errorOf('pricePerGpuHour')} />
        </label>
        <label className="field">
          <span className="label">From</span>
          <input className="input" type="datetime-local" {...form.field('effectiveFrom')} />
          <FieldError id={form.errorId('effectiveFrom')} error={form.errorOf('effectiveFrom')} />
        </label>
        <label className="field">
          <span className="label">Until (optional)</span>
          <input className="input" type="datetime-local" {...form.field('effectiveTo')} />
          <FieldError id={form.errorId('effectiveTo')} error={form.errorOf('effectiveTo')} />
        </label>
        <label className="field">
          <span className="label">Why (optional)</span>
          <input className="input" placeholder="New contract from December" {...form.field('reason')} />
          <FieldError id={form.errorId('reason')} error={form.errorOf('reason')} />
        </label>
      </div>
      <p className="hint">
        Times are in the organisation&apos;s time zone, {timeZone}. A period must not overlap another of the same GPU
        model and class: to change a price, end the current period, then add the new one from that moment.
      </p>
      <FormOutcome result={form.result} success="Price period added." />
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          Add price period
        </Button>
      </div>
    </form>
  );
}
