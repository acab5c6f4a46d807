// Job health (DOMAIN.md "Job health", first match wins), computed from per-GPU minute samples.
//
// Windows: "for 10 minutes" means the 10 whole minutes before `now`, i.e. the samples whose minute starts at
// floor(now) - 10 min ... floor(now) - 1 min (the minute under way is not complete and is not looked at).
// A GPU satisfies a rule "for 10 minutes" only if it has a sample for every one of those minutes and each one
// satisfies it: a missing minute breaks the run, so a gap in collection never raises a hang or a straggler.
// Thresholds are strict: "under 5%" is util < 5, "under 50% of the median" is util < 0.5 x median.
import type { JobHealth, JobState } from './enums';
import { gpuName } from './gpu-names';
import { formatDuration } from './units';
import { isFatalXid, xidInfo } from './xid';
import { progressStall, reportsProgress, type ProgressReading, type StallRules } from './stall';
import { floorToMinute, MINUTE_MS } from './time';

export type GpuRef = string | number;

/** One GPU's readings for one minute; `ts` is the minute's start. */
export interface HealthSample {
  ts: Date;
  /** DCGM_FI_DEV_GPU_UTIL, percent 0..100. */
  util: number;
  throttled: boolean;
  /** Last XID seen in the minute, 0 for none. */
  xid: number;
}

export interface HealthGpu {
  gpuId: GpuRef;
  /** For the reason sentence: "gpu-r-012 GPU 3". */
  hostname?: string;
  index?: number;
  samples: readonly HealthSample[];
}

export interface HealthRules {
  windowMinutes: number;
  /** Hang: every GPU under this utilization (percent, strict). */
  hangUtilBelow: number;
  /** Straggler: a GPU under this fraction of the job's median utilization (strict). */
  stragglerFraction: number;
  /** Thermal throttling: a GPU throttled in at least this many minutes of the window. */
  throttleMinMinutes: number;
}

/** DOMAIN.md's defaults; thermal throttling is our reading: throttled in at least half of the window. */
export const DEFAULT_HEALTH_RULES: HealthRules = {
  windowMinutes: 10,
  hangUtilBelow: 5,
  stragglerFraction: 0.5,
  throttleMinMinutes: 5,
};

export interface HealthInput {
  state: JobState;
  now: Date;
  /** The GPUs the job holds now, each with its recent minute samples (at least the window's). */
  gpus: readonly HealthGpu[];
  /** GPUs known to have had a fatal XID while the job held them (e.g. from fault records). */
  fatalXidGpuIds?: readonly GpuRef[];
  /**
   * When the job's current run began (its start, or its return from a restart). Minutes before it are not the
   * job's: a rule that needs 10 minutes cannot hold on a run younger than that.
   */
  runningSince?: Date;
  /** The job's step counter, where it reports one: the stall rule then reads progress, not utilization. */
  progress?: ProgressReading;
  stallRules?: StallRules;
  /** A restart requested by the console is under way (the scheduler may still say running or pending). */
  restarting?: boolean;
  rules?: Partial<HealthRules>;
}

export type HealthRuleId =
  | 'scheduler_state'
  | 'scheduler_failed'
  | 'fatal_xid'
  | 'no_progress'
  | 'hang'
  | 'straggler'
  | 'thermal_throttling'
  | 'restart'
  | 'running';

export interface HealthVerdict {
  health: JobHealth;
  rule: HealthRuleId;
  /** A sentence for people: "gpu-r-012 GPU 3 under 50% of the job's median utilization for 12 min (…)". */
  reason: string;
  /** The GPUs the rule fired on (empty for rules about the whole job). */
  gpuIds: GpuRef[];
  /** For a stall: when it began (the last step, or the first quiet minute), which recovery is timed from. */
  faultAt?: Date;
}

interface IndexedGpu {
  gpu: HealthGpu;
  byMinute: Map<number, HealthSample>;
}

/** A GPU as people name it, `<host> GPU <index>`; never a database id. */
function gpuLabel(gpu: Pick<HealthGpu, 'gpuId' | 'hostname' | 'index'>): string {
  if (gpu.index !== undefined && gpu.hostname) return gpuName(gpu.hostname, gpu.index);
  if (gpu.index !== undefined) return `GPU ${gpu.index}`;
  return 'one of its GPUs';
}

function minutes(count: number): string {
  return formatDuration(count * MINUTE_MS);
}

function percent(value: number): string {
  return `${Math.round(value)}%`;
}

