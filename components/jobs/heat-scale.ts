// Colours of the heat strip, from the theme's CSS variables (light-dark() resolves only on an element), so the
// canvas follows the theme: utilization 0% is the pale end, 100% the strong end.
export interface HeatScale {
  low: [number, number, number];
  high: [number, number, number];
}

function rgb(color: string): [number, number, number] {
  const parts = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
  return [parts[0], parts[1], parts[2]];
}

/** Reads --heat-low and --heat-high as the element's border colours resolve them. */
export function readHeatScale(element: HTMLElement): HeatScale {
  const style = getComputedStyle(element);
  return { low: rgb(style.borderLeftColor), high: rgb(style.borderRightColor) };
}

export function heatColor(scale: HeatScale, percent: number): string {
  const f = Math.min(1, Math.max(0, percent / 100));
  const mix = (k: 0 | 1 | 2) => Math.round(scale.low[k] + (scale.high[k] - scale.low[k]) * f);
  return `rgb(${mix(0)} ${mix(1)} ${mix(2)})`;
}
