// The simulator: the default source, a model of a 1,024-GPU H800 cluster that runs, breaks and recovers on
// its own, answers executors' actions with realistic delays, and takes faults on demand.
import type { JobRecord, NodeStatusRecord, Snapshot, Source, Topology } from '@/lib/sources/types';
import { apply, check, enqueue, restartDelayMs, restartsInPlace, type Outcome } from './apply-commands';
import { emitSamples } from './gpus';
import { initialState, populate } from './init';
import { advance } from './model';
import { jobRecord, nodeRecords } from './records';
import { parseState } from './restore';
import type { Command, FaultInjectionKind, SimState } from './state';
import { POOLS } from './topology';
import { isEnded, MINUTE_MS, World } from './world';

export { toDcgmExposition } from './exposition';
export type { FaultInjectionKind } from './state';

export interface SimulatorConfig {
  seed: number;
  /** Nodes of 8 GPUs; about three quarters reserved, the rest spot. Default 128. */
  nodes?: number;
  /** Where the model's history begins; the cluster is already busy at that time. */
  startTime: Date;
  /** Multiplies the published rate of unexpected interruptions (default 1: the rate itself). */
  faultScale?: number;
  /**
   * How far the model's clock of working hours runs ahead of the timestamps it reports, in minutes (default 0:
   * working hours are UTC's). Tests and demos set it so that the cluster is the same at any hour they start.
   */
  clockPhaseMinutes?: number;
}

export interface CollectOptions {
  /**
   * Emit samples only for minutes whose epoch-minute index is divisible by this (default 1). Each sample then
   * stands for the minutes since the previous one, as dcgm-exporter's values stand for its sampling interval:
   * utilization, SM and tensor activity and power are averaged over them, memory is the reading at the sample's
   * minute, and an XID in any of them is shown.
   */
  sampleEveryMinutes?: number;
}

export interface ActionResult {
  ok: boolean;
  message: string;
  /** When the action takes effect: its `at`, or the model's time if that is later. */
  at: Date;
  /** When its effect is complete (a restart resumed, a drain done, a reboot over), where that is known. */
  readyAt: Date | null;
  /** True when `at` is ahead of the model: it will be applied when the model gets there. */
  scheduled: boolean;
}

export interface FaultInjection {
  kind: FaultInjectionKind;
  /** A job's external id or a node's hostname. */
  target: string;
  /** The XID for 'fatal_xid' (default 79) and 'xid_warning' (default 13). */
  code?: number;
  at?: Date;
}

export interface InjectedFault extends ActionResult {
  kind: FaultInjectionKind;
  jobExternalId: string | null;
  hostname: string | null;
  gpuUuid: string | null;
  code: number | null;
}

export type SimulatorState = SimState;

export interface PoolSize {
  name: string;
  desiredNodes: number;
  capacity: number;
}

const DEFAULT_NODES = 128;

function faultScaleOf(scale: number | undefined): number {
  if (scale === undefined) return 1;
  if (!Number.isFinite(scale) || scale < 0 || scale > 1000) throw new RangeError('The fault scale must be 0 to 1000');
  return scale;
}

export class Simulator implements Source {
  readonly name = 'simulator';

  private constructor(private readonly world: World) {}

  static create(config: SimulatorConfig): Simulator {
    const nodes = config.nodes ?? DEFAULT_NODES;
    const start = config.startTime.getTime();
    if (!Number.isInteger(config.seed)) throw new RangeError('The simulator seed must be an integer');
    if (!Number.isInteger(nodes) || nodes < 2 || nodes > 4096) {
      throw new RangeError('The simulator needs 2 to 4096 nodes');
    }
    if (!Number.isFinite(start)) throw new RangeError('The simulator start time is not a valid date');
    const world = new World(
      { ...initialState(config.seed, nodes, start), clockPhase: config.clockPhaseMinutes ?? 0 },
      { faultScale: faultScaleOf(config.faultScale) },
    );
    populate(world);
    return new Simulator(world);
  }

  /** Restores a model saved with toJSON() (the object or its JSON text); it carries on exactly as the original. */
  static fromJSON(json: unknown, options: { faultScale?: number } = {}): Simulator {
    return new Simulator(new World(parseState(json), { faultScale: faultScaleOf(options.faultScale) }));
  }

