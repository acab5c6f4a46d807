'use client';

// One person's role and whether they may sign in. Both changes end their sessions everywhere; the server refuses
// to leave the console without an active admin.
import { IdempotencyKey } from '@/components/forms/FormParts';
import { useActionForm } from '@/components/forms/useActionForm';
import { Button } from '@/components/ui';
import { setUserActive, setUserRole } from '@/lib/actions/users';
import type { Role } from '@/lib/domain/enums';
import styles from './admin.module.css';
import { ROLE_CHOICES } from './user-labels';
import { Options } from '@/components/forms/Options';

interface UserControlsProps {
  id: number;
  email: string;
  role: Role;
  active: boolean;
  roleKey: string;
  activeKey: string;
}

export function UserControls({ id, email, role, active, roleKey, activeKey }: UserControlsProps) {
  const roleForm = useActionForm(setUserRole, { initialKey: roleKey, scope: `user-${id}-role` });
  const activeForm = useActionForm(setUserActive, { initialKey: activeKey, scope: `user-${id}-active` });
  const refusal = [roleForm.result, activeForm.result].find((result) => result && !result.ok);
  return (
    <div className={styles.userControls}>
      <form key={roleForm.idempotencyKey} onSubmit={roleForm.onSubmit} className={styles.inlineForm}>
        <IdempotencyKey value={roleForm.idempotencyKey} />
        <input type="hidden" name="id" value={id} />
        <select className="select" name="role" defaultValue={role} aria-label={`Role of ${email}`} disabled={!active}>
          <Options of={ROLE_CHOICES} />
        </select>
        <Button
          type="submit"
          size="sm"
          loading={roleForm.pending}
          disabled={!active}
          aria-label={`Change the role of ${email}`}
        >
          Change role
        </Button>
      </form>
      <form key={activeForm.idempotencyKey} onSubmit={activeForm.onSubmit}>
        <IdempotencyKey value={activeForm.idempotencyKey} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="active" value={active ? 'false' : 'true'} />
        <Button
          type="submit"
          size="sm"
          variant={active ? 'ghost' : undefined}
          loading={activeForm.pending}
          aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${email}`}
        >
          {active ? 'Deactivate' : 'Reactivate'}
        </Button>
      </form>
      {refusal && !refusal.ok && (
        <p className="field-error" role="alert">
          {refusal.error}
        </p>
      )}
    </div>
  );
}
