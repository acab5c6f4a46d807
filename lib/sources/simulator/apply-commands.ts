// What executors and fault injection ask of the model. A command takes effect at its time: at once when
// that is not after the model's time, otherwise when the model gets there. Delays and picks come from a hash
// of the command's sequence number, so a command's outcome is known when it is given.
import { isFatalXid, xidSeverity } from '@/lib/domain/xid';
import { FAILURE_REASONS } from './catalog';
import { fatalXid, nodeLost, warningXid } from './faults';
import { noteLoadChange } from './gpus';
import { cancel, fail, hang, restart, scale, straggle } from './jobs';
import { cordon, drain, reboot, replace, uncordon } from './nodes';
import { scalePool } from './pools';
import { hash01 } from './random';
import type { Command, QueuedCommand, SimJob } from './state';
import { GPUS_PER_NODE, POOLS } from './topology';
import { gpusRequested, isEnded, MINUTE_MS, minuteAtOrAfter, minuteOf, type World } from './world';

export interface Outcome {
  ok: boolean;
  message: string;
  readyAt?: number;
  jobExternalId?: string;
  hostname?: string;
  gpuUuid?: string;
  code?: number;
}

const MAX_REPLICAS = 64;

/** Uniform draws for command `seq`: the k-th of them. */
const draw = (w: World, seq: number, k: number) => hash01(w.seed, 0xc0de, seq, k);

/**
 * A restart asked at `at` of a job that holds all of its GPUs on nodes open to work runs again where it is: its
 * processes are stopped (a 30-second grace period) and started again on the same GPUs, with no wait for nodes, on
 * the first whole minute at least 30 s after it is asked (30 to 90 s). Any other restart is rescheduled and runs
 * again 1 to 3 minutes later, on one of the whole minutes in that span, drawn evenly. Loading the checkpoint comes
 * after either; whole minutes are the model's resolution. Returns the time from `at` to it.
 */
export function restartDelayMs(w: World, seq: number, at: number, inPlace: boolean) {
  if (inPlace) return minuteAtOrAfter(at + IN_PLACE_STOP_MS) * MINUTE_MS - at;
  const first = minuteAtOrAfter(at + 60_000);
  const last = minuteOf(at + 180_000);
  return (first + Math.floor(draw(w, seq, 0) * (last - first + 1))) * MINUTE_MS - at;
}
/** Kubernetes' default termination grace period, and Slurm's default KillWait. */
const IN_PLACE_STOP_MS = 30_000;

/** Whether a restart can run the job again where it is: it holds all of its GPUs, each on a node open to work. */
export function restartsInPlace(w: World, job: SimJob) {
  return (
    job.gpus.length > 0 &&
    job.gpus.length === gpusRequested(job) &&
    job.gpus.every((g) => w.schedulable(w.nodeOfGpu(g)))
  );
}
const drainGraceMs = (w: World, seq: number) => Math.round(60_000 + 60_000 * draw(w, seq, 0));
const rebootMs = (w: World, seq: number) => Math.round(180_000 + 180_000 * draw(w, seq, 0));
/** About one reboot in twelve does not clear what was wrong with the node. */
const REBOOT_FAILURE_RATE = 1 / 12;
const rebootClears = (w: World, seq: number) => draw(w, seq, 1) >= REBOOT_FAILURE_RATE;
const replaceMs = (w: World, seq: number) => Math.round(360_000 + 180_000 * draw(w, seq, 0));
/** The k-th node a pool scale-up brings back is ready after 4 to 7 minutes. */
const provisionMs = (w: World, seq: number, k: number) => Math.round(240_000 + 180_000 * draw(w, seq, 2 + k));

/** Applies the queued commands due by `until`, in time order. */
export function applyDue(w: World, until: number) {
  const queue = w.state.commands;
  while (queue.length > 0 && queue[0].at <= until) {
    const next = queue.shift()!;
    apply(w, next.command, next.at, next.seq);
  }
}

export function enqueue(w: World, command: Command, at: number): QueuedCommand {
  const queued: QueuedCommand = { at, seq: w.state.commandSeq++, command };
  const queue = w.state.commands;
  let i = queue.length;
  while (i > 0 && queue[i - 1].at > at) i--;
  queue.splice(i, 0, queued);
  return queued;
}

