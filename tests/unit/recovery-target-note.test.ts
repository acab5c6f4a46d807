import { describe, expect, it } from 'vitest';
import { againstTarget, targetNote } from '@/components/recovery/target-note';

const MIN = 60_000;
const FAULT = '2026-11-20T01:00:00.000Z';
const fault = Date.parse(FAULT);

describe('a recovery against its target, in words', () => {
  it('says a job back in 3 min 40 s was within the 5-minute target', () => {
    expect(targetNote({ state: 'recovered', timeToRecoverMs: 220_000, targetMs: 5 * MIN, faultAt: FAULT }, 0)).toEqual({
      tone: 'ok',
      text: 'Back in 3 min 40 s — within the 5-minute target',
      measuredMs: 220_000,
    });
  });

  it('counts exactly the target as within it, and says by how much a node ran over', () => {
    expect(againstTarget(5 * MIN, 5 * MIN)).toBe('within the 5-minute target');
    expect(againstTarget(12 * MIN, 10 * MIN)).toBe('over the 10-minute target by 2 min');
    expect(
      targetNote({ state: 'recovered', timeToRecoverMs: 12 * MIN, targetMs: 10 * MIN, faultAt: FAULT }, 0),
    ).toMatchObject({
      tone: 'warn',
      text: 'Back in 12 min — over the 10-minute target by 2 min',
    });
  });

  it('counts the time left while acting, then the time over', () => {
    const acting = { state: 'acting' as const, timeToRecoverMs: null, targetMs: 5 * MIN, faultAt: FAULT };
    expect(targetNote(acting, fault + 130_000).text).toBe(
      'Acting for 2 min 10 s — 2 min 50 s left of the 5-minute target',
    );
    expect(targetNote(acting, fault + 7 * MIN)).toMatchObject({
      tone: 'warn',
      text: 'Acting for 7 min — over the 5-minute target by 2 min',
    });
  });

  it('names why a recovery never came back by itself', () => {
    const base = { timeToRecoverMs: null, targetMs: 5 * MIN, faultAt: FAULT };
    expect(targetNote({ ...base, state: 'failed' }, 0)).toMatchObject({ tone: 'bad', measuredMs: null });
    expect(targetNote({ ...base, state: 'escalated' }, 0).text).toContain('circuit breaker paged on-call');
    expect(targetNote({ ...base, state: 'disabled' }, 0).text).toContain('the policy is off');
  });
});
