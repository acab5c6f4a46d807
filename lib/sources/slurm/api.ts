// The slurmrestd operations the console uses, in each version's own paths and bodies, answered in one shape.
import { SourceError } from '@/lib/sources/types';
import type { SlurmClient, SlurmOutcome } from './client';
import type { SlurmApiVersion } from './versions';
import { readJobs, readNodes, type SlurmJob, type SlurmNode } from './read';

export const ESLURM_INVALID_JOB_ID = 2017;
export const ESLURM_INVALID_NODE_NAME = 2018;

async function read(client: SlurmClient, what: string, path: Parameters<SlurmClient['call']>[1]) {
  const outcome = await client.call('GET', path);
  if (!outcome.ok) throw new SourceError(`Slurm: reading ${what} from slurmrestd: ${outcome.message}`, outcome.reason);
  return outcome.body;
}

export async function getNodes(client: SlurmClient): Promise<SlurmNode[]> {
  return readNodes(await read(client, 'nodes', (v) => v.paths.nodes));
}

export async function getJobs(client: SlurmClient): Promise<SlurmJob[]> {
  return readJobs(await read(client, 'jobs', (v) => v.paths.jobs));
}

/** One node; null when slurmctld does not know it. */
export async function getNode(client: SlurmClient, name: string): Promise<SlurmNode | null> {
  const outcome = await client.call('GET', (v) => v.paths.node(name));
  if (!outcome.ok && (outcome.status === 404 || outcome.slurmErrors.includes(ESLURM_INVALID_NODE_NAME))) return null;
  if (!outcome.ok) throw new SourceError(`Slurm: reading node ${name}: ${outcome.message}`, outcome.reason);
  return readNodes(outcome.body)[0] ?? null;
}

/** One job by its Slurm id (`1234`, `1234_7`, `1234+1`); null when slurmctld no longer knows it. */
export async function getJob(client: SlurmClient, id: string): Promise<SlurmJob | null> {
  const outcome = await client.call('GET', (v) => v.paths.job(id));
  if (!outcome.ok && (outcome.status === 404 || outcome.slurmErrors.includes(ESLURM_INVALID_JOB_ID))) return null;
  if (!outcome.ok) throw new SourceError(`Slurm: reading job ${id}: ${outcome.message}`, outcome.reason);
  return readJobs(outcome.body)[0] ?? null;
}

/** Cancels a job (every step, the batch script too: KILL_FULL_JOB is slurmrestd's default). */
export function cancelJob(client: SlurmClient, id: string): Promise<SlurmOutcome> {
  return client.call('DELETE', (v) => v.paths.job(id));
}

/** Lets a pending job start at once, undoing the wait Slurm puts on a requeued job (AuthInfo cred_expire). */
/**
 * How long after "now" a requeued job may start. slurmd refuses a launch credential made in the same second as the
 * revocation of the job's previous one ("Job credential revoked") and the job then fails; Slurm's own requeue delay
 * exists for this. Two seconds on is past that second, and still at once for anyone waiting.
 */
export const START_MARGIN_SECONDS = 2;

export async function startNow(client: SlurmClient, id: string): Promise<SlurmOutcome> {
  const at = Math.floor(Date.now() / 1000) + START_MARGIN_SECONDS;
  // v0.0.38 parses begin_time as a time string only; later versions take { set, number } seconds.
  const body = (version: SlurmApiVersion) =>
    version.minor === 38
      ? { begin_time: `now+${START_MARGIN_SECONDS}` }
      : { begin_time: { set: true, infinite: false, number: at } };
  return client.call('POST', (v) => v.paths.job(id), body);
}

/** Requeues a job through slurmrestd, where the version has an endpoint for it (v0.0.45 and later). */
export function requeueJob(client: SlurmClient, id: string): Promise<SlurmOutcome> {
  return client.call('GET', (v) => v.paths.requeue?.(id) ?? '');
}

/** Sets a node DRAIN (with its reason) or RESUME, on versions with a node update (v0.0.40 and later). */
export function updateNodeState(
  client: SlurmClient,
  name: string,
  state: 'DRAIN' | 'RESUME',
  reason?: string,
): Promise<SlurmOutcome> {
  return client.call(
    'POST',
    (v) => v.paths.node(name),
    state === 'DRAIN' ? { state: [state], reason } : { state: [state] },
  );
}
