// The ledger's classes as people read them (DOMAIN.md's words), for pages, the weekly report's PDF and CSV alike;
// and the fix that removes each loss. No server imports.
import type { LedgerClass } from '@/lib/domain/ledger';

export interface ClassWords {
  label: string;
  /** For an inference service, where the class reads differently. */
  serviceLabel?: string;
  meaning: string;
}

export const CLASS_WORDS: Record<LedgerClass, ClassWords> = {
  productive: {
    label: 'Productive',
    serviceLabel: 'Serving',
    meaning: 'steps taken at its healthy pace (a service: its GPUs at work)',
  },
  redone: { label: 'Redone', meaning: 'work lost since the last checkpoint, computed again' },
  recovery: { label: 'Recovery', meaning: 'from the fault until it stepped again: detection, restart, loading' },
  checkpoint: { label: 'Checkpoint', meaning: 'training held up while checkpoints were written' },
  straggler: { label: 'Straggler slowdown', meaning: 'time lost against its healthy pace while it stepped' },
  idle: {
    label: 'Allocated, idle',
    meaning: 'held, not stepping, no fault to blame (start-up, waiting, GPUs under 5%)',
  },
  unknown: { label: 'Unknown', meaning: 'no data covered it, or not yet classified' },
};

/** The classes lost to a cause, worst first in the report: everything but productive and unknown. */
export const LOSS_CLASSES = ['recovery', 'redone', 'straggler', 'idle', 'checkpoint'] as const satisfies LedgerClass[];

/** A cause of lost GPU-hours: a loss class, or a pool's capacity no job held. */
export type LossCause = (typeof LOSS_CLASSES)[number] | 'unallocated';

/** Each cause in a sentence ("… went to recovery $80.00, redone work $60.00"). */
export const LOSS_WORDS: Record<LossCause, string> = {
  recovery: 'recovery',
  redone: 'redone work',
  straggler: 'stragglers',
  idle: 'idle allocated GPUs',
  checkpoint: 'checkpoint writes',
  unallocated: 'unallocated capacity',
};

/** What removes each cause. */
export const LOSS_FIXES: Record<LossCause, string> = {
  recovery: 'Recover faster: restart hung and failed jobs at once, swap in warm spares for lost nodes',
  redone: 'Checkpoint more often (asynchronously), so less work is lost and computed again',
  straggler: 'Quarantine the lemon nodes that hold synchronous jobs back',
  idle: 'Release GPUs that jobs hold without stepping',
  checkpoint: 'Write checkpoints asynchronously, off the training step',
  unallocated: 'Shrink or share the capacity no job held (warm spares apart)',
};
