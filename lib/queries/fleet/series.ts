// The fleet chart on its own, as the overview draws it: one point per bucket of the range.
import 'server-only';
import { bucketSeconds } from '@/lib/time-range';
import { withDeadline } from '../deadline';
import { fleetSeries } from '../overview/series';
import type { SeriesPoint } from '../overview/types';

export interface FleetSeries {
  range: { from: string; to: string; bucketSeconds: number };
  points: SeriesPoint[];
}

export function getFleetSeries(range: { from: Date; to: Date }): Promise<FleetSeries> {
  const bucket = bucketSeconds(range);
  return withDeadline(
    fleetSeries(range, bucket).then((points) => ({
      range: { from: range.from.toISOString(), to: range.to.toISOString(), bucketSeconds: bucket },
      points,
    })),
  );
}
