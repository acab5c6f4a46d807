// The time axis every chart of the console draws: ticks on round local times, the theme's colours, and a domain
// that is the range asked for (so a gap at either end shows as a gap, not a stretched line).
import { tickLabel, timeTicks } from './time-format';

export const AXIS_TICK = { fill: 'var(--chart-axis)', fontSize: 11 };

export function timeAxisProps(from: number, to: number, timeZone: string) {
  const { ticks, step } = timeTicks(from, to, timeZone);
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [from, to],
    ticks,
    tickFormatter: (t: number) => tickLabel(t, step, timeZone, to - from),
    tick: AXIS_TICK,
    stroke: 'var(--chart-grid)',
    allowDataOverflow: true,
  };
}

/** The value axis every chart draws: its ticks read by `format`, in the theme's colours, `width` pixels wide. */
export function valueAxisProps(format: (value: number) => string, width: number) {
  return { tickFormatter: (value: number) => format(value), tick: AXIS_TICK, stroke: 'var(--chart-grid)', width };
}
