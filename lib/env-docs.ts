// What each environment variable does, in the words of docs/configuration.md's table. A variable added to the
// schema in lib/env.ts without a line here fails the type check; `npm run docs:config` writes the table.
import { envDefault, ENV_VARIABLES, type EnvVariable } from './env';

interface EnvDoc {
  /** What it does, in a phrase (markdown). */
  about: string;
  /** The default in words, where the schema has none or its value alone would mislead. */
  fallback?: string;
}

export const ENV_DOCS: Record<EnvVariable, EnvDoc> = {
  DATABASE_URL: {
    about: '`postgresql://user:password@host:5432/db` of your own PostgreSQL',
    fallback: 'unset: embedded PostgreSQL',
  },
  FLEET_DB_POOL: { about: 'database connections each process (web, worker) keeps open at most' },
  PORT: { about: "the web server's port" },
  FLEET_HOST: {
    about: "the address the web server (and the simulator's exporter) listens on; `127.0.0.1` keeps it to this machine",
    fallback: "`0.0.0.0` for the web server, `127.0.0.1` for the simulator's exporter",
  },
  FLEET_DATA_DIR: { about: 'where the embedded database and the session secret live' },
  FLEET_SOURCE: { about: 'where the data comes from ([guide.md](guide.md#data-sources))' },
  FLEET_CLUSTERS_FILE: {
    about:
      'a YAML file naming several clusters, each with its own source, executor and credentials ([connecting-a-cluster.md](connecting-a-cluster.md#several-clusters-in-one-console))',
    fallback: 'unset: the environment describes one cluster',
  },
  FLEET_EXECUTOR: {
    about:
      'what carries out actions: `simulator`, `kubernetes`, `slurm`, or `none` (every action is refused with what to set)',
    fallback: "the source's own scheduler's (`simulator`, `kubernetes`, `slurm`); `none` with `prometheus`",
  },
  FLEET_SIM_SEED: { about: "the simulator's seed: the same seed gives the same cluster and history" },
  FLEET_SIM_NODES: { about: 'nodes in the simulated cluster (8 GPUs each)' },
  FLEET_SIM_FAULT_SCALE: {
    about:
      "times the published rate of unexpected interruptions the simulator runs at (one per 50,700 GPU-hours, Llama 3's; [DOMAIN.md](DOMAIN.md#the-simulator)): `1` is the rate itself, the demo's `10` shows a few a day on 1,024 GPUs",
  },
  FLEET_SIM_EXPORTER_PORT: {
    about:
      'serves the simulated GPUs on `/metrics` of this port, as dcgm-exporter does ([connecting-a-cluster.md](connecting-a-cluster.md))',
  },
  PROMETHEUS_URL: {
    about:
      'the base of the Prometheus HTTP API: required with `FLEET_SOURCE=prometheus` and `kubernetes`; with `slurm`, the GPU readings (without it, Slurm alone)',
  },
  PROMETHEUS_BEARER_TOKEN: { about: 'a token sent as `Authorization: Bearer …`' },
  PROMETHEUS_USERNAME: { about: 'basic auth instead of a token, with `PROMETHEUS_PASSWORD`' },
  PROMETHEUS_PASSWORD: { about: 'basic auth instead of a token, with `PROMETHEUS_USERNAME`' },
  PROMETHEUS_STEP_SECONDS: {
    about: 'how often Prometheus scrapes dcgm-exporter: the read window, and the wait before a read',
  },
  PROMETHEUS_TIMEOUT_SECONDS: { about: 'a query that takes longer fails, and the data shows as stale' },
  PROMETHEUS_READ_DELAY_SECONDS: {
    about:
      'seconds after a minute ends before it is read (unset: the step + 10, 30 at least); raise it for stores fed by remote write',
  },
  PROMETHEUS_PRICING_CLASS: {
    about: 'pricing class of the pools named after GPU models: `on_demand`, `reserved` or `spot`',
  },
  PROMETHEUS_CLUSTER_NAME: { about: "the cluster's name in the console" },
  FLEET_PROGRESS_METRICS: {
    about:
      'where training jobs report their step, for the stall rule and the ledger: a JSON list ([below](#training-progress))',
  },
  SLURM_REST_URL: {
    about: "slurmrestd's URL, for `FLEET_SOURCE=slurm` or `FLEET_EXECUTOR=slurm` (required then; [slurm.md](slurm.md))",
  },
  SLURM_USER: { about: 'the user slurmrestd is called as (`X-SLURM-USER-NAME`)' },
  SLURM_TOKEN: { about: 'a JWT from `scontrol token` (`X-SLURM-USER-TOKEN`)' },
  SLURM_TOKEN_FILE: { about: 'instead of `SLURM_TOKEN`: a file holding the JWT, read at each request' },
  SLURM_API_VERSION: {
    about: 'the slurmrestd OpenAPI version to speak: `v0.0.38`, or `v0.0.40` to `v0.0.45`',
    fallback: 'unset: the newest slurmrestd serves',
  },
  SLURM_REQUEST_TIMEOUT_SECONDS: { about: 'how long a call to slurmrestd (or to scontrol) may take' },
  SLURM_CLUSTER_NAME: { about: "the cluster's name in the console" },
  SLURM_PRICING_CLASS: { about: 'pricing class of nodes whose features name none: `on_demand`, `reserved` or `spot`' },
  SLURM_CONTROL: {
    about:
      "`scontrol`: what the slurmrestd version has no endpoint for (requeue before `v0.0.45`, drain and resume on `v0.0.38`, reboot) runs `scontrol` on the worker's host; `none` refuses it, naming the command",
  },
  SLURM_CONF: { about: 'the `slurm.conf` that `scontrol` reads', fallback: "unset: scontrol's own" },
  KUBERNETES_API_URL: {
    about:
      'the Kubernetes API server, for `FLEET_SOURCE=kubernetes` or `FLEET_EXECUTOR=kubernetes` ([connecting-a-cluster.md](connecting-a-cluster.md#kubernetes-with-prometheus))',
  },
  KUBERNETES_TOKEN: { about: 'a service-account token for `KUBERNETES_API_URL`' },
  KUBERNETES_CA_FILE: {
    about: "the CA bundle that signed the API server's certificate",
    fallback: "the system's CAs",
  },
  KUBERNETES_INSECURE_SKIP_TLS_VERIFY: {
    about: "`true` skips checking the API server's certificate (test clusters only)",
  },
  KUBECONFIG: { about: 'a kubeconfig file, used when `KUBERNETES_API_URL` is unset' },
  KUBERNETES_CONTEXT: { about: 'the context of that kubeconfig', fallback: 'its current context' },
  KUBERNETES_CLUSTER_NAME: { about: "the cluster's name in the console" },
  KUBERNETES_DRAIN_TIMEOUT_SECONDS: {
    about: 'how long a drain waits for disruption budgets to allow each eviction and for the pods to leave',
  },
  KUBERNETES_TIMEOUT_SECONDS: { about: 'how long one read of the whole cluster from the API server may take' },
  KUBERNETES_SERVICE_HOST: {
    about: "set by Kubernetes in every pod: without a URL or kubeconfig, the pod's service account is used",
  },
  FLEET_TICK_SECONDS: { about: 'how often the worker collects' },
  FLEET_BACKFILL_DAYS: { about: 'history the simulator backfills on first start' },
  FLEET_BACKFILL_SAMPLE_HOURS: {
    about: 'of that history, how many hours keep per-minute GPU samples (older history keeps hourly rollups)',
  },
  FLEET_BACKFILL_RECOVERY_DAYS: {
    about:
      'of that history, how many days the worker lives through with automatic recovery at each fault (incidents, actions and recoveries at their own times); older history is read straight through, which is quicker',
  },
  FLEET_SAMPLE_RETENTION_DAYS: {
    about: 'per-GPU minute samples older than this are dropped (daily partitions); hourly rollups stay',
  },
  FLEET_STALE_AFTER_SECONDS: {
    about:
      "data older than this beyond its source's normal lag is shown as stale, and a GPU silent that long as not reporting",
  },
  FLEET_REFRESH_SECONDS: { about: 'how often pages refresh themselves' },
  FLEET_ORG_TIMEZONE: { about: "the organisation's time zone (days and weeks of cost reports)" },
  FLEET_CURRENCY: { about: "the rate card's currency" },
  FLEET_DEMO_PASSWORD_VIEWER: { about: "the demo viewer's password, set at seeding", fallback: 'random, printed once' },
  FLEET_DEMO_PASSWORD_OPERATOR: {
    about: "the demo operator's password, set at seeding",
    fallback: 'random, printed once',
  },
  FLEET_DEMO_PASSWORD_ADMIN: { about: "the demo admin's password, set at seeding", fallback: 'random, printed once' },
  NEXTAUTH_SECRET: {
    about: 'signs session tokens; set it when running several web processes',
    fallback: 'generated into `FLEET_DATA_DIR/auth-secret`',
  },
  NEXTAUTH_URL: { about: "the console's public URL", fallback: '`http://localhost:$PORT`' },
  OIDC_ISSUER: { about: 'sign-in through your identity provider (OpenID Connect): its issuer URL' },
  OIDC_CLIENT_ID: { about: "the console's client id at that provider" },
  OIDC_CLIENT_SECRET: { about: "the console's client secret at that provider" },
  OIDC_NAME: { about: 'the label of that sign-in button' },
  OIDC_DEFAULT_ROLE: {
    about:
      'the role of someone signing in through OIDC for the first time, or in no group of the role map; `none` admits nobody else',
  },
  OIDC_ROLE_CLAIM: {
    about:
      "the ID token claim that lists a person's groups (a dotted path, e.g. `realm_access.roles`) ([roles.md](roles.md))",
  },
  OIDC_ROLE_MAP: {
    about: 'identity-provider groups and their roles, `gpu-admins=admin,ml-oncall=operator`, applied at each sign-in',
    fallback: 'unset: roles set on the People page',
  },
  FLEET_PROXY_HOPS: {
    about:
      'proxies in front of the console that append to `X-Forwarded-For`: where the sign-in throttle reads the client ([roles.md](roles.md))',
  },
  FLEET_SIM_START_AT: {
    about:
      "for tests and demos: the simulated cluster keeps this instant's time of day (working hours), the same cluster at any hour",
    fallback: 'unset: the wall clock',
  },
  FLEET_REPORT_SCHEDULE: {
    about: "when the worker sends last week's cost report (cron, five fields, in the organisation's time zone)",
  },
  FLEET_SMTP_URL: {
    about: 'the SMTP server of email channels: `smtp://user:password@mail.example.com:587` (`smtps://`: TLS)',
    fallback: 'unset: email channels cannot send',
  },
  FLEET_SMTP_FROM: { about: "the sender of the console's email" },
  FLEET_ALERTMANAGER_TOKEN: {
    about: 'the bearer token Alertmanager sends to `POST /api/alertmanager` (16 characters or more)',
    fallback: 'unset: the Alertmanager receiver answers 503',
  },
  FLEET_CHANNEL_ALLOWED_CIDRS: {
    about:
      'private or loopback ranges channels may reach (in-house receivers): CIDRs, comma-separated (`10.20.0.0/16`) ([guide.md](guide.md#incidents-on-call-and-slos))',
    fallback: 'unset: public addresses only',
  },
};

