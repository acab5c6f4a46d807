'use client';

// Handling one incident (operators): acknowledge, assign, add a note, resolve with what fixed it, reopen. Each form
// sends the state its page shows, so acting on a page gone stale is refused, and refreshes the page once done.
import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ActionFormFrame, FieldError, FormOutcome, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import {
  acknowledgeIncident,
  addIncidentNote,
  assignIncident,
  reopenIncident,
  resolveIncidentByHand,
} from '@/lib/actions/incidents';
import type { IncidentState } from '@/lib/domain/enums';
import styles from './incidents.module.css';
import { Options } from '@/components/forms/Options';

export interface FormKeys {
  acknowledge: string;
  assign: string;
  note: string;
  resolve: string;
  reopen: string;
}

interface Props {
  incident: { id: number; state: IncidentState; assignee: { id: number } | null };
  assignees: { id: number; name: string }[];
  meId: number;
  keys: FormKeys;
}

function useIncidentForm(serverAction: Parameters<typeof useActionForm>[0], initialKey: string, scope: string) {
  const queryClient = useQueryClient();
  return useActionForm(serverAction, {
    initialKey,
    scope,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['incidents'] }),
  });
}

function Hidden({ incident }: Pick<Props, 'incident'>) {
  return (
    <>
      <input type="hidden" name="id" value={incident.id} />
      <input type="hidden" name="seenState" value={incident.state} />
    </>
  );
}

function AcknowledgeForm({ incident, keys }: Pick<Props, 'incident' | 'keys'>) {
  const form = useIncidentForm(acknowledgeIncident, keys.acknowledge, 'acknowledge');
  return (
    <ActionFormFrame form={form} className={styles.form} label="Acknowledge">
      <Hidden incident={incident} />
      <p className="hint">Tells the channels someone is on it; unassigned, it becomes yours.</p>
      <FormSubmit form={form} success="Acknowledged.">
        Acknowledge
      </FormSubmit>
    </ActionFormFrame>
  );
}

function AssignForm({ incident, assignees, meId, keys }: Props) {
  const form = useIncidentForm(assignIncident, keys.assign, 'assign');
  const id = useId();
  return (
    <ActionFormFrame form={form} className={styles.form} label="Assign">
      <Hidden incident={incident} />
      <div className={styles.formRow}>
        <div className="field">
          <label htmlFor={id} className="label">
            Assign to
          </label>
          <select id={id} className="select" defaultValue={incident.assignee ? '' : 'me'} {...form.field('assignee')}>
            {incident.assignee && (
              <option value="" disabled>
                Choose…
              </option>
            )}
            <option value="me">Me</option>
            <Options
              of={assignees.filter((person) => person.id !== meId)}
              value={(person) => person.id}
              label={(person) => person.name}
            />
          </select>
        </div>
        <Button type="submit" loading={form.pending}>
          Assign
        </Button>
      </div>
      <FieldError id={form.errorId('assignee')} error={form.errorOf('assignee')} />
      <FormOutcome result={form.result} success="Assigned." />
    </ActionFormFrame>
  );
}

function TextForm({
  incident,
  name,
  label,
  button,
  success,
  serverAction,
  initialKey,
  placeholder,
  primary = false,
}: Pick<Props, 'incident'> & {
  name: string;
  label: string;
  button: string;
  success: string;
  serverAction: Parameters<typeof useActionForm>[0];
  initialKey: string;
  placeholder?: string;
  primary?: boolean;
}) {
  const form = useIncidentForm(serverAction, initialKey, name);
  const id = useId();
  return (
    <ActionFormFrame form={form} className={styles.form} label={button}>
      <Hidden incident={incident} />
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea id={id} className="textarea" rows={3} placeholder={placeholder} {...form.field(name)} />
      <FieldError id={form.errorId(name)} error={form.errorOf(name)} />
      <FormSubmit form={form} success={success} variant={primary ? 'primary' : 'secondary'}>
        {button}
      </FormSubmit>
    </ActionFormFrame>
  );
}

export function IncidentForms(props: Props) {
  const { incident, keys } = props;
  const resolved = incident.state === 'resolved';
  return (
    <div className={styles.forms}>
      {incident.state === 'open' && <AcknowledgeForm incident={incident} keys={keys} />}
      {!resolved && <AssignForm {...props} />}
      <TextForm
        incident={incident}
        name="note"
        label="Note"
        button="Add note"
        success="Note added."
        serverAction={addIncidentNote}
        initialKey={keys.note}
        placeholder="What you found, what you tried"
      />
      {resolved ? (
        <TextForm
          incident={incident}
          name="reason"
          label="Why it is not over"
          button="Reopen"
          success="Reopened."
          serverAction={reopenIncident}
          initialKey={keys.reopen}
        />
      ) : (
        <TextForm
          incident={incident}
          name="resolution"
          label="Resolution"
          button="Resolve"
          success="Resolved."
          serverAction={resolveIncidentByHand}
          initialKey={keys.resolve}
          placeholder="What fixed it"
          primary={incident.state === 'acknowledged'}
        />
      )}
    </div>
  );
}
