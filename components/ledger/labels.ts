// The ledger's classes as people read them: a name, what it means in a line (DOMAIN.md's words), and a colour.
import type { LedgerClass } from '@/lib/domain/ledger';

export interface ClassInfo {
  label: string;
  /** For an inference service, where the class reads differently. */
  serviceLabel?: string;
  meaning: string;
  colour: string;
}

export const CLASS_INFO: Record<LedgerClass, ClassInfo> = {
  productive: {
    label: 'Productive',
    serviceLabel: 'Serving',
    meaning: 'steps taken at its healthy pace (a service: its GPUs at work)',
    colour: 'var(--ok)',
  },
  redone: {
    label: 'Redone',
    meaning: 'work lost since the last checkpoint, computed again',
    colour: 'var(--chart-3)',
  },
  recovery: {
    label: 'Recovery',
    meaning: 'from the fault until it stepped again: detection, restart, loading',
    colour: 'var(--bad)',
  },
  checkpoint: {
    label: 'Checkpoint',
    meaning: 'training held up while checkpoints were written',
    colour: 'var(--chart-1)',
  },
  straggler: {
    label: 'Straggler slowdown',
    meaning: 'time lost against its healthy pace while it stepped',
    colour: 'var(--chart-8)',
  },
  idle: {
    label: 'Allocated, idle',
    meaning: 'held, not stepping, no fault to blame (start-up, waiting, GPUs under 5%)',
    colour: 'var(--chart-7)',
  },
  unknown: {
    label: 'Unknown',
    meaning: 'no data covered it, or not yet classified',
    colour: 'var(--surface-3)',
  },
};

/** The classes lost to a cause, worst first in the report: everything but productive and unknown. */
export const LOSS_CLASSES = ['recovery', 'redone', 'straggler', 'idle', 'checkpoint'] as const satisfies LedgerClass[];