/** The median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * How many whole minutes, counting back from the last complete minute before `end`, have a sample that
 * satisfies `holds`; stops at the first missing or failing minute.
 */
function runLength(gpu: IndexedGpu, end: number, holds: (sample: HealthSample, minute: number) => boolean): number {
  let count = 0;
  for (let minute = end - MINUTE_MS; ; minute -= MINUTE_MS) {
    const sample = gpu.byMinute.get(minute);
    if (!sample || !holds(sample, minute)) return count;
    count += 1;
  }
}

function windowMinuteStarts(end: number, windowMinutes: number): number[] {
  return Array.from({ length: windowMinutes }, (_, k) => end - (k + 1) * MINUTE_MS);
}

function fatalXidVerdict(input: HealthInput, gpus: IndexedGpu[]): HealthVerdict | null {
  const now = input.now.getTime();
  const hits: { gpu: Pick<HealthGpu, 'gpuId' | 'hostname' | 'index'>; xid: number | null }[] = [];
  for (const { gpu, byMinute } of gpus) {
    const fatal = [...byMinute.values()].find((sample) => sample.ts.getTime() < now && isFatalXid(sample.xid));
    if (fatal) hits.push({ gpu, xid: fatal.xid });
  }
  for (const gpuId of input.fatalXidGpuIds ?? []) {
    if (hits.some((hit) => hit.gpu.gpuId === gpuId)) continue;
    const known = gpus.find(({ gpu }) => gpu.gpuId === gpuId)?.gpu;
    hits.push({ gpu: known ?? { gpuId }, xid: null });
  }
  if (hits.length === 0) return null;
  const [first] = hits;
  const more = hits.length > 1 ? ` (and ${hits.length - 1} more GPU${hits.length > 2 ? 's' : ''})` : '';
  const what = first.xid !== null ? `XID ${first.xid} (${xidInfo(first.xid).meaning})` : 'A fatal XID';
  return {
    health: 'failed',
    rule: 'fatal_xid',
    reason: `${what} on ${gpuLabel(first.gpu)}${more}`,
    gpuIds: hits.map((hit) => hit.gpu.gpuId),
  };
}

function hangVerdict(gpus: IndexedGpu[], end: number, rules: HealthRules): HealthVerdict | null {
  if (gpus.length === 0) return null;
  const runs = gpus.map((gpu) => runLength(gpu, end, (sample) => sample.util < rules.hangUtilBelow));
  const shortest = Math.min(...runs);
  if (shortest < rules.windowMinutes) return null;
  const window = windowMinuteStarts(end, rules.windowMinutes);
  const highest = Math.max(...gpus.flatMap((gpu) => window.map((minute) => gpu.byMinute.get(minute)?.util ?? 0)));
  const every = gpus.length === 1 ? 'The GPU' : `All ${gpus.length} GPUs`;
  return {
    health: 'stalled',
    rule: 'hang',
    reason: `${every} under ${rules.hangUtilBelow}% utilization for ${minutes(shortest)} (highest ${percent(highest)})`,
    gpuIds: gpus.map(({ gpu }) => gpu.gpuId),
    faultAt: new Date(end - shortest * MINUTE_MS),
  };
}

function noProgressVerdict(progress: Parameters<typeof progressStall>[0], input: HealthInput): HealthVerdict | null {
  const stall = progressStall(progress, input.now, input.runningSince, input.stallRules);
  if (!stall) return null;
  return { health: 'stalled', rule: 'no_progress', reason: stall.reason, gpuIds: [], faultAt: stall.since };
}

function stragglerVerdict(gpus: IndexedGpu[], end: number, rules: HealthRules): HealthVerdict | null {
  const medianAt = new Map<number, number>();
  const medianOf = (minute: number): number => {
    let value = medianAt.get(minute);
    if (value === undefined) {
      const utils = gpus.flatMap((gpu) => {
        const sample = gpu.byMinute.get(minute);
        return sample ? [sample.util] : [];
      });
      value = median(utils);
      medianAt.set(minute, value);
    }
    return value;
  };
  const window = windowMinuteStarts(end, rules.windowMinutes);
  const stragglers = gpus
    .map((gpu) => ({
      gpu,
      run: runLength(gpu, end, (sample, minute) => sample.util < rules.stragglerFraction * medianOf(minute)),
    }))
    .filter(({ run }) => run >= rules.windowMinutes)
    .map(({ gpu, run }) => {
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      return {
        gpu,
        run,
        util: mean(window.map((minute) => gpu.byMinute.get(minute)?.util ?? 0)),
        median: mean(window.map(medianOf)),
      };
    });
  if (stragglers.length === 0) return null;
  const worst = stragglers.reduce((a, b) => (b.util / b.median < a.util / a.median ? b : a));
  const more = stragglers.length > 1 ? ` and ${stragglers.length - 1} more` : '';
  const fraction = percent(rules.stragglerFraction * 100);
  return {
    health: 'degraded',
    rule: 'straggler',
    reason:
      `${gpuLabel(worst.gpu.gpu)}${more} under ${fraction} of the job's median utilization for ${minutes(worst.run)} ` +
      `(${percent(worst.util)} vs median ${percent(worst.median)})`,
    gpuIds: stragglers.map(({ gpu }) => gpu.gpu.gpuId),
  };
}

