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

// No 2.5: its ticks (0.25x) would read wrong where a figure is shown to one decimal ("0.3x").
const NICE_STEPS = [1, 2, 5, 10];

/**
 * A value axis on round steps (1, 2 or 5 times a power of ten): at most `max` intervals covering [lo, hi],
 * the domain widened to whole steps, so no two labels crowd or read alike ("99.910%" beside "99.945%").
 */
export function niceScale(lo: number, hi: number, max = 5): { domain: [number, number]; ticks: number[] } {
  const top = hi > lo ? hi : lo + 1;
  const power = 10 ** Math.floor(Math.log10((top - lo) / max));
  for (const multiple of NICE_STEPS) {
    const step = multiple * power;
    // The small slack keeps 0.3 / 0.1 from counting as a little over 3 steps.
    const first = Math.floor(lo / step + 1e-9);
    const last = Math.ceil(top / step - 1e-9);
    if (last - first > max) continue;
    const ticks = Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
    return { domain: [ticks[0], ticks.at(-1)!], ticks };
  }
  return { domain: [lo, top], ticks: [lo, top] };
}
