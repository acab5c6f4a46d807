// The quick actions on an incident's job or node (restart the job; cordon or drain the node), each with its
// confirmation, answering the incident: the action joins the incident's timeline.
import { ActionButtons } from '@/components/actions';

export interface QuickActionTarget {
  type: 'job' | 'node';
  id: number;
  label: string;
}

export interface QuickActionsProps {
  targets: QuickActionTarget[];
  incidentId: number;
  /** The on-call rows' small buttons, rather than the incident page's. */
  compact?: boolean;
}

export function QuickActions({ targets, incidentId, compact }: QuickActionsProps) {
  return (
    <>
      {targets.map((target) => (
        <ActionButtons key={`${target.type}:${target.id}`} target={target} compact={compact} incidentId={incidentId} />
      ))}
    </>
  );
}

/** The job and node an incident concerns, the job first. */
export function targetsOf(incident: {
  job: { id: number; name: string } | null;
  node: { id: number; hostname: string } | null;
}): QuickActionTarget[] {
  return [
    ...(incident.job ? [{ type: 'job' as const, id: incident.job.id, label: incident.job.name }] : []),
    ...(incident.node ? [{ type: 'node' as const, id: incident.node.id, label: incident.node.hostname }] : []),
  ];
}