function throttlingVerdict(gpus: IndexedGpu[], end: number, rules: HealthRules): HealthVerdict | null {
  const window = windowMinuteStarts(end, rules.windowMinutes);
  const throttled = gpus
    .map((gpu) => ({ gpu, count: window.filter((minute) => gpu.byMinute.get(minute)?.throttled === true).length }))
    .filter(({ count }) => count >= rules.throttleMinMinutes);
  if (throttled.length === 0) return null;
  const worst = throttled.reduce((a, b) => (b.count > a.count ? b : a));
  const more = throttled.length > 1 ? ` and ${throttled.length - 1} more` : '';
  return {
    health: 'degraded',
    rule: 'thermal_throttling',
    reason: `${gpuLabel(worst.gpu.gpu)}${more} thermally throttled in ${worst.count} of the last ${minutes(rules.windowMinutes)}`,
    gpuIds: throttled.map(({ gpu }) => gpu.gpu.gpuId),
  };
}

/**
 * Job health, DOMAIN.md's table in order, first match wins:
 * pending (unless requeued for a restart), succeeded and cancelled pass through as they are; failed when the
 * scheduler reports failure or a fatal XID hit one of its GPUs; for a running job, stalled when its step has not
 * advanced for max(3 x its median step time, 2 min) (stall.ts), or, for a job that reports no progress, on a hang
 * (every GPU under 5% for 10 minutes of its own run), degraded on a straggler (a GPU under 50% of the job's per-minute median for 10
 * minutes) or thermal throttling (a GPU throttled in at least 5 of the last 10 minutes); recovering while a
 * restart is under way; healthy otherwise. Degraded reports the straggler when both degraded rules hold.
 */
export function classifyHealth(input: HealthInput): HealthVerdict {
  const rules: HealthRules = { ...DEFAULT_HEALTH_RULES, ...input.rules };
  const { state } = input;
  const restarting = state === 'recovering' || input.restarting === true;

  if (state === 'succeeded' || state === 'cancelled' || (state === 'pending' && !restarting)) {
    return { health: state, rule: 'scheduler_state', reason: `The scheduler reports the job ${state}`, gpuIds: [] };
  }
  if (state === 'failed') {
    return { health: 'failed', rule: 'scheduler_failed', reason: 'The scheduler reports the job failed', gpuIds: [] };
  }

  // A minute counts only if it began within the current run.
  const since = input.runningSince?.getTime() ?? -Infinity;
  const gpus: IndexedGpu[] = input.gpus.map((gpu) => ({
    gpu,
    byMinute: new Map(
      gpu.samples
        .filter((sample) => sample.ts.getTime() >= since)
        .map((sample) => [floorToMinute(sample.ts).getTime(), sample]),
    ),
  }));
  const fatal = fatalXidVerdict(input, gpus);
  if (fatal) return fatal;

  const end = floorToMinute(input.now).getTime();
  if (state === 'running') {
    const stall = reportsProgress(input.progress)
      ? noProgressVerdict(input.progress, input)
      : hangVerdict(gpus, end, rules);
    const verdict = stall ?? stragglerVerdict(gpus, end, rules) ?? throttlingVerdict(gpus, end, rules);
    if (verdict) return verdict;
  }
  if (restarting) {
    return { health: 'recovering', rule: 'restart', reason: 'A restart is under way', gpuIds: [] };
  }
  const window = windowMinuteStarts(end, rules.windowMinutes);
  const seen = gpus.some((gpu) => window.some((minute) => gpu.byMinute.has(minute)));
  const count = `${gpus.length} GPU${gpus.length === 1 ? '' : 's'}`;
  return {
    health: 'healthy',
    rule: 'running',
    reason: seen
      ? `Running on ${count}`
      : `Running on ${count}; no samples in the last ${minutes(rules.windowMinutes)}`,
    gpuIds: [],
  };
}
