// People (admins only): who may sign in, with what role, how and when they last did; add someone, change a role,
// deactivate. Every change is an action, audited; a role change or a deactivation ends the person's sessions.
import { randomUUID } from 'node:crypto';
import { UserControls } from '@/components/admin/UserControls';
import { UserForm } from '@/components/admin/UserForm';
import { Badge, Card, EmptyState, Table, type Column } from '@/components/ui';
import { authorize, requireUser } from '@/lib/auth/session';
import { RoleRequired } from '@/components/auth/RoleRequired';
import { formatLocalDateTime } from '@/lib/domain/time';
import { formatAge } from '@/lib/domain/units';
import { env } from '@/lib/env';
import { readSettings } from '@/lib/settings/org';
import { listUsers, type UserRow } from '@/lib/queries/users';

export const metadata = { title: 'People · Fleet Console' };

export default async function UsersPage() {
  const me = await requireUser();
  if (!authorize(me, 'admin')) return <RoleRequired role="admin" />;
  const [users, { timeZone }] = await Promise.all([listUsers(), readSettings()]);
  const now = new Date();
  const { OIDC_ROLE_MAP } = env();
  const mapped = Object.keys(OIDC_ROLE_MAP).length > 0;
  const columns: Column<UserRow>[] = [
    {
      key: 'name',
      header: 'Person',
      rowHeader: true,
      cell: (row) => (
        <span>
          <span className="clip" title={row.name}>
            {row.name}
          </span>
          {row.id === me.id ? <span className="subtle"> (you)</span> : null}
          <br />
          <span className="mono subtle clip" title={row.email}>
            {row.email}
          </span>
        </span>
      ),
    },
    {
      key: 'role',
      header: 'Role',
      cell: (row) => <Badge tone={row.role === 'admin' ? 'info' : 'neutral'}>{row.role}</Badge>,
    },
    {
      key: 'state',
      header: 'State',
      cell: (row) => <Badge tone={row.active ? 'ok' : 'bad'}>{row.active ? 'Active' : 'Deactivated'}</Badge>,
    },
    { key: 'how', header: 'Signs in with', cell: (row) => (row.password ? 'Password' : 'Single sign-on') },
    {
      key: 'last',
      header: 'Last sign-in',
      cell: (row) =>
        row.lastSignInAt ? (
          <span title={formatLocalDateTime(new Date(row.lastSignInAt), timeZone)}>
            {formatAge(new Date(row.lastSignInAt), now)}
          </span>
        ) : (
          <span className="subtle">Never</span>
        ),
    },
    { key: 'sessions', header: 'Open sessions', numeric: true, cell: (row) => row.openSessions },
    {
      key: 'actions',
      header: 'Change',
      width: '360px',
      cell: (row) => (
        <UserControls
          id={row.id}
          email={row.email}
          role={row.role}
          active={row.active}
          roleKey={randomUUID()}
          activeKey={randomUUID()}
        />
      ),
    },
  ];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">People</h1>
          <p className="page-subtitle">
            Who may sign in, and with which role. Changing a role or deactivating someone signs them out everywhere
            within 15 seconds; the console always keeps one active admin.
            {mapped
              ? ' Single sign-on roles come from the identity provider’s groups at each sign-in (OIDC_ROLE_MAP).'
              : ''}
          </p>
        </div>
      </header>
      <Card title="People" flush>
        <Table
          caption="People who may sign in"
          columns={columns}
          rows={users}
          empty={<EmptyState title="Nobody yet" description="Add someone below." />}
        />
      </Card>
      <Card title="Add someone">
        <UserForm initialKey={randomUUID()} />
      </Card>
    </div>
  );
}
