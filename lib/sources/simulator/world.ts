// The live model: its saved state plus indexes rebuilt from it (who holds each GPU, jobs by id), and the few
// operations every part uses (hold and release GPUs, record what happened).
import type { FaultKind, JobEventKind, JobState, WaitReason } from '@/lib/domain/enums';
import type { NodeStatusRecord } from '@/lib/sources/types';
import { noteLoadChange } from './gpus';
import { Rng } from './random';
import type { OutEvent, SimJob, SimState } from './state';
import { buildLayout, GPUS_PER_NODE as PER_NODE_IMPORT, renewNodes, type Layout } from './topology';

/** Bound once: imported bindings are getters under tsx's CommonJS transform, and this one is in hot loops. */
const GPUS_PER_NODE = PER_NODE_IMPORT;

export const MINUTE_MS = 60_000;
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);
export const minuteAtOrAfter = (ms: number) => Math.ceil(ms / MINUTE_MS);
export const isEnded = (state: JobState) => state === 'succeeded' || state === 'failed' || state === 'cancelled';
export const gpusRequested = (job: SimJob) => job.desiredReplicas * job.gpusPerReplica;

/** Why a job waits in the queue, as the last scheduling pass saw it. */
export interface SimWait {
  reason: WaitReason;
  detail: string;
  /** 1-based place in the queue, in the order the scheduler tries jobs. */
  position: number;
}

export class World {
  readonly layout: Layout;
  readonly rng: Rng;
  readonly gpuJob: (SimJob | null)[];
  readonly jobsById = new Map<string, SimJob>();
  /** Why each job the last scheduling pass left waiting waits (not saved: the next pass says it again). */
  readonly waits = new Map<SimJob, SimWait>();
  /** The failed job each GPU is held for (its `reservedGpus`), and the jobs holding any. */
  readonly reservedFor: (SimJob | null)[];
  readonly reserving = new Set<SimJob>();
  /** NodeStatusRecords kept until the node's reported state changes, so collect reuses them. */
  readonly nodeRecords: (NodeStatusRecord | null)[];

  /**
   * Scales the published rate of unexpected interruptions (faults.ts): 1 is the rate itself, more for demos and
   * drills. A setting of the run, not part of the saved state.
   */
  readonly faultScale: number;

  constructor(
    readonly state: SimState,
    options: { faultScale?: number } = {},
  ) {
    this.faultScale = options.faultScale ?? 1;
    this.layout = buildLayout(state.seed, state.nodeCount);
    renewNodes(
      this.layout,
      state.seed,
      state.nodes.flatMap((node, n) => (node.renewed ? [n] : [])),
    );
    this.rng = new Rng(state.rng);
    this.gpuJob = new Array<SimJob | null>(this.layout.gpuCount).fill(null);
    this.nodeRecords = new Array<NodeStatusRecord | null>(this.layout.nodeCount).fill(null);
    this.reservedFor = new Array<SimJob | null>(this.layout.gpuCount).fill(null);
    for (const job of state.finished) this.jobsById.set(job.externalId, job);
    for (const job of state.jobs) {
      this.jobsById.set(job.externalId, job);
      for (const g of job.gpus) this.gpuJob[g] = job;
    }
    for (const job of [...state.jobs, ...state.finished]) if (job.reservedGpus) this.indexReserved(job);
  }

  get seed() {
    return this.state.seed;
  }

  addJob(job: SimJob) {
    this.state.jobs.push(job);
    this.jobsById.set(job.externalId, job);
    this.state.schedulerDirty = true;
  }

  nodeOfGpu(g: number) {
    return Math.floor(g / GPUS_PER_NODE);
  }

  /** Open to new work: healthy, not cordoned, not draining. */
  schedulable(n: number) {
    const node = this.state.nodes[n];
    return node.condition === 'ok' && !node.cordoned && !node.draining;
  }

  /** No job holds it, none has it held for a restart, and it has no fatal fault. */
  isFree(g: number) {
    return this.gpuJob[g] === null && this.reservedFor[g] === null && this.state.gpu.fault[g] === 0;
  }

