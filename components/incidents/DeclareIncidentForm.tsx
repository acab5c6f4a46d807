'use client';

// Declaring an incident by hand (operators): what is wrong, how urgent, and the job or node it concerns if any.
import { useQueryClient } from '@tanstack/react-query';
import { IntentLink } from '@/components/ui/IntentLink';
import { useState } from 'react';
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FormOutcome } from '@/components/forms/FormParts';
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
    <ActionFormFrame form={form} className={formStyles.form} label="Declare an incident">
      <div className={formStyles.fields}>
        <Field form={form} name="title" label="What is wrong" style={{ gridColumn: '1 / -1' }}>
          <input className="input" placeholder="Checkpoint writes take minutes" maxLength={200} />
        </Field>
        <Field form={form} name="severity" label="Severity">
          <select className="select" defaultValue="ticket">
            <option value="page">Page: someone acts now</option>
            <option value="ticket">Ticket: in working hours</option>
          </select>
        </Field>
        <Field form={form} name="job" label="Job (optional)">
          <input className="input" placeholder="Name or id" />
        </Field>
        <Field form={form} name="node" label="Node (optional)">
          <input className="input" placeholder="Hostname" />
        </Field>
        <Field form={form} name="summary" label="Summary (optional)" style={{ gridColumn: '1 / -1' }}>
          <textarea className="textarea" rows={3} />
        </Field>
      </div>
      <FormOutcome result={form.result} success="Incident declared; the channels that take incidents are told." />
      {form.result?.ok && declared !== null && (
        <IntentLink href={`/incidents/${declared}`}>Open incident {declared}</IntentLink>
      )}
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          Declare incident
        </Button>
      </div>
    </ActionFormFrame>
  );
}