  /** The whole model as plain JSON data. */
  toJSON(): SimulatorState {
    this.world.state.rng = this.world.rng.state();
    return structuredClone(this.world.state);
  }

  /** The whole model as JSON text, what toJSON() gives stringified, without copying the model first. */
  toJSONText(): string {
    this.world.state.rng = this.world.rng.state();
    return JSON.stringify(this.world.state);
  }

  /** The model's time: the end of the last collect (or the start time). */
  get time(): Date {
    return new Date(this.world.state.time);
  }

  async topology(): Promise<Topology> {
    return this.topologySync();
  }

  /** The cluster's shape; pools report the size they are scaled to. */
  topologySync(): Topology {
    const topology = this.world.layout.topology;
    const desired = this.world.state.poolDesired;
    if (topology.pools.every((pool, p) => pool.desiredNodes === desired[p])) return topology;
    return { ...topology, pools: topology.pools.map((pool, p) => ({ ...pool, desiredNodes: desired[p] })) };
  }

  async collect(from: Date, to: Date, options?: CollectOptions): Promise<Snapshot> {
    return this.collectSync(from, to, options);
  }

  /**
   * Advances the model to `to` and returns samples for the whole minutes in (from, to] it simulated, states as of
   * `to`, and the events, checkpoints and faults produced since the previous collect. Time before the model's
   * time is never simulated again.
   */
  collectSync(from: Date, to: Date, options?: CollectOptions): Snapshot {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('collect needs valid dates');
    const every = Math.max(1, Math.floor(options?.sampleEveryMinutes ?? 1));
    const w = this.world;
    const samples: Snapshot['samples'] = [];
    if (toMs > w.state.time) {
      advance(w, toMs, (m) => {
        if (m * MINUTE_MS > fromMs && m % every === 0) emitSamples(w, m, every, samples);
      });
    }
    const { events, checkpoints, faults, endedJobs } = w.state.outbox;
    w.state.outbox = { events: [], checkpoints: [], faults: [], endedJobs: [] };
    const jobs: JobRecord[] = [];
    for (const job of w.state.jobs) if (!isEnded(job.state)) jobs.push(jobRecord(w, job));
    for (const id of new Set(endedJobs)) {
      const job = w.jobsById.get(id);
      if (job && isEnded(job.state)) jobs.push(jobRecord(w, job));
    }
    return {
      at: new Date(Math.max(toMs, w.state.time)),
      samples,
      nodes: nodeRecords(w),
      jobs,
      events: events.map((e) => ({ ...e, at: new Date(e.at) })),
      checkpoints: checkpoints.map((c) => ({ ...c, at: new Date(c.at) })),
      faults: faults.map((f) => ({ ...f, at: new Date(f.at) })),
    };
  }

  /** A job as the model sees it now, or null if unknown (ended jobs are forgotten after an hour, failed ones after a day). */
  getJob(externalId: string): JobRecord | null {
    const job = this.world.jobsById.get(externalId);
    return job ? jobRecord(this.world, job) : null;
  }

  listJobs(): JobRecord[] {
    const { jobs, finished } = this.world.state;
    return [...jobs.filter((job) => !isEnded(job.state)), ...finished].map((job) => jobRecord(this.world, job));
  }

  nodeStatuses(): NodeStatusRecord[] {
    return nodeRecords(this.world);
  }

  /**
   * Restarts from the last checkpoint: 'recovering' until a whole minute 30 to 90 s later where the job holds all of
   * its GPUs on healthy nodes (in place), else 1 to 3 minutes later (rescheduled); then running, restartCount + 1.
   */
  restartJob(externalId: string, at?: Date): ActionResult {
    return this.act({ type: 'restart', jobId: externalId }, at).result;
  }

  cancelJob(externalId: string, at?: Date, reason?: string): ActionResult {
    return this.act({ type: 'cancel', jobId: externalId, reason: reason ?? null }, at).result;
  }

  /** Sets an inference service's desired replicas; new replicas start as GPUs allow. */
  scaleService(externalId: string, replicas: number, at?: Date): ActionResult {
    return this.act({ type: 'scale', jobId: externalId, replicas }, at).result;
  }

