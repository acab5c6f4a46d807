'use client';

// Someone new: their address, name, role, and a first password (none for people who sign in through single sign-on).
import { Field } from '@/components/forms/Field';
import { ActionFormFrame, FormSubmit } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import styles from '@/components/forms/forms.module.css';
import { createUser } from '@/lib/actions/users';
import { MIN_PASSWORD_LENGTH } from '@/lib/actions/user-schemas';
import { ROLE_LABELS, ROLE_CHOICES } from './user-labels';
import { Options } from '@/components/forms/Options';

export function UserForm({ initialKey }: { initialKey: string }) {
  const form = useActionForm(createUser, { initialKey, scope: 'new-user' });
  return (
    <ActionFormFrame form={form} className={styles.form} label="New person">
      <div className={styles.fields}>
        <Field form={form} name="email" label="Email">
          <input className="input" type="email" autoComplete="off" placeholder="ada@example.com" />
        </Field>
        <Field form={form} name="name" label="Name">
          <input className="input" autoComplete="off" placeholder="Ada Lovelace" />
        </Field>
        <Field form={form} name="role" label="Role">
          <select className="select" defaultValue="viewer">
            <Options of={ROLE_CHOICES} label={ROLE_LABELS} />
          </select>
        </Field>
        <Field form={form} name="password" label="First password (optional)">
          <input className="input" type="password" autoComplete="new-password" />
        </Field>
        <Field form={form} name="reason" label="Why (optional)">
          <input className="input" placeholder="Joins the inference team" />
        </Field>
      </div>
      <p className="hint">
        A password needs {MIN_PASSWORD_LENGTH} characters or more; pass it on in person. Leave it empty for someone who
        signs in through single sign-on only.
      </p>
      <FormSubmit form={form} success="Added. They can sign in now.">
        Add person
      </FormSubmit>
    </ActionFormFrame>
  );
}