  freeGpusOn(n: number): number {
    let free = 0;
    for (let g = n * GPUS_PER_NODE; g < (n + 1) * GPUS_PER_NODE; g++) if (this.isFree(g)) free++;
    return free;
  }

  jobsOnNode(n: number): SimJob[] {
    const jobs: SimJob[] = [];
    for (let g = n * GPUS_PER_NODE; g < (n + 1) * GPUS_PER_NODE; g++) {
      const job = this.gpuJob[g];
      if (job && !jobs.includes(job)) jobs.push(job);
    }
    return jobs;
  }

  hold(job: SimJob, gpus: number[], minute: number) {
    for (const g of gpus) {
      noteLoadChange(this, g, minute);
      this.gpuJob[g] = job;
    }
    job.gpus = [...job.gpus, ...gpus];
  }

  /** Releases the GPUs for which `which` is true (all by default). */
  release(job: SimJob, minute: number, which: (g: number) => boolean = () => true) {
    const kept: number[] = [];
    for (const g of job.gpus) {
      if (!which(g)) {
        kept.push(g);
        continue;
      }
      noteLoadChange(this, g, minute);
      if (this.gpuJob[g] === job) this.gpuJob[g] = null;
    }
    if (kept.length !== job.gpus.length) this.state.schedulerDirty = true;
    job.gpus = kept;
  }

  /** Holds `gpus` for the job's restart until the minute `until`: the scheduler places no other job on them. */
  reserve(job: SimJob, gpus: number[], until: number) {
    this.unreserve(job);
    if (gpus.length === 0) return;
    job.reservedGpus = gpus;
    job.reservedUntil = until;
    this.indexReserved(job);
  }

  private indexReserved(job: SimJob) {
    for (const g of job.reservedGpus!) this.reservedFor[g] = job;
    this.reserving.add(job);
  }

  /** Ends the job's reservation (it restarted, or its time ran out); its GPUs are anyone's again. */
  unreserve(job: SimJob) {
    if (!job.reservedGpus) return;
    for (const g of job.reservedGpus) if (this.reservedFor[g] === job) this.reservedFor[g] = null;
    delete job.reservedGpus;
    delete job.reservedUntil;
    this.reserving.delete(job);
    this.state.schedulerDirty = true;
  }

  /** Marks a change in what the job's GPUs do (hang, restart), for the thermal lag. */
  loadChanged(job: SimJob, minute: number) {
    for (const g of job.gpus) noteLoadChange(this, g, minute);
  }

  event(job: SimJob, at: number, kind: JobEventKind, message: string, data?: OutEvent['data']) {
    this.state.outbox.events.push(
      data
        ? { jobExternalId: job.externalId, at, kind, message, data }
        : { jobExternalId: job.externalId, at, kind, message },
    );
  }

  fault(
    n: number,
    g: number | null,
    at: number,
    kind: FaultKind,
    code: number | null,
    fatal: boolean,
    message: string,
  ) {
    this.state.outbox.faults.push({
      hostname: this.layout.hostnames[n],
      gpuUuid: g === null ? null : this.layout.uuids[g],
      at,
      kind,
      code,
      fatal,
      message,
    });
  }

  ended(job: SimJob) {
    this.state.outbox.endedJobs.push(job.externalId);
    if (!this.state.finished.includes(job)) this.state.finished.push(job);
  }

  /** An ended job running again (restarted) is active once more. */
  revive(job: SimJob) {
    const at = this.state.finished.indexOf(job);
    if (at >= 0) this.state.finished.splice(at, 1);
    if (!this.state.jobs.includes(job)) this.state.jobs.push(job);
  }

  /** Drops ended jobs from the active list; done at the end of each minute so loops stay short. */
  compact() {
    if (this.state.jobs.some((job) => isEnded(job.state)))
      this.state.jobs = this.state.jobs.filter((job) => !isEnded(job.state));
  }

  gpuLabel(g: number) {
    return `${this.layout.hostnames[this.nodeOfGpu(g)]} GPU ${g % GPUS_PER_NODE}`;
  }
}