/** Checks that the command can be carried out now, without changing anything; null when it can. */
export function check(w: World, command: Command): string | null {
  if (command.type === 'fault') return checkFault(w, command.kind, command.target, command.code);
  if (command.type === 'restart' || command.type === 'cancel' || command.type === 'scale') {
    const job = w.jobsById.get(command.jobId);
    if (!job) return `No job ${command.jobId}`;
    if (command.type === 'cancel' && isEnded(job.state))
      return `${job.externalId} has already ${job.state === 'cancelled' ? 'been cancelled' : job.state}`;
    if (command.type === 'scale') {
      if (job.kind !== 'inference') return `${job.externalId} is not an inference service`;
      if (isEnded(job.state)) return `${job.externalId} has ${job.state}`;
      if (!Number.isInteger(command.replicas) || command.replicas < 0 || command.replicas > MAX_REPLICAS) {
        return `Replicas must be a whole number from 0 to ${MAX_REPLICAS}`;
      }
    }
    if (command.type === 'restart') {
      if (job.state === 'succeeded' || job.state === 'cancelled')
        return `${job.externalId} has ${job.state}; nothing to restart`;
      if (job.state === 'pending' && job.resumeAt !== null)
        return `${job.externalId} is already restarting: it waits for GPUs`;
      if (job.state === 'pending') return `${job.externalId} is pending; it has not started`;
      if (job.supersededBy) return `${job.externalId} was resubmitted by its owner as ${job.supersededBy}`;
    }
    return null;
  }
  if (command.type === 'pool_scale') return checkPoolScale(w, command.pool, command.nodes);
  const n = w.layout.hostIndex.get(command.hostname);
  if (n === undefined) return `No node ${command.hostname}`;
  return outOfFleet(w, n);
}

/** Why an operator cannot act on the node: it has left its pool or is leaving it. Null when it has not. */
function outOfFleet(w: World, n: number): string | null {
  const node = w.state.nodes[n];
  const pool = POOLS[w.layout.nodePool[n]].name;
  const host = w.layout.hostnames[n];
  if (node.condition === 'retired') return `${host} is retired from ${pool}: scale the pool up to bring it back`;
  if (node.retiring) return `${host} is leaving ${pool} as it is scaled down: scale the pool up to keep it`;
  return null;
}

function checkPoolScale(w: World, pool: string, nodes: number): string | null {
  const p = POOLS.findIndex((spec) => spec.name === pool);
  if (p < 0) return `No pool ${pool}: the pools are ${POOLS.map((spec) => spec.name).join(' and ')}`;
  const capacity = w.layout.poolNodes[p].length;
  if (!Number.isInteger(nodes) || nodes < 0 || nodes > capacity)
    return `${pool} has room for ${capacity} nodes: choose a whole number from 0 to ${capacity}`;
  return null;
}

