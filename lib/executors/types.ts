// What every executor (simulator, Kubernetes, Slurm) can be asked to do. An operation a backend cannot do answers
// `{ ok: false, message }` saying what to do instead; executors never throw for that, nor for an API's refusal.
import type { SchedulerKind } from '@/lib/domain/enums';

export interface ExecutorResult {
  ok: boolean;
  message: string;
}

/**
 * How one call is made. `key` identifies the operation across retries: an executor that queues work (the
 * simulator's) queues it once per key, so a retried call never acts twice.
 */
export interface ExecutorCall {
  key?: string;
}

export interface Executor {
  readonly name: SchedulerKind;
  restartJob(job: { externalId: string; name: string }, call?: ExecutorCall): Promise<ExecutorResult>;
  cancelJob(job: { externalId: string; name: string }, call?: ExecutorCall): Promise<ExecutorResult>;
  cordonNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult>;
  uncordonNode(hostname: string, call?: ExecutorCall): Promise<ExecutorResult>;
  drainNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult>;
  rebootNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult>;
  replaceNode(hostname: string, reason: string, call?: ExecutorCall): Promise<ExecutorResult>;
  scalePool(pool: string, nodes: number, call?: ExecutorCall): Promise<ExecutorResult>;
  scaleService(
    service: { externalId: string; name: string },
    replicas: number,
    call?: ExecutorCall,
  ): Promise<ExecutorResult>;
}

export const succeeded = (message: string): ExecutorResult => ({ ok: true, message });
export const failed = (message: string): ExecutorResult => ({ ok: false, message });

/** The answer for an operation a backend has no API for, with what an operator can do instead. */
export function unsupported(operation: string, executor: string, instead: string): ExecutorResult {
  return failed(`${operation} is not supported by the ${executor} executor: ${instead}`);
}
