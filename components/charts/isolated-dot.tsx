// A line of one point draws nothing: a reading between two gaps (a cluster minutes old, a source back for a minute)
// would vanish from the chart. Such a point gets a dot; points with a neighbour are drawn by the line alone.
import type { ReactElement } from 'react';

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
}

export function isolatedDot(rows: readonly Record<string, unknown>[], key: string, color: string) {
  const present = (i: number) => rows[i]?.[key] !== null && rows[i]?.[key] !== undefined;
  function IsolatedDot({ cx, cy, index = -1 }: DotProps): ReactElement {
    if (cx === undefined || cy === undefined || !present(index) || present(index - 1) || present(index + 1)) {
      return <g key={`${key}-${index}`} />;
    }
    return <circle key={`${key}-${index}`} cx={cx} cy={cy} r={2.5} fill={color} />;
  }
  return IsolatedDot;
}
