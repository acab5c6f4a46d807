// What each GPU reads in a given minute, as a pure function of the model's state and a hash of (seed, GPU,
// minute): the same minute reads the same in one call or many. A sample taken every n minutes averages its load
// over those n minutes, as dcgm-exporter averages over its sampling interval; a 1-minute sample is the reading.
import type { GpuSampleRecord } from '@/lib/sources/types';
import { hash01 as hash01Import, hashNoise as hashNoiseImport } from './random';
import type { SimJob } from './state';
import { GPU_MEMORY_MIB as MEMORY_IMPORT, GPU_TDP_W as TDP_IMPORT, GPUS_PER_NODE as PER_NODE_IMPORT } from './topology';
import type { World } from './world';

// Local copies of what the per-sample path uses: under the CommonJS transform that tsx applies, every use of an
// imported binding is a getter call, and this path runs millions of times in a backfill.
const hash01 = hash01Import;
const hashNoise = hashNoiseImport;
const GPU_MEMORY_MIB = MEMORY_IMPORT;
const GPU_TDP_W = TDP_IMPORT;
const GPUS_PER_NODE = PER_NODE_IMPORT;

export interface Reading {
  present: boolean;
  util: number;
  sm: number;
  tensor: number;
  fbMib: number;
  powerW: number;
  tempC: number;
  throttled: boolean;
}

export const THROTTLE_AT_C = 86;
const TEMP_LAG_MINUTES = 3;
const DEGREES_PER_WATT = 0.06;
/** Degrees a GPU runs above the room air with no load beyond its idle draw. */
const BASE_RISE_C = 4;

interface Load {
  util: number;
  smRatio: number;
  tensorRatio: number;
  fbMib: number;
  intensity: number;
  extraW: number;
}
const load: Load = { util: 0, smRatio: 0, tensorRatio: 0, fbMib: 0, intensity: 1, extraW: 0 };

/** The machine room is a few degrees warmer in the afternoon. */
export function ambientC(minute: number): number {
  const hour = (minute % 1440) / 60;
  return 29 + 3 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
}

/** An inference service's share of its peak traffic: a daily curve, lighter at weekends, with some jitter. */
export function trafficShare(seed: number, job: SimJob, minute: number): number {
  const hour = (minute % 1440) / 60;
  const weekday = (Math.floor(minute / 1440) + 4) % 7; // epoch day 0 was a Thursday
  const weekend = (weekday === 0 || weekday === 6) && job.peakHour > 8 ? 0.8 : 1;
  const daily = 0.52 + 0.38 * Math.cos((2 * Math.PI * (hour - job.peakHour)) / 24);
  return Math.max(0.05, daily * weekend + 0.05 * hashNoise(seed, 0x7aff, job.serial, minute));
}

/** What a job has a GPU do in one minute, before the GPU's own noise. */
type Phase = 'recovering' | 'hung' | 'loading' | 'working';
interface Activity {
  /** Utilization is a + b·u + c·n, u and n being the GPU's noise for the minute (u in [0, 1), n in (-1, 1)). */
  a: number;
  b: number;
  c: number;
  smRatio: number;
  tensorRatio: number;
  intensity: number;
  extraW: number;
  phase: Phase;
}
const act: Activity = { a: 0, b: 0, c: 0, smRatio: 0, tensorRatio: 0, intensity: 1, extraW: 0, phase: 'working' };

function setActivity(a: number, b: number, c: number, smRatio: number, tensorRatio: number, phase: Phase) {
  act.a = a;
  act.b = b;
  act.c = c;
  act.smRatio = smRatio;
  act.tensorRatio = tensorRatio;
  act.intensity = 1;
  act.extraW = 0;
  act.phase = phase;
}

const isStraggler = (job: SimJob, g: number) => job.straggler !== null && job.gpus[job.straggler.pos] === g;

/**
 * The job's activity in minute k, on the GPU given by `straggling` (whether it is the job's slow one), as the
 * job's state at the model's time has it: a minute before the model's time is read as the job's past (hung from
 * hungSince, loading until loadingUntil, checkpointing every checkpointEvery minutes up to checkpointMinute),
 * which is exact within the few minutes a sample period spans. A GPU is only loading from `joined`, the minute
 * it came to the job; for the reading of minute k itself, that is k.
 */
