// slurmrestd's node and job objects as the console reads them, the same whatever the API version. v0.0.38 writes
// numbers plainly (null or 0 for unset), states as one lower- or upper-case word with flags beside, and exit codes
// as a wait status; v0.0.40 and later wrap numbers as { set, infinite, number }, list states as arrays of
// upper-case words and spell exit codes out. Fields are read leniently: one odd job must not hide the others.
import { expandHostlist } from './text';

type Raw = Record<string, unknown>;

export interface SlurmNode {
  name: string;
  /** Base state first (IDLE, MIXED, ALLOCATED, DOWN …), then flags (DRAIN, NOT_RESPONDING, REBOOT_ISSUED …). */
  state: string[];
  reason: string | null;
  reasonSetBy: string | null;
  reasonChangedAt: Date | null;
  gres: string;
  partitions: string[];
  features: string[];
  bootTime: Date | null;
}

export interface SlurmJob {
  jobId: number;
  arrayJobId: number | null;
  arrayTaskId: number | null;
  /** Tasks an array still holds together (`3-9`), on the record of those not yet started. */
  arrayTaskString: string;
  hetJobId: number | null;
  hetJobOffset: number | null;
  name: string;
  user: string | null;
  account: string;
  comment: string;
  wckey: string;
  partition: string;
  /** Base state first (PENDING, RUNNING, FAILED …), then flags (REQUEUED, COMPLETING …). */
  state: string[];
  stateReason: string;
  stateDescription: string;
  exitCode: number | null;
  exitSignal: number | null;
  restarts: number;
  requeueAllowed: boolean;
  submitTime: Date | null;
  /** When it could first start (its dependencies met, its begin time reached). */
  eligibleTime: Date | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Allocated nodes in allocation order, which `gresDetail` follows. */
  nodes: string[];
  gresDetail: string[];
  nodeCount: number | null;
  tasks: number | null;
  tresPerJob: string;
  tresPerNode: string;
  tresPerTask: string;
  tresAllocStr: string;
  tresReqStr: string;
}

const object = (value: unknown): Raw =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A number as either shape writes it: plain, or { set, infinite, number }; null when unset or infinite. */
export function noVal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value && typeof value === 'object') {
    const wrapped = value as { set?: unknown; infinite?: unknown; number?: unknown };
    if (wrapped.set === false || wrapped.infinite === true) return null;
    return typeof wrapped.number === 'number' ? wrapped.number : null;
  }
  return null;
}

/** Seconds since the epoch as a date; 0 is Slurm's "never". */
function time(value: unknown): Date | null {
  const seconds = noVal(value);
  return seconds ? new Date(seconds * 1000) : null;
}

/** A list either shape writes: an array of strings, or one comma-separated string. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return text(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function states(value: unknown, flags?: unknown): string[] {
  const words = [...list(value), ...list(flags)].map((word) => word.toUpperCase());
  return [...new Set(words)];
}

export function readNode(raw: unknown): SlurmNode | null {
  const node = object(raw);
  const name = text(node.name);
  if (!name) return null;
  return {
    name,
    state: states(node.state, node.state_flags),
    reason: text(node.reason) || null,
    reasonSetBy: text(node.reason_set_by_user) || null,
    reasonChangedAt: time(node.reason_changed_at),
    gres: text(node.gres),
    partitions: list(node.partitions),
    features: list(node.features),
    bootTime: time(node.boot_time),
  };
}

/** Exit code and signal: v0.0.38's wait status (code << 8 | signal), or the verbose object of later versions. */
function exit(value: unknown): { code: number | null; signal: number | null } {
  if (typeof value === 'number') {
    return { code: (value >> 8) & 0xff, signal: value & 0x7f || null };
  }
  const verbose = object(value);
  const signal = noVal(object(verbose.signal).id);
  return { code: noVal(verbose.return_code), signal: signal || null };
}

/** Allocated node names in allocation order: job_resources as each version writes it, else the host list. */
function allocatedNodes(job: Raw): string[] {
  const resources = object(job.job_resources);
  const nodes = resources.nodes;
  const entries = Array.isArray(resources.allocated_nodes)
    ? resources.allocated_nodes.map((entry) => text(object(entry).nodename))
    : Array.isArray(object(nodes).allocation)
      ? (object(nodes).allocation as unknown[]).map((entry) => text(object(entry).name))
      : [];
  const named = entries.filter(Boolean);
  return named.length ? named : expandHostlist(text(job.nodes));
}

export function readJob(raw: unknown): SlurmJob | null {
  const job = object(raw);
  const jobId = noVal(job.job_id);
  if (jobId === null) return null;
  const { code, signal } = exit(job.exit_code);
  const arrayJobId = noVal(job.array_job_id);
  const hetJobId = noVal(job.het_job_id);
  return {
    jobId,
    arrayJobId: arrayJobId || null,
    arrayTaskId: arrayJobId ? noVal(job.array_task_id) : null,
    arrayTaskString: text(job.array_task_string),
    hetJobId: hetJobId || null,
    hetJobOffset: hetJobId ? noVal(job.het_job_offset) : null,
    name: text(job.name),
    user: text(job.user_name) || null,
    account: text(job.account),
    comment: text(job.comment),
    wckey: text(job.wckey).replace(/^\*/, ''),
    partition: text(job.partition),
    state: states(job.job_state),
    stateReason: text(job.state_reason),
    stateDescription: text(job.state_description),
    exitCode: code,
    exitSignal: signal,
    restarts: noVal(job.restart_cnt) ?? 0,
    requeueAllowed: job.requeue !== false,
    submitTime: time(job.submit_time),
    eligibleTime: time(job.eligible_time),
    startTime: time(job.start_time),
    endTime: time(job.end_time),
    nodes: allocatedNodes(job),
    gresDetail: list(job.gres_detail),
    nodeCount: noVal(job.node_count),
    tasks: noVal(job.tasks),
    tresPerJob: text(job.tres_per_job),
    tresPerNode: text(job.tres_per_node),
    tresPerTask: text(job.tres_per_task),
    tresAllocStr: text(job.tres_alloc_str),
    tresReqStr: text(job.tres_req_str),
  };
}

const items = (body: Raw, key: string) => (Array.isArray(body[key]) ? (body[key] as unknown[]) : []);

export const readNodes = (body: Raw): SlurmNode[] => items(body, 'nodes').flatMap((raw) => readNode(raw) ?? []);

export const readJobs = (body: Raw): SlurmJob[] => items(body, 'jobs').flatMap((raw) => readJob(raw) ?? []);
