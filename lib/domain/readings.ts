// What "now" means for a GPU (DOMAIN.md Coverage): its latest reading, whatever the source's lag, with the reading's
// age once it is older than two minutes; a GPU whose latest reading is older than the source's stale limit is not
// reporting, and a node all of whose GPUs are not reporting is shown so, since its newest reading, whatever state it
// last had. Pure: callers pass the clock.
import type { NodeState } from './enums';

/** A reading shown as "now" says how old it is once it is older than this. */
export const READING_AGE_SHOWN_AFTER_MS = 2 * 60_000;

/** The age of a reading to show beside it, in ms; null while it is recent enough to stand for now. */
export function readingAgeShown(readingAt: Date | string | null, now: Date): number | null {
  if (readingAt === null) return null;
  const age = now.getTime() - new Date(readingAt).getTime();
  return age > READING_AGE_SHOWN_AFTER_MS ? age : null;
}

/** No reading at all, or none for longer than `silentAfterMs` (the source's stale limit). */
export function isSilent(readingAt: Date | string | null, now: Date, silentAfterMs: number): boolean {
  return readingAt === null || now.getTime() - new Date(readingAt).getTime() > silentAfterMs;
}

export interface NodeSilence {
  /** Every GPU of the node is silent. */
  silent: boolean;
  /** When it stopped: its newest reading; null when it never reported (or is not silent). */
  since: string | null;
}

/** Whether a node is not reporting, from its GPUs' latest readings. A node without GPUs reports nothing to miss. */
export function nodeSilence(
  readingAts: readonly (Date | string | null)[],
  now: Date,
  silentAfterMs: number,
): NodeSilence {
  if (!readingAts.length || !readingAts.every((at) => isSilent(at, now, silentAfterMs))) {
    return { silent: false, since: null };
  }
  const times = readingAts.flatMap((at) => (at === null ? [] : [new Date(at).getTime()]));
  return { silent: true, since: times.length ? new Date(Math.max(...times)).toISOString() : null };
}

/**
 * How old the newest data may be before it is stale: the configured limit beyond the source's own normal lag
 * (Prometheus is read a scrape interval late), so the banner speaks of silence, not of a source's rhythm.
 */
export function staleLimitSeconds(staleAfterSeconds: number, sourceLagSeconds: number): number {
  return staleAfterSeconds + Math.max(0, sourceLagSeconds);
}

/** A node's state as the console shows it: a node the scheduler calls serving that has gone silent is not reporting. */
export type ShownNodeState = NodeState | 'not_reporting';

const SERVING: ReadonlySet<NodeState> = new Set(['ready', 'cordoned', 'draining']);

export function shownNodeState(state: NodeState, silence: NodeSilence): ShownNodeState {
  return silence.silent && SERVING.has(state) ? 'not_reporting' : state;
}
