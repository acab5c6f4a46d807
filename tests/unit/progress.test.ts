import { describe, expect, it } from 'vitest';
import type { JobRecord } from '@/lib/sources/types';
import { medianStepSeconds, noteProgress, type JobProgress } from '@/lib/worker/ingest/progress';

const at = (time: string) => new Date(`2026-03-02T${time}Z`);
const record = (step: number | null) => ({ step }) as JobRecord;

function follow(readings: [string, number, boolean?][]): JobProgress | null {
  let progress: JobProgress | undefined;
  for (const [time, step, newRun] of readings)
    progress = noteProgress(progress, record(step), at(time), newRun ?? false) ?? undefined;
  return progress ?? null;
}

describe('noteProgress: when the step last advanced, and the median step time', () => {
  it('measures steps between advances, leaving out the first interval after the collector met the job', () => {
    // 12:00 first seen at 100; 12:01 at 103 (not measured: the job may have been stepping since before);
    // then 6 steps a minute (10 s each), then 4 (15 s), then 6 again: median of [10, 15, 10] = 10 s.
    const progress = follow([
      ['12:00:00', 100],
      ['12:01:00', 103],
      ['12:02:00', 109],
      ['12:03:00', 113],
      ['12:03:15', 113],
      ['12:04:00', 119],
    ]);
    expect(progress?.stepSeconds).toEqual([10, 15, 10]);
    expect(medianStepSeconds(progress ?? undefined)).toBe(10);
    expect(progress?.advancedAt).toEqual(at('12:04:00'));
  });

  it('does not count a restart: a step going back is no advance, and the interval across the restart is not a step time', () => {
    const progress = follow([
      ['12:00:00', 100],
      ['12:01:00', 106],
      ['12:02:00', 112], // 10 s
      ['12:03:00', 112], // hung
      ['12:06:00', 90], // restarted from the checkpoint at step 90
      ['12:08:00', 90, true], // running again after loading
      ['12:09:00', 96], // first step of the run: not measured
      ['12:10:00', 102], // 10 s
    ]);
    expect(progress?.stepSeconds).toEqual([10, 10]);
    expect(progress?.advancedAt).toEqual(at('12:10:00'));
  });

  it('knows nothing of a job that reports no step', () => {
    expect(follow([['12:00:00', null as unknown as number]])).toBeNull();
  });
});
