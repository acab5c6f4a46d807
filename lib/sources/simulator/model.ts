// One simulated minute, and the loop that runs minutes up to a time.
import { applyDue } from './apply-commands';
import { randomFaults } from './faults';
import { checkThermal } from './gpus';
import { updateJobs } from './jobs';
import { tickNodes } from './nodes';
import { endLapsedReservations, schedule } from './scheduler';
import { arrivals } from './workload';
import type { SimJob } from './state';
import { MINUTE_MS, minuteOf, type World } from './world';

/** Failed jobs are kept a day (someone may still restart them), other ended ones an hour. */
const KEEP_FAILED_MS = 86_400_000;
const KEEP_ENDED_MS = 3_600_000;

function step(w: World, m: number) {
  tickNodes(w, m);
  endLapsedReservations(w, m);
  if (w.state.schedulerDirty) schedule(w, m);
  updateJobs(w, m);
  randomFaults(w, m);
  arrivals(w, m);
  if (w.state.schedulerDirty) schedule(w, m);
  checkThermal(w, m);
  w.compact();
  if (m % 60 === 0) prune(w, m * MINUTE_MS);
}

/** Runs every whole minute up to `until`, calling `onMinute` after each, then applies commands due by `until`. */
export function advance(w: World, until: number, onMinute: (minute: number) => void) {
  const s = w.state;
  const last = minuteOf(until);
  for (let m = s.minute + 1; m <= last; m++) {
    applyDue(w, m * MINUTE_MS);
    s.time = m * MINUTE_MS;
    step(w, m);
    s.minute = m;
    onMinute(m);
  }
  applyDue(w, until);
  if (until > s.time) s.time = until;
}

function prune(w: World, now: number) {
  const unreported = new Set(w.state.outbox.endedJobs);
  const keep = (job: SimJob) =>
    job.resubmitAt !== null ||
    unreported.has(job.externalId) ||
    now - (job.endedAt ?? now) < (job.state === 'failed' ? KEEP_FAILED_MS : KEEP_ENDED_MS);
  const kept = w.state.finished.filter(keep);
  if (kept.length === w.state.finished.length) return;
  for (const job of w.state.finished) if (!keep(job)) w.jobsById.delete(job.externalId);
  w.state.finished = kept;
}
