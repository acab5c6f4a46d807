// How the console reaches one Slurm cluster: one object, built from the environment here (or, for several
// clusters, from a file), shared by the Slurm source and the Slurm executor.
import { parseEnv, type Env } from '@/lib/env';
import type { PricingClass } from '@/lib/domain/enums';
import { isSupportedVersion, SLURM_API_VERSIONS, type SlurmApiVersionName } from './versions';

export type SlurmControl = 'none' | 'scontrol';

export interface SlurmConfig {
  /** slurmrestd's base URL, without a trailing slash. */
  url: string;
  /** Sent as X-SLURM-USER-NAME. */
  user: string;
  /** The JWT itself, or the file that holds it (read at each request, so a renewed token is picked up). */
  token: { value: string } | { file: string };
  /** The API version to speak; null: the newest one slurmrestd serves that the console speaks. */
  apiVersion: SlurmApiVersionName | null;
  timeoutMs: number;
  clusterName: string;
  /** The pricing class of nodes whose features do not name one (spot, reserved, on_demand). */
  pricingClass: PricingClass;
  /** `scontrol`: what slurmrestd cannot do (requeue before v0.0.45, node updates on v0.0.38, reboot) is done by
   * running scontrol on the worker's host, an operator's explicit choice. `none`: such actions are refused. */
  control: SlurmControl;
  /** The slurm.conf scontrol reads; null: its default. */
  slurmConf: string | null;
}

export class SlurmConfigError extends Error {}

type SlurmEnv = Pick<
  Env,
  | 'SLURM_REST_URL'
  | 'SLURM_USER'
  | 'SLURM_TOKEN'
  | 'SLURM_TOKEN_FILE'
  | 'SLURM_API_VERSION'
  | 'SLURM_REQUEST_TIMEOUT_SECONDS'
  | 'SLURM_CLUSTER_NAME'
  | 'SLURM_PRICING_CLASS'
  | 'SLURM_CONTROL'
  | 'SLURM_CONF'
>;

export function slurmConfig(env: SlurmEnv): SlurmConfig {
  const missing = (['SLURM_REST_URL', 'SLURM_USER'] as const).filter((key) => !env[key]);
  if (!env.SLURM_TOKEN && !env.SLURM_TOKEN_FILE) missing.push('SLURM_TOKEN' as never);
  if (missing.length) throw new SlurmConfigError(`Slurm is not configured: set ${missing.join(', ')}`);
  const version = env.SLURM_API_VERSION ?? null;
  if (version !== null && !isSupportedVersion(version)) {
    throw new SlurmConfigError(
      `SLURM_API_VERSION=${version} is not spoken by the console; it speaks ${[...SLURM_API_VERSIONS].reverse().join(', ')} (leave it unset to use the newest one slurmrestd serves)`,
    );
  }
  return {
    url: env.SLURM_REST_URL!.replace(/\/+$/, ''),
    user: env.SLURM_USER!,
    token: env.SLURM_TOKEN ? { value: env.SLURM_TOKEN } : { file: env.SLURM_TOKEN_FILE! },
    apiVersion: version,
    timeoutMs: env.SLURM_REQUEST_TIMEOUT_SECONDS * 1000,
    clusterName: env.SLURM_CLUSTER_NAME,
    pricingClass: env.SLURM_PRICING_CLASS,
    control: env.SLURM_CONTROL,
    slurmConf: env.SLURM_CONF ?? null,
  };
}

/** The Slurm settings of an environment (process.env unless given), checked as the console checks them at start. */
export function slurmConfigFromEnv(source: Record<string, string | undefined> = process.env): SlurmConfig {
  return slurmConfig(parseEnv(source));
}
