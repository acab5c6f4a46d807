'use client';

// Someone new: their address, name, role, and a first password (none for people who sign in through single sign-on).
import { FieldError, FormOutcome, IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import styles from '@/components/forms/forms.module.css';
import { createUser } from '@/lib/actions/users';
import { MIN_PASSWORD_LENGTH } from '@/lib/actions/user-schemas';
import { ROLE_LABELS, ROLE_CHOICES } from './user-labels';

export function UserForm({ initialKey }: { initialKey: string }) {
  const form = useActionForm(createUser, { initialKey, scope: 'new-user' });
  return (
    <form key={form.idempotencyKey} onSubmit={form.onSubmit} className={styles.form} aria-label="New person" noValidate>
      <IdempotencyKey value={form.idempotencyKey} />
      <div className={styles.fields}>
        <label className="field">
          <span className="label">Email</span>
          <input
            className="input"
            type="email"
            autoComplete="off"
            placeholder="ada@example.com"
            {...form.field('email')}
          />
          <FieldError id={form.errorId('email')} error={form.errorOf('email')} />
        </label>
        <label className="field">
          <span className="label">Name</span>
          <input className="input" autoComplete="off" placeholder="Ada Lovelace" {...form.field('name')} />
          <FieldError id={form.errorId('name')} error={form.errorOf('name')} />
        </label>
        <label className="field">
          <span className="label">Role</span>
          <select className="select" defaultValue="viewer" {...form.field('role')}>
            {ROLE_CHOICES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <FieldError id={form.errorId('role')} error={form.errorOf('role')} />
        </label>
        <label className="field">
          <span className="label">First password (optional)</span>
          <input className="input" type="password" autoComplete="new-password" {...form.field('password')} />
          <FieldError id={form.errorId('password')} error={form.errorOf('password')} />
        </label>
        <label className="field">
          <span className="label">Why (optional)</span>
          <input className="input" placeholder="Joins the inference team" {...form.field('reason')} />
          <FieldError id={form.errorId('reason')} error={form.errorOf('reason')} />
        </label>
      </div>
      <p className="hint">
        A password needs {MIN_PASSWORD_LENGTH} characters or more; pass it on in person. Leave it empty for someone who
        signs in through single sign-on only.
      </p>
      <FormOutcome result={form.result} success="Added. They can sign in now." />
      <div>
        <Button type="submit" variant="primary" loading={form.pending}>
          Add person
        </Button>
      </div>
    </form>
  );
}
