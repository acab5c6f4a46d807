import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { isolatedDot } from '@/components/charts/isolated-dot';

type Dot = (props: { cx?: number; cy?: number; index?: number; stroke?: string }) => ReactElement;

describe('isolatedDot', () => {
  it('draws nothing per point where no reading stands alone', () => {
    expect(isolatedDot([1, 2, null, 3, 4])).toBe(false);
    expect(isolatedDot([])).toBe(false);
  });

  it('dots a reading between two gaps, at either end too, in the line colour unless given one', () => {
    const dot = isolatedDot([5, null, 7, null, null, 8, 9]) as Dot;
    expect(dot({ cx: 1, cy: 2, index: 0, stroke: 'red' })).toMatchObject({ type: 'circle', props: { fill: 'red' } });
    expect(dot({ cx: 1, cy: 2, index: 2, stroke: 'red' }).type).toBe('circle');
    expect(dot({ cx: 1, cy: 2, index: 5, stroke: 'red' }).type).toBe('g');
    expect(dot({ cx: 1, cy: 2, index: 1, stroke: 'red' }).type).toBe('g');
    const blue = isolatedDot([null, 3, null], 'blue') as Dot;
    expect(blue({ cx: 1, cy: 2, index: 1, stroke: 'red' }).props).toMatchObject({ fill: 'blue' });
  });
});
