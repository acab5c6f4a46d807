// How the console reaches slurmrestd, parsed from the environment.
import { z } from 'zod';

const API_VERSION = /^v0\.0\.(\d+)$/;

const envSchema = z.object({
  SLURM_REST_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) URL slurmrestd listens on' }),
  SLURM_USER: z.string().min(1),
  /** A JWT from `scontrol token` (or the site's token service), sent as X-SLURM-USER-TOKEN. */
  SLURM_TOKEN: z.string().min(1),
  // The OpenAPI data parser version in every path. v0.0.40 is the oldest with the node update body used here.
  SLURM_API_VERSION: z
    .string()
    .regex(API_VERSION, 'must look like v0.0.41')
    .refine((value) => Number(API_VERSION.exec(value)?.[1]) >= 40, 'must be v0.0.40 or newer')
    .default('v0.0.41'),
  SLURM_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
});

export const slurmEnvSchema = envSchema;

export interface SlurmConfig {
  url: string;
  user: string;
  token: string;
  apiVersion: string;
  timeoutMs: number;
}

export class SlurmConfigError extends Error {}

export function slurmConfigFromEnv(source: Record<string, string | undefined> = process.env): SlurmConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new SlurmConfigError(`Invalid Slurm settings:\n${lines.join('\n')}`);
  }
  const env = result.data;
  return {
    url: env.SLURM_REST_URL.replace(/\/+$/, ''),
    user: env.SLURM_USER,
    token: env.SLURM_TOKEN,
    apiVersion: env.SLURM_API_VERSION,
    timeoutMs: env.SLURM_REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

/** The minor number of a version such as v0.0.41, for choosing between endpoints that differ across versions. */
export function apiMinor(apiVersion: string): number {
  return Number(API_VERSION.exec(apiVersion)?.[1] ?? 0);
}
