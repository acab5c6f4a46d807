'use client';

// A channel's settings, new or edited: its kind's own fields (Slack URL, PagerDuty routing key, webhook URL and
// secret, email addresses), which incidents and team it takes, and which other messages. On edit a secret is
// shown only by its last 4 characters; left empty, the stored one stays.
import { useState } from 'react';
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FieldError, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { createChannel, updateChannel } from '@/lib/actions/channels';
import type { ChannelSettingsView } from '@/lib/queries/channels';
import styles from '@/components/forms/forms.module.css';
import { KIND_DESCRIPTIONS, type ChannelKind } from './channel-labels';
import { Options } from '@/components/forms/Options';

export interface ChannelFormProps {
  initialKey: string;
  teams: { id: number; name: string }[];
  /** PagerDuty's Events API URL, used when the field is left empty. */
  pagerDutyUrl: string;
  /** The channel to edit; a new one without. */
  channel?: ChannelSettingsView;
}

export function ChannelForm({ initialKey, teams, pagerDutyUrl, channel }: ChannelFormProps) {
  const editing = channel !== undefined;
  const scope = editing ? `edit-channel-${channel.id}` : 'new-channel';
  const form = useActionForm(editing ? updateChannel : createChannel, { initialKey, scope });
  const [chosenKind, setKind] = useState<ChannelKind>('slack');
  const kind = channel?.kind ?? chosenKind;
  const keep = channel?.secretHint ? `Leave empty to keep the one ending ${channel.secretHint}.` : null;

  return (
    <ActionFormFrame form={form} className={styles.form} label={editing ? `Edit ${channel.name}` : 'New channel'}>
      {editing && <input type="hidden" name="id" value={channel.id} />}
      <div className={styles.fields}>
        <Field form={form} name="name" label="Name">
          <input className="input" placeholder="oncall-slack" autoComplete="off" defaultValue={channel?.name} />
        </Field>
        {editing ? (
          <div className="field">
            <label className="label" htmlFor={form.idOf('kind')}>
              Kind
            </label>
            {/* The kind cannot change: its settings would not carry over. */}
            <input type="hidden" name="kind" value={channel.kind} />
            <input className="input" readOnly id={form.idOf('kind')} value={KIND_DESCRIPTIONS[channel.kind]} />
            <FieldError id={form.errorId('kind')} error={form.errorOf('kind')} />
          </div>
        ) : (
          <Field form={form} name="kind" label="Kind">
            <select className="select" value={kind} onChange={(event) => setKind(event.target.value as ChannelKind)}>
              <Options of={Object.keys(KIND_DESCRIPTIONS) as ChannelKind[]} label={KIND_DESCRIPTIONS} />
            </select>
          </Field>
        )}
        {kind === 'slack' && (
          <Field
            form={form}
            name="url"
            label="Webhook URL"
            hint={keep ?? 'From a Slack app’s Incoming Webhooks, or a Slack-compatible server (https).'}
          >
            <input
              className="input"
              type="url"
              autoComplete="off"
              placeholder={editing ? 'unchanged' : 'https://hooks.slack.com/services/…'}
            />
          </Field>
        )}
        {kind === 'pagerduty' && (
          <>
            <Field
              form={form}
              name="routingKey"
              label="Routing key"
              hint={keep ?? 'The 32-character integration key of an Events API v2 integration.'}
            >
              <input
                className="input"
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder={editing ? 'unchanged' : undefined}
              />
            </Field>
            <Field
              form={form}
              name="url"
              label="Events API URL"
              hint="Empty for PagerDuty's own (EU accounts: events.eu.pagerduty.com)."
            >
              <input
                className="input"
                type="url"
                autoComplete="off"
                placeholder={pagerDutyUrl}
                defaultValue={channel?.url && channel.url !== pagerDutyUrl ? channel.url : undefined}
              />
            </Field>
          </>
        )}
        {kind === 'webhook' && (
          <>
            <Field form={form} name="url" label="URL">
              <input
                className="input"
                type="url"
                placeholder="https://hooks.example.com/fleet"
                defaultValue={channel?.url ?? undefined}
              />
            </Field>
            <Field
              form={form}
              name="secret"
              label="Signing secret (optional)"
              hint={keep ?? 'At least 16 characters; empty sends unsigned posts.'}
            >
              <input
                className="input"
                type="password"
                autoComplete="off"
                placeholder={keep ? 'unchanged' : undefined}
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
          <Field form={form} name="to" label="Addresses">
            <input
              className="input"
              placeholder="oncall@example.com, finance@example.com"
              defaultValue={channel?.to.join(', ')}
            />
          </Field>
        )}
        <Field form={form} name="minSeverity" label="Incidents">
          <select
            className="select"
            // A new PagerDuty channel starts at pages only: it wakes people up.
            key={editing ? 'edit' : kind}
            defaultValue={channel?.minSeverity ?? (kind === 'pagerduty' ? 'page' : 'ticket')}
          >
            <option value="page">Pages only</option>
            <option value="ticket">Pages and tickets</option>
            <option value="none">None</option>
          </select>
        </Field>
        <Field form={form} name="teamId" label="Team" hint="For incidents and budget alerts.">
          <select className="select" defaultValue={channel?.teamId ?? ''}>
            <option value="">All teams</option>
            <Options of={teams} value={(team) => team.id} label={(team) => `${team.name} only`} />
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
      <FormSubmit form={form} success={editing ? 'Changes saved.' : 'Channel added.'}>
        {editing ? 'Save changes' : 'Add channel'}
      </FormSubmit>
    </ActionFormFrame>
  );
}
