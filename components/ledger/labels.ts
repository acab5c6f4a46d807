// The ledger's classes on screen: their words (lib/ledger-labels.ts) and a colour each.
import type { LedgerClass } from '@/lib/domain/ledger';
import { CLASS_WORDS, type ClassWords } from '@/lib/ledger-labels';

interface ClassInfo extends ClassWords {
  colour: string;
}

const COLOURS: Record<LedgerClass, string> = {
  productive: 'var(--ok)',
  redone: 'var(--chart-3)',
  recovery: 'var(--bad)',
  checkpoint: 'var(--chart-1)',
  straggler: 'var(--chart-8)',
  idle: 'var(--chart-7)',
  unknown: 'var(--surface-3)',
};

export const CLASS_INFO = Object.fromEntries(
  Object.entries(CLASS_WORDS).map(([cls, words]) => [cls, { ...words, colour: COLOURS[cls as LedgerClass] }]),
) as Record<LedgerClass, ClassInfo>;