  cordonNode(hostname: string, at?: Date, reason?: string): ActionResult {
    return this.act({ type: 'cordon', hostname, reason: reason ?? null }, at).result;
  }

  uncordonNode(hostname: string, at?: Date): ActionResult {
    return this.act({ type: 'uncordon', hostname, reason: null }, at).result;
  }

  /** Cordons at once; the jobs on it are evicted after a 1 to 2 minute grace period, and it stays cordoned. */
  drainNode(hostname: string, at?: Date, reason?: string): ActionResult {
    return this.act({ type: 'drain', hostname, reason: reason ?? null }, at).result;
  }

  /**
   * Down for 3 to 6 minutes (jobs on it die), then ready with its GPU faults cleared. About one reboot in twelve
   * does not help: the node stays down ("The reboot did not clear the fault") and the result has no readyAt.
   */
  rebootNode(hostname: string, at?: Date, reason?: string): ActionResult {
    return this.act({ type: 'reboot', hostname, reason: reason ?? null }, at).result;
  }

  /** Swapped for a spare: provisioning for 6 to 9 minutes (jobs on it die), then ready with healthy GPUs. */
  replaceNode(hostname: string, at?: Date, reason?: string): ActionResult {
    return this.act({ type: 'replace', hostname, reason: reason ?? null }, at).result;
  }

  /**
   * Sets how many of the pool's nodes are in the fleet (0 to its capacity). Scaling down drains nodes out, idle
   * ones first, and retires them; scaling up provisions retired nodes for 4 to 7 minutes, then they are ready.
   */
  scalePool(pool: string, nodes: number, at?: Date): ActionResult {
    return this.act({ type: 'pool_scale', pool, nodes }, at).result;
  }

  /** Each pool's desired size and its capacity (the nodes the layout gives it). */
  pools(): PoolSize[] {
    return POOLS.map((pool, p) => ({
      name: pool.name,
      desiredNodes: this.world.state.poolDesired[p],
      capacity: this.world.layout.poolNodes[p].length,
    }));
  }

  /** Makes a fault happen at `at` (default: the model's time); it shows in the next collect. */
  injectFault(fault: FaultInjection): InjectedFault {
    const { result, outcome } = this.act(
      { type: 'fault', kind: fault.kind, target: fault.target, code: fault.code ?? null },
      fault.at,
    );
    return {
      ...result,
      kind: fault.kind,
      jobExternalId: outcome.jobExternalId ?? null,
      hostname: outcome.hostname ?? null,
      gpuUuid: outcome.gpuUuid ?? null,
      code: outcome.code ?? null,
    };
  }

  private act(command: Command, at: Date | undefined): { result: ActionResult; outcome: Outcome } {
    const w = this.world;
    const requested = at?.getTime();
    const when =
      requested !== undefined && Number.isFinite(requested) ? Math.max(requested, w.state.time) : w.state.time;
    if (when > w.state.time) {
      const error = check(w, command);
      if (error)
        return {
          result: { ok: false, message: error, at: new Date(when), readyAt: null, scheduled: false },
          outcome: { ok: false, message: error },
        };
      const queued = enqueue(w, command, when);
      // A restart's end as things stand now: whether it restarts in place is decided again when it is applied.
      const readyAt =
        command.type === 'restart'
          ? when + restartDelayMs(w, queued.seq, when, restartsInPlace(w, w.jobsById.get(command.jobId)!))
          : null;
      const message = `Scheduled for ${new Date(when).toISOString()}`;
      return {
        result: {
          ok: true,
          message,
          at: new Date(when),
          readyAt: readyAt === null ? null : new Date(readyAt),
          scheduled: true,
        },
        outcome: { ok: true, message },
      };
    }
    const outcome = apply(w, command, when, w.state.commandSeq++);
    const readyAt = outcome.readyAt === undefined ? null : new Date(outcome.readyAt);
    return {
      result: { ok: outcome.ok, message: outcome.message, at: new Date(when), readyAt, scheduled: false },
      outcome,
    };
  }
}

export function createSimulator(config: SimulatorConfig): Simulator {
  return Simulator.create(config);
}
