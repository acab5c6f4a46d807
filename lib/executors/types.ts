// What every executor (simulator, Kubernetes, Slurm) can be asked to do. An operation a backend cannot do answers
// `{ ok: false, message }` saying what to do instead; executors never throw for that, nor for an API's refusal.
export interface ExecutorResult {
  ok: boolean;
  message: string;
}

export interface Executor {
  readonly name: 'simulator' | 'kubernetes' | 'slurm';
  restartJob(job: { externalId: string; name: string }): Promise<ExecutorResult>;
  cancelJob(job: { externalId: string; name: string }): Promise<ExecutorResult>;
  cordonNode(hostname: string, reason: string): Promise<ExecutorResult>;
  uncordonNode(hostname: string): Promise<ExecutorResult>;
  drainNode(hostname: string, reason: string): Promise<ExecutorResult>;
  rebootNode(hostname: string, reason: string): Promise<ExecutorResult>;
  replaceNode(hostname: string, reason: string): Promise<ExecutorResult>;
  scalePool(pool: string, nodes: number): Promise<ExecutorResult>;
  scaleService(service: { externalId: string; name: string }, replicas: number): Promise<ExecutorResult>;
}

export const succeeded = (message: string): ExecutorResult => ({ ok: true, message });
export const failed = (message: string): ExecutorResult => ({ ok: false, message });

/** The answer for an operation a backend has no API for, with what an operator can do instead. */
export function unsupported(operation: string, executor: string, instead: string): ExecutorResult {
  return failed(`${operation} is not supported by the ${executor} executor: ${instead}`);
}
