// Where the quick actions on an incident's job or node go (restart job, cordon node, drain node): the action buttons
// with their confirmation join here, as <ActionButtons target={target} compact={compact} /> per target. Until they
// do, it draws nothing, and the on-call rows and the incident page keep their place for them.
export interface QuickActionTarget {
  type: 'job' | 'node';
  id: number;
}

export interface QuickActionsProps {
  targets: QuickActionTarget[];
  /** The on-call rows' small buttons, rather than the incident page's. */
  compact?: boolean;
}

export function QuickActions(_props: QuickActionsProps) {
  return null;
}

/** The job and node an incident concerns, the job first. */
export function targetsOf(incident: { job: { id: number } | null; node: { id: number } | null }): QuickActionTarget[] {
  return [
    ...(incident.job ? [{ type: 'job' as const, id: incident.job.id }] : []),
    ...(incident.node ? [{ type: 'node' as const, id: incident.node.id }] : []),
  ];
}
