// A line of one point draws nothing: a reading between two gaps (a cluster minutes old, a source back for a minute)
// would vanish from the chart. Such a point gets a dot; points with a neighbour are drawn by the line alone.
import type { ReactElement } from 'react';

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  stroke?: string;
}

/**
 * The `dot` of a recharts line over `values`: false where no value stands alone (nearly always), so recharts
 * renders nothing per point (a node's four charts over a day are 4,608 points); else a dot at each lone value,
 * in `color` (the line's stroke when left out).
 */
export function isolatedDot(values: readonly unknown[], color?: string) {
  const present = (i: number) => values[i] !== null && values[i] !== undefined;
  const lone = (i: number) => present(i) && !present(i - 1) && !present(i + 1);
  if (!values.some((_, i) => lone(i))) return false;
  function IsolatedDot({ cx, cy, index = -1, stroke }: DotProps): ReactElement {
    if (cx === undefined || cy === undefined || !lone(index)) return <g key={index} />;
    return <circle key={index} cx={cx} cy={cy} r={2.5} fill={color ?? stroke} />;
  }
  return IsolatedDot;
}