function activity(w: World, job: SimJob, k: number, straggling: boolean, joined: number) {
  if (job.state === 'recovering') {
    // Processes restarting: the context is gone, little memory is held.
    setActivity(1, 2, 0, 0.2, 0, 'recovering');
    return;
  }
  if (job.hungSince !== null && k >= job.hungSince) {
    // A hang (a collective that never completes): memory stays full, almost nothing runs.
    setActivity(0.5, 2.5, 0, 0.4, 0, 'hung');
    act.extraW = 25;
    return;
  }
  if (k < job.loadingUntil && k >= joined) {
    setActivity(12, 25, 0, 0.5, 0.15, 'loading');
    return;
  }
  switch (job.kind) {
    case 'training':
    case 'fine_tuning': {
      const training = job.kind === 'training';
      const smRatio = training ? 0.9 : 0.87;
      const tensorRatio = training ? 0.6 : 0.55;
      if (straggling) setActivity(job.baseUtil * job.straggler!.factor, 0, 3, smRatio, tensorRatio, 'working');
      else if (checkpointsIn(job, k)) {
        // writing the checkpoint stalls compute briefly
        setActivity(30, 15, 0, smRatio, tensorRatio, 'working');
      } else setActivity(job.baseUtil, 0, training ? 2.5 : 3.5, smRatio, tensorRatio, 'working');
      return;
    }
    case 'evaluation': {
      // Bursty: generation phases alternate with scoring and data loading, in step across the job's GPUs.
      const busy = hash01(w.seed, 0x3a1, job.serial, k) < 0.62;
      if (busy) setActivity(72, 22, 0, 0.78, 0.42, 'working');
      else setActivity(12, 25, 0, 0.78, 0.42, 'working');
      act.intensity = 0.85;
      return;
    }
    case 'inference': {
      const replicas = Math.max(1, job.gpus.length / job.gpusPerReplica);
      const share = Math.min(1.15, (trafficShare(w.seed, job, k) * job.desiredReplicas) / replicas);
      setActivity(8 + 80 * share, 0, 3, 0.7, 0.38, 'working');
      act.intensity = 0.85;
      return;
    }
  }
}

/** Whether minute k wrote a checkpoint: the last one, or one a whole number of intervals before it. */
function checkpointsIn(job: SimJob, k: number): boolean {
  const last = job.checkpointMinute;
  if (k === last) return true;
  return k < last && job.checkpointEvery > 0 && (last - k) % job.checkpointEvery === 0;
}

function memoryIn(job: SimJob, phase: Phase, u: number): number {
  if (phase === 'recovering') return 400 + 900 * u;
  if (phase === 'loading') return memoryOf(job, u) * 0.55;
  return memoryOf(job, u);
}

/** The load in minute m of GPU g, which works for `job`. */
function jobLoad(w: World, job: SimJob, g: number, m: number, u: number, n: number) {
  activity(w, job, m, isStraggler(job, g), m);
  setLoad(act.a + act.b * u + act.c * n, act.smRatio, act.tensorRatio, memoryIn(job, act.phase, u));
  load.intensity = act.intensity;
  load.extraW = act.extraW;
}

/**
 * A job's activity averaged over a sampling period; the ratios are weighted as the quantities they scale, and
 * the phase is the one of the period's last minute, which decides the memory held.
 */
type PeriodActivity = Activity;

function periodActivity(
  w: World,
  job: SimJob,
  from: number,
  to: number,
  straggling: boolean,
  joined: number,
): PeriodActivity {
  let a = 0;
  let b = 0;
  let c = 0;
  let busy = 0;
  let sm = 0;
  let tensor = 0;
  let power = 0;
  let extraW = 0;
  for (let k = from; k <= to; k++) {
    activity(w, job, k, straggling, joined);
    a += act.a;
    b += act.b;
    c += act.c;
    // The minute's utilization on average over the GPU's noise: what its SM, tensor and power ratios scale.
    const util = act.a + 0.5 * act.b;
    busy += util;
    sm += util * act.smRatio;
    tensor += util * act.smRatio * act.tensorRatio;
    power += util * act.intensity;
    extraW += act.extraW;
  }
  const count = to - from + 1;
  return {
    a: a / count,
    b: b / count,
    c: c / count,
    smRatio: busy > 0 ? sm / busy : act.smRatio,
    tensorRatio: sm > 0 ? tensor / sm : act.tensorRatio,
    intensity: busy > 0 ? power / busy : act.intensity,
    extraW: extraW / count,
    phase: act.phase,
  };
}