export function apply(w: World, command: Command, at: number, seq: number): Outcome {
  const error = check(w, command);
  if (error) return { ok: false, message: error };
  switch (command.type) {
    case 'restart': {
      const job = w.jobsById.get(command.jobId)!;
      const delay = restartDelayMs(w, seq, at, restartsInPlace(w, job));
      restart(w, job, at, delay);
      return {
        ok: true,
        message: `Restarting ${job.externalId} from its last checkpoint`,
        readyAt: at + delay,
        jobExternalId: job.externalId,
      };
    }
    case 'cancel': {
      const job = w.jobsById.get(command.jobId)!;
      cancel(w, job, at, command.reason ?? 'Cancelled by an operator');
      return { ok: true, message: `Cancelled ${job.externalId}`, jobExternalId: job.externalId };
    }
    case 'scale': {
      const job = w.jobsById.get(command.jobId)!;
      scale(w, job, command.replicas, at);
      return {
        ok: true,
        message: `Scaling ${job.externalId} to ${command.replicas} replicas`,
        jobExternalId: job.externalId,
      };
    }
    case 'fault':
      return injectFault(w, command.kind, command.target, command.code, at, seq);
    case 'pool_scale':
      return applyPoolScale(w, command.pool, command.nodes, at, seq);
  }
  const n = w.layout.hostIndex.get(command.hostname)!;
  const hostname = command.hostname;
  switch (command.type) {
    case 'cordon':
      cordon(w, n, at, command.reason);
      return { ok: true, message: `Cordoned ${hostname}`, hostname };
    case 'uncordon':
      uncordon(w, n, at);
      return { ok: true, message: `Uncordoned ${hostname}`, hostname };
    case 'drain': {
      drain(w, n, at, command.reason, drainGraceMs(w, seq));
      const doneAt = w.state.nodes[n].drainDoneAt!;
      return { ok: true, message: `Draining ${hostname}`, readyAt: doneAt * 60_000, hostname };
    }
    case 'reboot': {
      const duration = rebootMs(w, seq);
      const clears = rebootClears(w, seq);
      reboot(w, n, at, command.reason, duration, clears);
      // The command is carried out either way; only a reboot that clears the fault has a time it is ready.
      if (!clears)
        return {
          ok: true,
          message: `Rebooting ${hostname}; the reboot will not clear the fault: it stays down`,
          hostname,
        };
      return { ok: true, message: `Rebooting ${hostname}`, readyAt: minuteAtOrAfter(at + duration) * 60_000, hostname };
    }
    case 'replace': {
      const duration = replaceMs(w, seq);
      replace(w, n, at, command.reason, duration);
      const readyAt = minuteAtOrAfter(at + duration) * 60_000;
      const minutes = Math.round((readyAt - at) / 60_000);
      return {
        ok: true,
        message: `Replacing ${hostname} with a spare node: ready in about ${minutes} minutes`,
        readyAt,
        hostname,
      };
    }
  }
}

function applyPoolScale(w: World, pool: string, nodes: number, at: number, seq: number): Outcome {
  const p = POOLS.findIndex((spec) => spec.name === pool);
  const scaling = scalePool(w, p, nodes, at, drainGraceMs(w, seq), (k) => provisionMs(w, seq, k));
  const readyAt = scaling.doneAt === null ? undefined : scaling.doneAt * 60_000;
  if (scaling.from === nodes) return { ok: true, message: `${pool} already has ${nodes} nodes` };
  const parts = [
    scaling.retiring.length ? `draining ${list(scaling.retiring)} out of the pool` : '',
    scaling.kept.length ? `keeping ${list(scaling.kept)}` : '',
    scaling.provisioning.length ? `provisioning ${list(scaling.provisioning)}` : '',
  ].filter(Boolean);
  return { ok: true, message: `Scaling ${pool} from ${scaling.from} to ${nodes} nodes: ${parts.join(', ')}`, readyAt };
}

/** Hostnames for a message: all of a few, or the first ones and how many more. */
function list(hostnames: string[]): string {
  if (hostnames.length <= 4) return hostnames.join(', ');
  return `${hostnames.slice(0, 3).join(', ')} and ${hostnames.length - 3} more`;
}

function checkFault(w: World, kind: string, target: string, code: number | null): string | null {
  const job = w.jobsById.get(target);
  const host = w.layout.hostIndex.get(target);
  if (!job && host === undefined) return `No job or node ${target}`;
  if (host !== undefined && w.state.nodes[host].condition === 'retired') return `${target} is retired`;
  if (kind === 'fatal_xid' && code !== null && !isFatalXid(code)) return `XID ${code} is not fatal`;
  if (kind === 'xid_warning' && code !== null && xidSeverity(code) !== 'warning') return `XID ${code} is not a warning`;
  const needsRunningJob = kind === 'hang' || kind === 'straggler';
  if ((needsRunningJob || kind === 'job_failure') && !job) return `${kind} needs a job as its target`;
  if (job && needsRunningJob && job.state !== 'running') return `${job.externalId} is ${job.state}, not running`;
  if (job && kind === 'job_failure' && isEnded(job.state)) return `${job.externalId} has already ${job.state}`;
  if (job && kind === 'straggler' && job.kind !== 'training' && job.kind !== 'fine_tuning')
    return `${job.externalId} is not a training job`;
  if (job && kind === 'straggler' && job.gpus.length < 2) return `${job.externalId} runs on a single GPU`;
  if (job && kind !== 'job_failure' && job.gpus.length === 0) return `${job.externalId} holds no GPUs`;
  return null;
}

