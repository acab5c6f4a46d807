'use client';

// A new channel: a signed JSON webhook or an email list, and what it receives.
import { useState } from 'react';
import { FieldError, FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { createChannel } from '@/lib/actions/channels';
import styles from '@/components/forms/forms.module.css';

export function ChannelForm({ initialKey, teams }: { initialKey: string; teams: { id: number; name: string }[] }) {
  const form = useActionForm(createChannel, { initialKey, scope: 'new-channel' });
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const field = (name: string) => ({ ...form.field(name), id: `channel-${name}` });
  return (
    <form
      key={form.idempotencyKey}
      onSubmit={form.onSubmit}
      className={styles.form}
      aria-label="New channel"
      noValidate
    >
      <IdempotencyKey value={form.idempotencyKey} />
      <div className={styles.fields}>
        <label className="field">
          <span className="label">Name</span>
          <input className="input" placeholder="finance-mail" {...field('name')} />
          <FieldError id={form.errorId('name')} error={form.errorOf('name')} />
        </label>
        <label className="field">
          <span className="label">Kind</span>
          <select
            className="select"
            {...field('kind')}
            value={kind}
            onChange={(event) => setKind(event.target.value as 'webhook' | 'email')}
          >
            <option value="webhook">Webhook (JSON, signed)</option>
            <option value="email">Email</option>
          </select>
          <FieldError id={form.errorId('kind')} error={form.errorOf('kind')} />
        </label>
        {kind === 'webhook' ? (
          <>
            <label className="field">
              <span className="label">URL</span>
              <input className="input" placeholder="https://hooks.example.com/fleet" {...field('url')} />
              <FieldError id={form.errorId('url')} error={form.errorOf('url')} />
            </label>
            <label className="field">
              <span className="label">Signing secret (optional)</span>
              <input className="input" type="password" autoComplete="off" {...field('secret')} />
              <FieldError id={form.errorId('secret')} error={form.errorOf('secret')} />
            </label>
          </>
        ) : (
          <label className="field">
            <span className="label">Addresses</span>
            <input className="input" placeholder="cfo@example.com, finance@example.com" {...field('to')} />
            <FieldError id={form.errorId('to')} error={form.errorOf('to')} />
          </label>
        )}
        <label className="field">
          <span className="label">Budget alerts of</span>
          <select className="select" defaultValue="" {...field('teamId')}>
            <option value="">Every team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name} only
              </option>
            ))}
          </select>
          <FieldError id={form.errorId('teamId')} error={form.errorOf('teamId')} />
        </label>
      </div>
      <div className="row">
        <label className="row">
          <input type="checkbox" name="budgetAlerts" defaultChecked /> Budget alerts
        </label>
        <label className="row">
          <input type="checkbox" name="weeklyReport" /> The weekly report (email gets the PDF)
        </label>
      </div>
      <FormOutcome result={form.result} success="Channel added." />
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          Add channel
        </Button>
      </div>
    </form>
  );
}