/** The period activities of the minute being sampled, by job, minute the GPU joined it and straggling. */
const periods = new Map<number, PeriodActivity>();
/** The last one looked up: a job's GPUs are mostly consecutive. */
let lastKey = -1;
let lastPeriod: PeriodActivity | null = null;

function clearPeriods() {
  periods.clear();
  lastKey = -1;
  lastPeriod = null;
}

/**
 * The load of GPU g, which works for `job`, averaged over the sampling period [m - every + 1, m], as
 * dcgm-exporter averages its fields over its sampling interval. The job's part is averaged minute by minute once
 * per job, not per GPU; the GPU's own noise is that of minute m, and its memory is the reading at m.
 *
 * What the GPU did before its load last changed (it joined the job, the job resumed) is not in the model's state:
 * those minutes read as the job's work without its loading phase, as a 1-minute reading would stand for them.
 * That balances the GPUs that left a job in the period, which read idle throughout, so the fleet's average over
 * many periods is that of 1-minute samples.
 */
function periodLoad(w: World, job: SimJob, g: number, m: number, every: number, u: number, n: number) {
  const from = m - every + 1;
  const joined = Math.min(Math.max(w.state.gpu.heatMinute[g], from), m);
  const straggling = isStraggler(job, g);
  const key = (job.serial * every + (joined - from)) * 2 + (straggling ? 1 : 0);
  let period = key === lastKey ? lastPeriod : periods.get(key);
  if (!period) {
    period = periodActivity(w, job, from, m, straggling, joined);
    periods.set(key, period);
  }
  lastKey = key;
  lastPeriod = period;
  setLoad(period.a + period.b * u + period.c * n, period.smRatio, period.tensorRatio, memoryIn(job, period.phase, u));
  load.intensity = period.intensity;
  load.extraW = period.extraW;
}

function setLoad(util: number, smRatio: number, tensorRatio: number, fbMib: number) {
  load.util = Math.min(100, Math.max(0, util));
  load.smRatio = smRatio;
  load.tensorRatio = tensorRatio;
  load.fbMib = fbMib;
}

function memoryOf(job: SimJob, u: number): number {
  if (job.kind === 'training') return GPU_MEMORY_MIB * (0.955 + 0.03 * u);
  if (job.kind === 'inference') return GPU_MEMORY_MIB * 0.9 + 250 * u; // the KV cache is preallocated
  return GPU_MEMORY_MIB * (job.memFraction + 0.02 * u);
}

/** Share of the busy power drawn at each tenth of a percent of utilization: slightly convex, as measured. */
const POWER_CURVE = Float64Array.from({ length: 1001 }, (_, i) => Math.pow(i / 1000, 1.1));

function powerOf(w: World, g: number, util: number, n2: number): number {
  const { idleW, peakW } = w.layout;
  const busy = (peakW[g] - idleW[g]) * load.intensity * POWER_CURVE[Math.round(util * 10)];
  return Math.min(GPU_TDP_W, (idleW[g] + busy + load.extraW) * (1 + 0.012 * n2));
}

/** What GPU g reads in minute m. */
export function readGpu(w: World, g: number, m: number, out: Reading): void {
  read(w, g, m, 1, out);
}

/** GPU g's reading in minute m, its load averaged over the `every` minutes up to m when `every` > 1. */
function read(w: World, g: number, m: number, every: number, out: Reading): void {
  const condition = w.state.nodes[Math.floor(g / GPUS_PER_NODE)].condition;
  const gpu = w.state.gpu;
  // Lost, reclaimed or rebooting nodes report nothing, nor does a GPU that fell off the bus.
  if ((condition !== 'ok' && condition !== 'fault') || gpu.fault[g] === 79) {
    out.present = false;
    return;
  }
  const seed = w.seed;
  const u = hash01(seed, g, m, 1);
  const n = hashNoise(seed, g, m, 2);
  const n2 = hashNoise(seed, g, m, 3);
  const job = gpu.fault[g] === 0 ? w.gpuJob[g] : null;
  if (job) {
    if (every > 1) periodLoad(w, job, g, m, every, u, n);
    else jobLoad(w, job, g, m, u, n);
  } else {
    setLoad(0, 0, 0, 0);
    load.intensity = 1;
    load.extraW = 0;
  }
  let util = load.util;
  let power = powerOf(w, g, util, n2);
  const boost = gpu.heatBoostUntil[g] >= m ? gpu.heatBoost[g] : 0;
  const steady = ambientC(m) + BASE_RISE_C + w.layout.thermalOffset[g] + boost + DEGREES_PER_WATT * power;
  const sinceChange = m - gpu.heatMinute[g];
  let temp =
    sinceChange >= 0 && sinceChange < 20
      ? steady + (gpu.heatTemp[g] - steady) * Math.exp(-sinceChange / TEMP_LAG_MINUTES)
      : steady;
  let throttled = false;
  if (temp > THROTTLE_AT_C && util > 0) {
    // Clocks come down until the GPU holds just under its slowdown temperature.
    throttled = true;
    const cap = 58 + 10 * u;
    if (util > cap) {
      util = cap;
      power = powerOf(w, g, util, n2);
    }
    temp = 85 + 1.8 * u;
  }
  out.present = true;
  out.util = util;
  out.sm = (util / 100) * load.smRatio * (0.97 + 0.06 * u);
  out.tensor = out.sm * load.tensorRatio * (0.95 + 0.1 * (n2 + 1) * 0.5);
  out.fbMib = Math.min(GPU_MEMORY_MIB - 300, load.fbMib);
  out.powerW = power;
  out.tempC = temp + 0.4 * n2;
  out.throttled = throttled;
}

