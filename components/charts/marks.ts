// Events drawn on a time chart (an incident opened, a fault, a cordon, a restart): a vertical line at the moment
// and a marker above the plot that names it on hover or focus, and links to it where it has a page of its own.
// Plain code: the pages build marks from what they already loaded; the grouping is tested on its own.

export type MarkTone = 'bad' | 'warn' | 'info' | 'ok';

export interface ChartMark {
  /** Epoch ms. */
  at: number;
  /** What happened, in a few words: "Cordon by ops@example.com". */
  title: string;
  /** A line more, when there is one: the reason, an XID's meaning. */
  detail?: string | null;
  href?: string;
  tone: MarkTone;
}

/** Marks close enough to share one marker: a drawn group, at its first mark's time. */
export interface MarkGroup {
  at: number;
  /** 0..1 across the plot. */
  x: number;
  marks: ChartMark[];
  tone: MarkTone;
}

const TONE_RANK: Record<MarkTone, number> = { bad: 3, warn: 2, info: 1, ok: 0 };

/**
 * The marks inside [from, to], oldest first, grouped so that no two markers are closer than `minGap` of the
 * plot's width (markers that touch cannot be told apart or hovered). A group takes its worst mark's tone.
 */
export function groupMarks(marks: readonly ChartMark[], from: number, to: number, minGap = 0.02): MarkGroup[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const inside = marks.filter((mark) => mark.at >= from && mark.at <= to).sort((a, b) => a.at - b.at);
  const groups: MarkGroup[] = [];
  for (const mark of inside) {
    const x = (mark.at - from) / span;
    const last = groups.at(-1);
    if (last && x - last.x < minGap) {
      last.marks.push(mark);
      if (TONE_RANK[mark.tone] > TONE_RANK[last.tone]) last.tone = mark.tone;
    } else {
      groups.push({ at: mark.at, x, marks: [mark], tone: mark.tone });
    }
  }
  return groups;
}

export const markColor = (tone: MarkTone) =>
  tone === 'bad' ? 'var(--bad)' : tone === 'warn' ? 'var(--warn)' : tone === 'ok' ? 'var(--ok)' : 'var(--accent)';
