// Severity and state as badges: words plus a shape of their own (a page's cross, a ticket's triangle; an open
// incident's dot, an acknowledged one's "i", a resolved one's tick), large where they are scanned from afar.
import { Badge, IconCheck, IconDot, IconError, IconInfo, IconWarning } from '@/components/ui';
import type { IncidentSeverity, IncidentState } from '@/lib/domain/enums';
import { INCIDENT_STATE, SEVERITY } from './labels';
import styles from './incidents.module.css';

const SEVERITY_ICON = { page: IconError, ticket: IconWarning } as const;
const STATE_ICON = { open: IconDot, acknowledged: IconInfo, resolved: IconCheck } as const;

export function SeverityBadge({ severity, large = false }: { severity: IncidentSeverity; large?: boolean }) {
  const Icon = SEVERITY_ICON[severity];
  return (
    <Badge
      tone={SEVERITY[severity].tone}
      icon={<Icon size={large ? 14 : 12} />}
      className={large ? styles.large : undefined}
      data-severity={severity}
    >
      {SEVERITY[severity].label}
    </Badge>
  );
}

export function StateBadge({ state, large = false }: { state: IncidentState; large?: boolean }) {
  const Icon = STATE_ICON[state];
  return (
    <Badge
      tone={INCIDENT_STATE[state].tone}
      icon={<Icon size={large ? 14 : 12} />}
      className={large ? styles.large : undefined}
      data-state={state}
    >
      {INCIDENT_STATE[state].label}
    </Badge>
  );
}
