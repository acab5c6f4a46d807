// How the audit log names its results and where its targets live in the console. Shared by the table and the
// filter menus, so it imports types only.
import type { Tone } from '@/components/ui';
import type { AuditResult } from '@/lib/domain/enums';

export const RESULT: Record<AuditResult, { tone: Tone; label: string }> = {
  ok: { tone: 'ok', label: 'OK' },
  denied: { tone: 'bad', label: 'Denied' },
  invalid: { tone: 'warn', label: 'Invalid' },
  failed: { tone: 'bad', label: 'Failed' },
};

/** The page a target is shown on, for the target types that have one. */
export function targetHref(type: string | null, id: string | null): string | null {
  const one = (base: string) => (id ? `${base}/${encodeURIComponent(id)}` : null);
  switch (type) {
    case 'job':
      return one('/jobs');
    case 'node':
      return one('/nodes');
    case 'incident':
      return one('/incidents');
    case 'notification_channel':
      return '/admin/channels';
    case 'rate_card':
      return '/admin/rates';
    case 'budget':
      return '/budgets';
    default:
      return null;
  }
}

/** `job.restart` -> `job`; the family an action belongs to. */
export const familyOf = (action: string) => action.split('.')[0];
