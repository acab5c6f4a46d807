// Words and tones for the states the overview counts. The tone picks colour and shape; the label says it in
// words, so status is never told by colour alone.
import type { Tone } from '@/components/ui';
import { STATUS, type Status } from '@/components/ui/status';
import type { FaultKind, IncidentSeverity, JobHealth } from '@/lib/domain/enums';
import type { ShownNodeState } from '@/lib/domain/readings';

export const NODE_STATE: Record<ShownNodeState, { label: string; tone: Tone }> = {
  ready: { label: 'Ready', tone: 'ok' },
  not_reporting: { label: 'Not reporting', tone: 'bad' },
  provisioning: { label: 'Provisioning', tone: 'info' },
  cordoned: { label: 'Cordoned', tone: 'warn' },
  draining: { label: 'Draining', tone: 'warn' },
  rebooting: { label: 'Rebooting', tone: 'info' },
  down: { label: 'Down', tone: 'bad' },
  retired: { label: 'Retired', tone: 'neutral' },
};

export const JOB_HEALTH: Record<JobHealth, Status> = {
  failed: STATUS.failed,
  stalled: { label: 'Stalled', tone: 'bad' },
  degraded: { label: 'Degraded', tone: 'warn' },
  recovering: STATUS.recovering,
  healthy: { label: 'Healthy', tone: 'ok' },
  pending: STATUS.pending,
  succeeded: STATUS.succeeded,
  cancelled: STATUS.cancelled,
};

export const SEVERITY: Record<IncidentSeverity, { label: string; tone: Tone }> = {
  page: { label: 'Page', tone: 'bad' },
  ticket: { label: 'Ticket', tone: 'warn' },
};

/** A GPU or node fault's kind, as the job and node pages list it. */
export const FAULT_KIND: Record<FaultKind, string> = {
  xid: 'XID',
  ecc_sbe: 'ECC single-bit',
  ecc_dbe: 'ECC double-bit',
  row_remap: 'Row remap',
  thermal: 'Thermal',
  power: 'Power',
  nvlink: 'NVLink',
  pcie: 'PCIe',
  node_lost: 'Node lost',
};
