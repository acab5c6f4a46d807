'use client';

// A channel's settings, new or edited: its kind's own fields (Slack URL, PagerDuty routing key, webhook URL and
// secret, email addresses), which incidents and team it takes, and which other messages. On edit a secret is
// shown only by its last 4 characters; left empty, the stored one stays.
import { useState, type ReactNode } from 'react';
import { FieldError, FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { createChannel, updateChannel } from '@/lib/actions/channels';
import type { ChannelSettingsView } from '@/lib/queries/channels';
import styles from '@/components/forms/forms.module.css';
import { KIND_DESCRIPTIONS, type ChannelKind } from './channel-labels';

export interface ChannelFormProps {
  initialKey: string;
  teams: { id: number; name: string }[];
  /** PagerDuty's Events API URL, used when the field is left empty. */
  pagerDutyUrl: string;
  /** The channel to edit; a new one without. */
  channel?: ChannelSettingsView;
}

/** A labelled control. The label names the control alone; its hint and error sit beside it (aria-describedby). */
function Field(props: {
  id: string;
  label: string;
  hint?: ReactNode;
  hintId: string;
  error: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <span className="hint" id={props.hintId}>
          {props.hint}
        </span>
      )}
      {props.error}
    </div>
  );
}

export function ChannelForm({ initialKey, teams, pagerDutyUrl, channel }: ChannelFormProps) {
  const editing = channel !== undefined;
  const scope = editing ? `edit-channel-${channel.id}` : 'new-channel';
  const form = useActionForm(editing ? updateChannel : createChannel, { initialKey, scope });
  const [chosenKind, setKind] = useState<ChannelKind>('slack');
  const kind = channel?.kind ?? chosenKind;
  const hintId = (name: string) => `${scope}-${name}-hint`;
  /** An input's props: its name, id, error state, and the ids of its hint and error. */
  const control = (name: string, hint = false) => {
    const props = form.field(name);
    const describedBy = [hint && hintId(name), props['aria-describedby']].filter(Boolean).join(' ');
    return { ...props, id: `${scope}-${name}`, 'aria-describedby': describedBy || undefined };
  };
  /** The Field wrapper's props for a control named `name`. */
  const around = (name: string, label: string, hint?: ReactNode) => ({
    id: `${scope}-${name}`,
    label,
    hint,
    hintId: hintId(name),
    error: <FieldError id={form.errorId(name)} error={form.errorOf(name)} />,
  });
  const keep = channel?.secretHint ? `Leave empty to keep the one ending ${channel.secretHint}.` : null;

  return (
    <form
      key={form.idempotencyKey}
      onSubmit={form.onSubmit}
      className={styles.form}
      aria-label={editing ? `Edit ${channel.name}` : 'New channel'}
      noValidate
    >
      <IdempotencyKey value={form.idempotencyKey} />
      {editing && <input type="hidden" name="id" value={channel.id} />}
      <div className={styles.fields}>
        <Field {...around('name', 'Name')}>
          <input
            className="input"
            placeholder="oncall-slack"
            autoComplete="off"
            defaultValue={channel?.name}
            {...control('name')}
          />
        </Field>
        {editing ? (
          <Field {...around('kind', 'Kind')}>
            {/* The kind cannot change: its settings would not carry over. */}
            <input type="hidden" name="kind" value={channel.kind} />
            <input className="input" readOnly id={`${scope}-kind`} value={KIND_DESCRIPTIONS[channel.kind]} />
          </Field>
        ) : (
          <Field {...around('kind', 'Kind')}>
            <select
              className="select"
              {...control('kind')}
              value={kind}
              onChange={(event) => setKind(event.target.value as ChannelKind)}
            >
              {(Object.keys(KIND_DESCRIPTIONS) as ChannelKind[]).map((value) => (
                <option key={value} value={value}>
                  {KIND_DESCRIPTIONS[value]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'slack' && (
          <Field
            {...around(
              'url',
              'Webhook URL',
              keep ?? 'From a Slack app’s Incoming Webhooks, or a Slack-compatible server (https).',
            )}
          >
            <input
              className="input"
              type="url"
              autoComplete="off"
              placeholder={editing ? 'unchanged' : 'https://hooks.slack.com/services/…'}
              {...control('url', true)}
            />
          </Field>
        )}
        {kind === 'pagerduty' && (
          <>
            <Field
              {...around(
                'routingKey',
                'Routing key',
                keep ?? 'The 32-character integration key of an Events API v2 integration.',
              )}
            >
              <input
                className="input"
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder={editing ? 'unchanged' : undefined}
                {...control('routingKey', true)}
              />
            </Field>
            <Field
              {...around('url', 'Events API URL', "Empty for PagerDuty's own (EU accounts: events.eu.pagerduty.com).")}
            >
              <input
                className="input"
                type="url"
                autoComplete="off"
                placeholder={pagerDutyUrl}
                defaultValue={channel?.url && channel.url !== pagerDutyUrl ? channel.url : undefined}
                {...control('url', true)}
              />
            </Field>
          </>
        )}
        {kind === 'webhook' && (
          <>
            <Field {...around('url', 'URL')}>
              <input
                className="input"
                type="url"
                placeholder="https://hooks.example.com/fleet"
                defaultValue={channel?.url ?? undefined}
                {...control('url')}
              />
            </Field>
            <Field
              {...around(
                'secret',
                'Signing secret (optional)',
                keep ?? 'At least 16 characters; empty sends unsigned posts.',
              )}
            >
              <input
                className="input"
                type="password"
                autoComplete="off"
                placeholder={keep ? 'unchanged' : undefined}
                {...control('secret', true)}
              />
            </Field>
            {channel?.secretHint && (
              <label className="row">
                <input type="checkbox" name="removeSecret" /> Stop signing: remove the secret
              </label>
            )}
          </>
        )}
        {kind === 'email' && (
          <Field {...around('to', 'Addresses')}>
            <input
              className="input"
              placeholder="oncall@example.com, finance@example.com"
              defaultValue={channel?.to.join(', ')}
              {...control('to')}
            />
          </Field>
        )}
        <Field {...around('minSeverity', 'Incidents')}>
          <select
            className="select"
            // A new PagerDuty channel starts at pages only: it wakes people up.
            key={editing ? 'edit' : kind}
            defaultValue={channel?.minSeverity ?? (kind === 'pagerduty' ? 'page' : 'ticket')}
            {...control('minSeverity')}
          >
            <option value="page">Pages only</option>
            <option value="ticket">Pages and tickets</option>
            <option value="none">None</option>
          </select>
        </Field>
        <Field {...around('teamId', 'Team', 'For incidents and budget alerts.')}>
          <select className="select" defaultValue={channel?.teamId ?? ''} {...control('teamId', true)}>
            <option value="">All teams</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name} only
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="stack" style={{ gap: 'var(--space-2)', border: 0, padding: 0, margin: 0 }}>
        <legend className="label">Also receives</legend>
        <div className="row">
          <label className="row">
            <input type="checkbox" name="budgetAlerts" defaultChecked={channel?.budgetAlerts ?? true} /> Budget alerts
          </label>
          {kind === 'pagerduty' ? (
            <span className="hint">The weekly report does not go to PagerDuty.</span>
          ) : (
            <label className="row">
              <input type="checkbox" name="weeklyReport" defaultChecked={channel?.weeklyReport ?? false} /> The weekly
              report{kind === 'email' ? ' (with the PDF)' : ''}
            </label>
          )}
        </div>
        <FieldError id={form.errorId('weeklyReport')} error={form.errorOf('weeklyReport')} />
      </fieldset>
      <FormOutcome result={form.result} success={editing ? 'Changes saved.' : 'Channel added.'} />
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          {editing ? 'Save changes' : 'Add channel'}
        </Button>
      </div>
    </form>
  );
}
