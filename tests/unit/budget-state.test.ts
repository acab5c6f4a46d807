import { describe, expect, it } from 'vitest';
import { budgetState } from '@/lib/domain/budget';
import { crossedThresholds } from '@/lib/domain/cost';

const state = (amount: number, spend: number, forecast: number, thresholds = [50, 80, 100]) =>
  budgetState(crossedThresholds({ budget: amount, spend, forecast, thresholds }), { amount, spend, forecast });

describe('a budget’s standing', () => {
  it('is over once spend reaches the budget, even when it alerts only at 50% and 80%', () => {
    // $14,772 spent of $100: 14,772%.
    expect(state(100, 14_772, 20_000, [50, 80])).toBe('over');
    expect(state(1000, 1000, 1000)).toBe('over');
  });

  it('is at risk when only the forecast reaches it, and watched past a lower threshold', () => {
    expect(state(1000, 400, 1200, [50, 80])).toBe('at_risk');
    expect(state(1000, 600, 900)).toBe('watch');
    expect(state(1000, 100, 500)).toBe('on_track');
  });
});