/** The GPU a fault strikes: one of the job's, or on a node one that runs work if any does. */
function targetGpu(w: World, job: SimJob | undefined, host: number | undefined, u: number): number {
  if (job) return job.gpus[Math.floor(u * job.gpus.length)];
  const gpus = Array.from({ length: GPUS_PER_NODE }, (_, i) => host! * GPUS_PER_NODE + i);
  const busy = gpus.filter((g) => w.gpuJob[g] !== null);
  const pool = busy.length > 0 ? busy : gpus;
  return pool[Math.floor(u * pool.length)];
}

function injectFault(w: World, kind: string, target: string, code: number | null, at: number, seq: number): Outcome {
  const job = w.jobsById.get(target);
  const host = w.layout.hostIndex.get(target);
  const m = minuteOf(at);
  const g = kind === 'job_failure' || (kind === 'node_lost' && !job) ? -1 : targetGpu(w, job, host, draw(w, seq, 1));
  const where: { hostname?: string; gpuUuid?: string } =
    g >= 0 ? { hostname: w.layout.hostnames[w.nodeOfGpu(g)], gpuUuid: w.layout.uuids[g] } : {};
  const jobExternalId = job?.externalId;
  switch (kind) {
    case 'hang':
      hang(w, job!, m, 60 + Math.floor(30 * draw(w, seq, 2)));
      return {
        ok: true,
        message: `${job!.externalId} hangs: its GPUs go idle until it is restarted or its watchdog kills it`,
        jobExternalId,
      };
    case 'straggler': {
      const pos = job!.gpus.indexOf(g);
      straggle(w, job!, m, pos, 0.3 + 0.1 * draw(w, seq, 2), 60);
      return {
        ok: true,
        message: `${w.gpuLabel(g)} runs at about a third of the speed of the rest of ${job!.externalId} for 60 minutes`,
        jobExternalId,
        ...where,
      };
    }
    case 'job_failure': {
      const reason = FAILURE_REASONS[Math.floor(draw(w, seq, 2) * FAILURE_REASONS.length)];
      fail(w, job!, at, reason, { reason: 'injected' });
      return { ok: true, message: `${job!.externalId} failed: ${reason}`, jobExternalId };
    }
    case 'fatal_xid': {
      const xid = code ?? 79;
      if (!fatalXid(w, g, xid, at, 110 + Math.floor(20 * draw(w, seq, 2))))
        return { ok: false, message: `${where.hostname} is already down`, ...where };
      return {
        ok: true,
        message: `XID ${xid} on ${w.gpuLabel(g)}: the node is down and its jobs failed`,
        jobExternalId,
        code: xid,
        ...where,
      };
    }
    case 'xid_warning': {
      const xid = code ?? 13;
      warningXid(w, g, xid, at);
      return { ok: true, message: `XID ${xid} on ${w.gpuLabel(g)}`, jobExternalId, code: xid, ...where };
    }
    case 'node_lost': {
      const n = g >= 0 ? w.nodeOfGpu(g) : host!;
      const hostname = w.layout.hostnames[n];
      if (w.state.nodes[n].condition !== 'ok') return { ok: false, message: `${hostname} is already down`, hostname };
      nodeLost(w, n, at, 110 + Math.floor(20 * draw(w, seq, 2)));
      return { ok: true, message: `${hostname} was lost`, jobExternalId, hostname };
    }
    case 'thermal': {
      const gpu = w.state.gpu;
      noteLoadChange(w, g, m);
      gpu.heatBoost[g] = 18;
      gpu.heatBoostUntil[g] = m + 45;
      if (!w.state.boostedGpus.includes(g)) w.state.boostedGpus.push(g);
      w.fault(
        w.nodeOfGpu(g),
        g,
        at,
        'thermal',
        null,
        false,
        'Cooling fault: the GPU runs about 18 °C hotter for 45 minutes',
      );
      return {
        ok: true,
        message: `${w.gpuLabel(g)} overheats and throttles under load for 45 minutes`,
        jobExternalId,
        ...where,
      };
    }
  }
  return { ok: false, message: `Unknown fault kind ${kind}` };
}
