// A node's states over a range as spans: the state it was in when the range began, then each change.
import 'server-only';
import { db } from '@/lib/db';
import type { NodeState } from '@/lib/domain/enums';
import type { TimeRange } from '@/lib/domain/time';
import type { NodeStateSpan } from './types';

export async function nodeStateSpans(
  nodeId: number,
  range: TimeRange,
  current: { state: NodeState; reason: string | null; since: Date },
): Promise<NodeStateSpan[]> {
  const changes = await db.$queryRaw<{ at: Date; to: NodeState; reason: string | null }[]>`
    (SELECT at, "to"::text AS "to", reason FROM node_state_change
     WHERE node_id = ${nodeId} AND at <= ${range.from}::timestamptz ORDER BY at DESC LIMIT 1)
    UNION ALL
    (SELECT at, "to"::text, reason FROM node_state_change
     WHERE node_id = ${nodeId} AND at > ${range.from}::timestamptz AND at < ${range.to}::timestamptz ORDER BY at)
    ORDER BY at`;
  if (changes.length === 0) {
    // No recorded change: the node has been in its current state since it appeared.
    return [{ state: current.state, reason: current.reason, from: current.since.toISOString(), to: null }];
  }
  const spans: NodeStateSpan[] = changes.map((change, i) => ({
    state: change.to,
    reason: change.reason,
    from: change.at.toISOString(),
    to: changes[i + 1]?.at.toISOString() ?? null,
  }));
  const last = spans[spans.length - 1];
  if (last.state !== current.state && current.since < range.to) {
    last.to = current.since.toISOString();
    spans.push({ state: current.state, reason: current.reason, from: current.since.toISOString(), to: null });
  }
  return spans;
}
