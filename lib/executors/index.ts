// The executor the worker carries actions out with (FLEET_EXECUTOR): the simulator by default when the simulator
// is the source, Kubernetes or Slurm for a real cluster, or none, where every action is refused with what to set.
import type { Pool } from 'pg';
import type { SchedulerKind } from '@/lib/domain/enums';
import { kubernetesConfigFromEnv } from '@/lib/sources/kubernetes/config';
import { KubernetesExecutor } from './kubernetes';
import { SimulatorExecutor } from './simulator';
import { slurmConfigFromEnv } from '@/lib/sources/slurm/config';
import { SlurmExecutor } from './slurm';
import { failed, type Executor, type ExecutorResult } from './types';

export type ExecutorName = SchedulerKind | 'none';

const NOT_CONFIGURED =
  'No executor is configured, so the console cannot change the cluster: set FLEET_EXECUTOR to kubernetes or slurm';

/** Answers every operation with what to configure; the action fails with that message on its page. */
class NoExecutor implements Executor {
  readonly name = 'simulator' as const;
  private refuse = async (): Promise<ExecutorResult> => failed(NOT_CONFIGURED);
  restartJob = this.refuse;
  cancelJob = this.refuse;
  cordonNode = this.refuse;
  uncordonNode = this.refuse;
  drainNode = this.refuse;
  rebootNode = this.refuse;
  replaceNode = this.refuse;
  scalePool = this.refuse;
  scaleService = this.refuse;
}

export function createExecutor(
  name: ExecutorName,
  pool: Pool,
  source: Record<string, string | undefined> = process.env,
  options: { simulatedCluster?: string } = {},
): Executor {
  switch (name) {
    case 'simulator':
      return new SimulatorExecutor(pool, { cluster: options.simulatedCluster });
    case 'kubernetes':
      return KubernetesExecutor.fromConfig(kubernetesConfigFromEnv(source));
    case 'slurm':
      return new SlurmExecutor(slurmConfigFromEnv(source));
    case 'none':
      return new NoExecutor();
  }
}
