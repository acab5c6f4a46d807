// The environment, parsed once: a bad variable stops the process at start with a message that names it. Every
// variable the console reads is here; docs/configuration.md's table is written from this schema and
// lib/env-docs.ts (`npm run docs:config`), and a test fails when the two disagree.
import cronParser from 'cron-parser';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { PRICING_CLASSES, ROLES, SCHEDULER_KINDS, type Role } from './domain/enums';
import { parseProgressMetrics } from './progress-metrics';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a URL like postgresql://user:password@host:5432/database');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as http://prometheus:9090 (for Thanos, Mimir or VictoriaMetrics, their Prometheus API base)')
  .refine((value) => {
    try {
      const url = new URL(value);
      return !url.username && !url.password;
    } catch {
      return true;
    }
  }, 'must not hold credentials: set PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD, or PROMETHEUS_BEARER_TOKEN');

/** Five cron fields, read by the parser pg-boss schedules with, so that what starts here also runs there. */
const cronSchedule = z
  .string()
  .trim()
  .refine((value) => {
    if (value.split(/\s+/).length !== 5) return false;
    try {
      cronParser.parseExpression(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a cron expression of five fields, like 0 8 * * 1 (Mondays at 08:00)');

/** A comma-separated list of address ranges such as 10.20.0.0/16, fd12::/48 or 127.0.0.1/32. */
const cidrList = z
  .string()
  .default('')
  .transform((text, context) => {
    const cidrs = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    for (const cidr of cidrs) {
      if (!ipaddr.isValidCIDR(cidr)) {
        context.addIssue({ code: 'custom', message: `"${cidr}" is not an address range such as 10.20.0.0/16` });
      }
    }
    return cidrs;
  });

/** "gpu-admins=admin, ml-oncall=operator": identity-provider groups and the role each gives. */
const roleMap = z
  .string()
  .default('')
  .transform((text, context) => {
    const map: Record<string, Role> = {};
    for (const pair of text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const at = pair.lastIndexOf('=');
      const group = pair.slice(0, at).trim();
      const role = pair.slice(at + 1).trim();
      if (at < 1 || !group || !ROLES.includes(role as Role)) {
        context.addIssue({ code: 'custom', message: `"${pair}" is not group=role (role: viewer, operator or admin)` });
      } else map[group] = role as Role;
    }
    return map;
  });

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  FLEET_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Unset: the web server listens on every address, the simulator's exporter on this machine's only.
  FLEET_HOST: z.string().trim().min(1).optional(),
  FLEET_DATA_DIR: z.string().default('.data'),
  // Further sources join this list as they are built.
  FLEET_SOURCE: z.enum(['simulator', 'prometheus', 'kubernetes', 'slurm']).default('simulator'),
  // Several clusters in one console: a YAML file giving each cluster its source, executor and credentials.
  FLEET_CLUSTERS_FILE: z.string().trim().min(1).optional(),
  // What carries actions out; unset: the source's own scheduler's (simulator, Kubernetes, Slurm), none for Prometheus.
  FLEET_EXECUTOR: z.enum([...SCHEDULER_KINDS, 'none']).optional(),
  FLEET_SIM_SEED: z.coerce.number().int().default(42),
  // For tests and demos: the simulated cluster runs as if first started at this instant's time of day, so it is the
  // same cluster whatever the hour.
  FLEET_SIM_START_AT: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 time like 2026-11-25T10:12:00Z' })
    .transform((text) => new Date(text))
    .optional(),
  FLEET_SIM_NODES: positiveInt(128),
  // Times the published interruption rate the simulator runs at (DOMAIN.md, "The simulator"): 1 is the rate itself.
  FLEET_SIM_FAULT_SCALE: z.coerce.number().min(0).max(1000).default(10),
  FLEET_SIM_EXPORTER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PROMETHEUS_URL: httpUrl.optional(),
  PROMETHEUS_BEARER_TOKEN: z.string().optional(),
  PROMETHEUS_USERNAME: z.string().optional(),
  PROMETHEUS_PASSWORD: z.string().optional(),
  PROMETHEUS_STEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  PROMETHEUS_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(10),
  PROMETHEUS_READ_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  PROMETHEUS_PRICING_CLASS: z.enum(PRICING_CLASSES).default('on_demand'),
  PROMETHEUS_CLUSTER_NAME: z.string().trim().min(1).max(100).default('gpu-cluster'),
  // slurmrestd, for FLEET_SOURCE=slurm and FLEET_EXECUTOR=slurm (docs/slurm.md).
  SLURM_REST_URL: z
    .url({ protocol: /^https?$/, error: 'must be the http(s) URL slurmrestd listens on, e.g. http://slurm-head:6820' })
    .optional(),
  SLURM_USER: z.string().trim().min(1).optional(),
  // A JWT from `scontrol token`, or a file holding one (read at each request, so a renewed token is picked up).
  SLURM_TOKEN: z.string().trim().min(1).optional(),
  SLURM_TOKEN_FILE: z.string().trim().min(1).optional(),
  // Unset: the newest version slurmrestd serves that the console speaks.
  SLURM_API_VERSION: z
    .string()
    .regex(/^v0\.0\.\d+$/, 'must look like v0.0.41 (the console speaks v0.0.38 and v0.0.40 to v0.0.45)')
    .optional(),
  SLURM_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  SLURM_CLUSTER_NAME: z.string().trim().min(1).max(100).default('slurm'),
  SLURM_PRICING_CLASS: z.enum(PRICING_CLASSES).default('on_demand'),
  // scontrol: acts the slurmrestd version in use has no endpoint for run `scontrol` on the worker's host.
  SLURM_CONTROL: z.enum(['none', 'scontrol']).default('none'),
  // The slurm.conf scontrol reads; unset: scontrol's own default (/etc/slurm/slurm.conf, or configless).
  SLURM_CONF: z.string().trim().min(1).optional(),
  // The Kubernetes API server (FLEET_SOURCE=kubernetes, FLEET_EXECUTOR=kubernetes); first match wins: URL, kubeconfig,
  // the pod's service account.
  KUBERNETES_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL of the API server, such as https://10.0.0.1:6443' })
    .optional(),
  KUBERNETES_TOKEN: z.string().min(1).optional(),
  KUBERNETES_CA_FILE: z.string().min(1).optional(),
  KUBERNETES_INSECURE_SKIP_TLS_VERIFY: z.stringbool({ error: 'must be true or false' }).default(false),
  KUBECONFIG: z.string().min(1).optional(),
  KUBERNETES_CONTEXT: z.string().min(1).optional(),
  KUBERNETES_CLUSTER_NAME: z.string().trim().min(1).max(100).default('kubernetes'),
  KUBERNETES_DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  KUBERNETES_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  // Set by the kubelet in every pod; its presence means the in-cluster service account can be used.
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  // Training progress from Prometheus (lib/sources/progress.ts): a JSON list of {kinds, step, jobLabel, tokensPerSecond}.
  FLEET_PROGRESS_METRICS: z
    .string()
    .optional()
    .superRefine((text, ctx) => {
      try {
        parseProgressMetrics(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  FLEET_TICK_SECONDS: positiveInt(15),
  FLEET_BACKFILL_DAYS: z.coerce.number().int().min(0).max(90).default(30),
  FLEET_BACKFILL_SAMPLE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(6),
  FLEET_BACKFILL_RECOVERY_DAYS: z.coerce.number().int().min(0).max(90).default(2),
  FLEET_SAMPLE_RETENTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  FLEET_STALE_AFTER_SECONDS: positiveInt(120),
  FLEET_REFRESH_SECONDS: positiveInt(15),
  FLEET_ORG_TIMEZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin')
    .default('UTC'),
  FLEET_CURRENCY: z.string().length(3).default('USD'),
  FLEET_DEMO_PASSWORD_VIEWER: z.string().min(8).optional(),
  FLEET_DEMO_PASSWORD_OPERATOR: z.string().min(8).optional(),
  FLEET_DEMO_PASSWORD_ADMIN: z.string().min(8).optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.url().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('Single sign-on'),
  // 'none' admits nobody whose groups the role map does not name.
  OIDC_DEFAULT_ROLE: z.enum([...ROLES, 'none']).default('viewer'),
  // The identity provider's claim that lists a person's groups, and which group gives which role.
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default('groups'),
  OIDC_ROLE_MAP: roleMap,
  // Proxies in front of the console that append to X-Forwarded-For: the client is that many entries from the right.
  FLEET_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  // The weekly cost report: when the worker sends it (cron, in the organisation's time zone).
  FLEET_REPORT_SCHEDULE: cronSchedule.default('0 8 * * 1'),
  // Email channels send through this SMTP server: smtp://user:password@host:587 (smtps:// for TLS).
  FLEET_SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be a URL like smtp://user:password@mail.example.com:587' })
    .optional(),
  FLEET_SMTP_FROM: z.string().min(3).default('Fleet Console <fleet-console@localhost>'),
  // Alertmanager's webhook sends it as `Authorization: Bearer …`; without it the receiver is off.
  FLEET_ALERTMANAGER_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  // Address ranges channels may reach although they are private or loopback (in-house receivers): CIDRs.
  FLEET_CHANNEL_ALLOWED_CIDRS: cidrList,
});

/** Settings that depend on one another, checked once each alone is valid. */
const checkedSchema = schema.superRefine((env, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (env.FLEET_SOURCE === 'prometheus' && !env.PROMETHEUS_URL) {
    issue('PROMETHEUS_URL', 'is required when FLEET_SOURCE=prometheus, e.g. http://prometheus:9090');
  }
  if (env.FLEET_SOURCE === 'slurm' || env.FLEET_EXECUTOR === 'slurm') {
    const why = env.FLEET_SOURCE === 'slurm' ? 'FLEET_SOURCE=slurm' : 'FLEET_EXECUTOR=slurm';
    if (!env.SLURM_REST_URL) issue('SLURM_REST_URL', `is required with ${why}, e.g. http://slurm-head:6820`);
    if (!env.SLURM_USER) issue('SLURM_USER', `is required with ${why}: the user slurmrestd acts as`);
    if (!env.SLURM_TOKEN && !env.SLURM_TOKEN_FILE) {
      issue('SLURM_TOKEN', `or SLURM_TOKEN_FILE is required with ${why}: a JWT from \`scontrol token\``);
    }
  }
  if (env.SLURM_TOKEN && env.SLURM_TOKEN_FILE)
    issue('SLURM_TOKEN', 'set either SLURM_TOKEN or SLURM_TOKEN_FILE, not both');
  if (env.FLEET_SOURCE === 'kubernetes' && !env.PROMETHEUS_URL) {
    issue(
      'PROMETHEUS_URL',
      'is required when FLEET_SOURCE=kubernetes: GPU readings come from dcgm-exporter through Prometheus, e.g. http://prometheus:9090',
    );
  }
  const kubernetes = env.FLEET_SOURCE === 'kubernetes' || env.FLEET_EXECUTOR === 'kubernetes';
  if (kubernetes && !env.KUBERNETES_API_URL && !env.KUBECONFIG && !env.KUBERNETES_SERVICE_HOST) {
    issue(
      'KUBERNETES_API_URL',
      'is required to reach the Kubernetes API: set KUBERNETES_API_URL (and KUBERNETES_TOKEN), or KUBECONFIG, or run the console in the cluster',
    );
  }
  const basic = env.PROMETHEUS_USERNAME !== undefined || env.PROMETHEUS_PASSWORD !== undefined;
  if (env.PROMETHEUS_BEARER_TOKEN && basic) {
    issue('PROMETHEUS_BEARER_TOKEN', 'set either a bearer token or PROMETHEUS_USERNAME/PROMETHEUS_PASSWORD, not both');
  }
  if (env.PROMETHEUS_USERNAME !== undefined && env.PROMETHEUS_PASSWORD === undefined) {
    issue('PROMETHEUS_PASSWORD', 'is required with PROMETHEUS_USERNAME');
  }
  if (env.PROMETHEUS_PASSWORD !== undefined && env.PROMETHEUS_USERNAME === undefined) {
    issue('PROMETHEUS_USERNAME', 'is required with PROMETHEUS_PASSWORD');
  }
});

export type Env = z.infer<typeof schema>;
export type EnvVariable = keyof Env;

/** Each variable's default, or undefined where it has none: what the configuration table says. */
export function envDefault(variable: EnvVariable): unknown {
  const field = schema.shape[variable];
  return field instanceof z.ZodDefault ? field.def.defaultValue : undefined;
}

export const ENV_VARIABLES = Object.keys(schema.shape) as EnvVariable[];

/** The address the web server listens on. */
export const webHost = (config: Pick<Env, 'FLEET_HOST'>) => config.FLEET_HOST ?? '0.0.0.0';
/** The address the simulator's exporter listens on: a scrape target is a local service unless FLEET_HOST says. */
export const exporterHost = (config: Pick<Env, 'FLEET_HOST'>) => config.FLEET_HOST ?? '127.0.0.1';

/** FLEET_EXECUTOR, else the executor of the source's own scheduler (the simulator's, Kubernetes, Slurm), else none. */
export function executorName(config: Pick<Env, 'FLEET_EXECUTOR' | 'FLEET_SOURCE'>) {
  if (config.FLEET_EXECUTOR) return config.FLEET_EXECUTOR;
  if (config.FLEET_SOURCE !== 'prometheus') return config.FLEET_SOURCE;
  return 'none';
}

export class EnvError extends Error {}

let cached: Env | undefined;

/** A variable that does not hold what it must, and why. */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** Parses the variables, answering every problem rather than throwing. */
export function safeParseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; issues: EnvIssue[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = checkedSchema.safeParse(cleaned);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ variable: issue.path.join('.'), message: issue.message })),
  };
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = safeParseEnv(source);
  if (!result.ok) {
    const lines = result.issues.map((issue) => `  ${issue.variable}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.env;
}

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new EnvError('DATABASE_URL is not set. Start the console with `npm start`, which provides one.');
  return url;
}