export interface ConfigurationRow {
  variable: string;
  fallback: string;
  about: string;
}

/** The configuration table's rows, in the schema's order. */
export function configurationRows(): ConfigurationRow[] {
  return ENV_VARIABLES.map((variable) => {
    const doc = ENV_DOCS[variable];
    const value = envDefault(variable);
    return {
      variable: `\`${variable}\``,
      fallback: doc.fallback ?? (value === undefined ? 'unset' : `\`${String(value)}\``),
      about: doc.about,
    };
  });
}

const BEGIN = '<!-- The table is written by `npm run docs:config` from lib/env.ts and lib/env-docs.ts. -->';
const END = '<!-- End of the written table. -->';
const HEADER = ['variable', 'default', 'what it does'];

const line = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;

/** `markdown` with the table between its markers written from `rows` (the markers are added if missing). */
export function replaceConfigurationTable(markdown: string, rows: ConfigurationRow[]): string {
  const table = [
    line(HEADER),
    line(HEADER.map(() => '---')),
    ...rows.map((row) => line([row.variable, row.fallback, row.about])),
  ].join('\n');
  const block = `${BEGIN}\n\n${table}\n\n${END}`;
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start >= 0 && end > start) return markdown.slice(0, start) + block + markdown.slice(end + END.length);
  return `${markdown.trimEnd()}\n\n${block}\n`;
}

/** The rows of the table between the markers, as written (cells trimmed); null without the markers. */
export function readConfigurationTable(markdown: string): ConfigurationRow[] | null {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) return null;
  return markdown
    .slice(start + BEGIN.length, end)
    .split('\n')
    .filter((text) => text.startsWith('|'))
    .slice(2)
    .map((text) => {
      const cells = text
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('\\|', '|'));
      return { variable: cells[0], fallback: cells[1], about: cells[2] };
    });
}