const scratch: Reading = { present: false, util: 0, sm: 0, tensor: 0, fbMib: 0, powerW: 0, tempC: 0, throttled: false };

/** Remembers the temperature just before a GPU's load changes, so that it rises or falls over a few minutes. */
export function noteLoadChange(w: World, g: number, m: number) {
  readGpu(w, g, m, scratch);
  const temp = scratch.present ? scratch.tempC : ambientC(m) + BASE_RISE_C + w.layout.thermalOffset[g] + 5;
  w.state.gpu.heatTemp[g] = Math.round(temp * 100) / 100;
  w.state.gpu.heatMinute[g] = m;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Appends the minute's samples. `every` is the sampling period: each sample stands for the minutes
 * [m - every + 1, m], so its utilization, SM and tensor activity and power are averages over them (and its
 * temperature follows the average power), and an XID anywhere in them is shown; memory is the reading at m.
 */
export function emitSamples(w: World, m: number, every: number, out: GpuSampleRecord[]) {
  const ts = new Date(m * 60_000);
  const { uuids, gpuCount } = w.layout;
  const gpu = w.state.gpu;
  clearPeriods();
  for (let g = 0; g < gpuCount; g++) {
    read(w, g, m, every, scratch);
    if (!scratch.present) continue;
    const xidMinute = gpu.lastXidMinute[g];
    const job = gpu.fault[g] === 0 ? w.gpuJob[g] : null;
    out.push({
      uuid: uuids[g],
      ts,
      util: Math.round(scratch.util),
      smActive: round3(scratch.sm),
      tensorActive: round3(scratch.tensor),
      fbUsedMib: Math.round(scratch.fbMib),
      powerW: Math.round(scratch.powerW * 10) / 10,
      tempC: Math.round(scratch.tempC),
      xid: xidMinute > m - every && xidMinute <= m ? gpu.lastXid[g] : 0,
      eccSbe: gpu.eccSbe[g],
      eccDbe: gpu.eccDbe[g],
      throttled: scratch.throttled,
      jobExternalId: job ? job.externalId : null,
    });
  }
}

/** A throttling episode ends after this long without throttling; the next one is reported again. */
const EPISODE_GAP_MINUTES = 30;

/** Reports GPUs that begin a throttling episode; only hot GPUs, or ones with injected heat, get there. */
export function checkThermal(w: World, m: number) {
  const gpu = w.state.gpu;
  const check = (g: number, injected: boolean) => {
    readGpu(w, g, m, scratch);
    if (!scratch.present || !scratch.throttled) return;
    // Injected heat was reported when it was injected.
    if (!injected && m - gpu.throttledAt[g] > EPISODE_GAP_MINUTES) {
      w.fault(
        w.nodeOfGpu(g),
        g,
        m * 60_000,
        'thermal',
        null,
        false,
        `Thermal slowdown at ${Math.round(scratch.tempC)} °C: clocks reduced`,
      );
    }
    gpu.throttledAt[g] = m;
  };
  for (const g of w.layout.hotGpus) check(g, false);
  if (w.state.boostedGpus.length === 0) return;
  for (const g of w.state.boostedGpus) check(g, true);
  w.state.boostedGpus = w.state.boostedGpus.filter((g) => gpu.heatBoostUntil[g] >= m);
}
