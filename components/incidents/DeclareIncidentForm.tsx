'use client';

// Declaring an incident by hand (operators): what is wrong, how urgent, and the job or node it concerns if any.
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { FieldError, FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { declareIncident } from '@/lib/actions/incidents';
import formStyles from '@/components/forms/forms.module.css';

export function DeclareIncidentForm({ initialKey }: { initialKey: string }) {
  const queryClient = useQueryClient();
  const [declared, setDeclared] = useState<number | null>(null);
  const form = useActionForm(declareIncident, {
    initialKey,
    scope: 'declare',
    onSuccess: (data) => {
      setDeclared(data.id);
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  return (
    <form
      key={form.idempotencyKey}
      onSubmit={form.onSubmit}
      className={formStyles.form}
      aria-label="Declare an incident"
      noValidate
    >
      <IdempotencyKey value={form.idempotencyKey} />
      <div className={formStyles.fields}>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span className="label">What is wrong</span>
          <input
            className="input"
            placeholder="Checkpoint writes take minutes"
            maxLength={200}
            {...form.field('title')}
          />
          <FieldError id={form.errorId('title')} error={form.errorOf('title')} />
        </label>
        <label className="field">
          <span className="label">Severity</span>
          <select className="select" defaultValue="ticket" {...form.field('severity')}>
            <option value="page">Page: someone acts now</option>
            <option value="ticket">Ticket: in working hours</option>
          </select>
          <FieldError id={form.errorId('severity')} error={form.errorOf('severity')} />
        </label>
        <label className="field">
          <span className="label">Job (optional)</span>
          <input className="input" placeholder="Name or id" {...form.field('job')} />
          <FieldError id={form.errorId('job')} error={form.errorOf('job')} />
        </label>
        <label className="field">
          <span className="label">Node (optional)</span>
          <input className="input" placeholder="Hostname" {...form.field('node')} />
          <FieldError id={form.errorId('node')} error={form.errorOf('node')} />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span className="label">Summary (optional)</span>
          <textarea className="textarea" rows={3} {...form.field('summary')} />
          <FieldError id={form.errorId('summary')} error={form.errorOf('summary')} />
        </label>
      </div>
      <FormOutcome result={form.result} success="Incident declared; the channels that take incidents are told." />
      {form.result?.ok && declared !== null && <Link href={`/incidents/${declared}`}>Open incident {declared}</Link>}
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          Declare incident
        </Button>
      </div>
    </form>
  );
}
