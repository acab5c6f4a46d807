// The slurmrestd API versions the console speaks (the OpenAPI plugin's data parser version in every path), and
// what each offers. Debian 12's Slurm 22.05 serves v0.0.36 to v0.0.38; Slurm 23.11 brought v0.0.40, and each
// release since adds one and drops the oldest. v0.0.39 (23.02, 23.11) is not spoken: 23.02 serves v0.0.38 too.
export const SLURM_API_VERSIONS = [
  'v0.0.45',
  'v0.0.44',
  'v0.0.43',
  'v0.0.42',
  'v0.0.41',
  'v0.0.40',
  'v0.0.38',
] as const;
export type SlurmApiVersionName = (typeof SLURM_API_VERSIONS)[number];

export interface SlurmApiVersion {
  name: SlurmApiVersionName;
  minor: number;
  /** Paths relative to /slurm/<version>/, as its OpenAPI document writes them. */
  paths: {
    ping: string;
    nodes: string;
    jobs: string;
    node(name: string): string;
    job(id: string): string;
    /** GET job/{id}/requeue, from v0.0.45; null before. */
    requeue: ((id: string) => string) | null;
  };
  /** POST node/{name} with update_node_msg (DRAIN, RESUME …): v0.0.40 on; 22.05 answers 405. */
  nodeUpdate: boolean;
}

export const isSupportedVersion = (name: string): name is SlurmApiVersionName =>
  (SLURM_API_VERSIONS as readonly string[]).includes(name);

export function slurmApiVersion(name: SlurmApiVersionName): SlurmApiVersion {
  const minor = Number(name.split('.')[2]);
  const enc = encodeURIComponent;
  if (minor === 38) {
    return {
      name,
      minor,
      paths: {
        ping: 'ping',
        nodes: 'nodes',
        jobs: 'jobs',
        node: (n) => `node/${enc(n)}`,
        job: (id) => `job/${enc(id)}`,
        requeue: null,
      },
      nodeUpdate: false,
    };
  }
  return {
    name,
    minor,
    paths: {
      ping: 'ping/',
      nodes: 'nodes/',
      jobs: 'jobs/',
      node: (n) => `node/${enc(n)}`,
      job: (id) => `job/${enc(id)}`,
      requeue: minor >= 45 ? (id) => `job/${enc(id)}/requeue` : null,
    },
    nodeUpdate: true,
  };
}

/** The newest version the console speaks among those a slurmrestd serves, or null when it speaks none of them. */
export function newestSpoken(served: Iterable<string>): SlurmApiVersionName | null {
  const set = new Set(served);
  return SLURM_API_VERSIONS.find((name) => set.has(name)) ?? null;
}
