// The chart and the strips below it share one time axis: the same gutter on the left (the y axis, or the node
// names) and margin on the right, so a moment lines up from one to the next.
export const GUTTER_PX = 76;
export const RIGHT_PX = 12;

/** A bucket's end, for "14:00–15:00" in tooltips. */
export const bucketEnd = (t: number, bucketSeconds: number) => t + bucketSeconds * 1000;

/** x position (0..1) of an instant on [from, to]. */
export const xOf = (at: number, from: number, to: number) => Math.min(1, Math.max(0, (at - from) / (to - from)));
