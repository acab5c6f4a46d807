// What a page shows a reader whose role does not open it. Rendered by the page itself rather than thrown to the
// error boundary, so the browser logs no error for what is a plain refusal.
import { IntentLink } from '@/components/ui/IntentLink';
import { AlertPanel } from '@/components/ui/AlertPanel';
import type { Role } from '@/lib/domain/enums';

export function RoleRequired({ role }: { role: Role }) {
  return (
    <AlertPanel tone="warn" title={`This page needs the ${role} role`}>
      <p className="muted">Your account does not have it. An administrator can change your role.</p>
      <IntentLink href="/">Go to the overview</IntentLink>
    </AlertPanel>
  );
}
