// The latest samples as NVIDIA dcgm-exporter serves them on :9400/metrics (Prometheus text format), so the
// simulator can feed a real Prometheus and the Prometheus source can be tested against it.
import type { GpuSampleRecord, JobRecord, Topology } from '@/lib/sources/types';

export interface Family {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  value: (sample: GpuSampleRecord, memoryMib: number) => number | null;
}

/** NVML's clock-event bit for a thermal slowdown (SW_THERMAL_SLOWDOWN), what the model's throttling is. */
const SW_THERMAL_SLOWDOWN = 0x20;

export const DCGM_FAMILIES: readonly Family[] = [
  { name: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge', help: 'GPU utilization (in %).', value: (s) => s.util },
  {
    name: 'DCGM_FI_PROF_SM_ACTIVE',
    type: 'gauge',
    help: 'The ratio of cycles an SM has at least 1 warp assigned (in %).',
    value: (s) => s.smActive,
  },
  {
    name: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
    type: 'gauge',
    help: 'Ratio of cycles the tensor (HMMA) pipe is active (in %).',
    value: (s) => s.tensorActive,
  },
  {
    name: 'DCGM_FI_DEV_FB_USED',
    type: 'gauge',
    help: 'Framebuffer memory used (in MiB).',
    value: (s) => Math.round(s.fbUsedMib),
  },
  {
    name: 'DCGM_FI_DEV_FB_FREE',
    type: 'gauge',
    help: 'Framebuffer memory free (in MiB).',
    value: (s, memory) => Math.max(0, memory - Math.round(s.fbUsedMib)),
  },
  { name: 'DCGM_FI_DEV_POWER_USAGE', type: 'gauge', help: 'Power draw (in W).', value: (s) => s.powerW },
  { name: 'DCGM_FI_DEV_GPU_TEMP', type: 'gauge', help: 'GPU temperature (in C).', value: (s) => Math.round(s.tempC) },
  {
    name: 'DCGM_FI_DEV_XID_ERRORS',
    type: 'gauge',
    help: 'Value of the last XID error encountered.',
    value: (s) => s.xid,
  },
  {
    name: 'DCGM_FI_DEV_CLOCKS_EVENT_REASONS',
    type: 'gauge',
    help: 'Current clock event reasons (bitmask of DCGM_CLOCKS_EVENT_REASON_*).',
    value: (s) => (s.throttled ? SW_THERMAL_SLOWDOWN : 0),
  },
  {
    name: 'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
    type: 'counter',
    help: 'Total number of single-bit volatile ECC errors.',
    value: (s) => s.eccSbe,
  },
  {
    name: 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
    type: 'counter',
    help: 'Total number of double-bit volatile ECC errors.',
    value: (s) => s.eccDbe,
  },
  // The model has no row remapping: the counters read as on a healthy GPU.
  {
    name: 'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
    type: 'counter',
    help: 'Number of remapped rows for uncorrectable errors',
    value: () => 0,
  },
  {
    name: 'DCGM_FI_DEV_ROW_REMAP_FAILURE',
    type: 'gauge',
    help: 'Whether remapping of rows has failed',
    value: () => 0,
  },
];

/** PCI bus of each GPU slot on an 8-GPU HGX board. */
const PCI_BUSES = ['18', '2A', '3A', '5D', '9A', 'AB', 'BA', 'DB'];
const CONTAINERS: Record<JobRecord['kind'], string> = {
  training: 'trainer',
  fine_tuning: 'trainer',
  evaluation: 'evaluator',
  inference: 'server',
};

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

interface GpuLabels {
  base: string;
  hostname: string;
  memoryMib: number;
}

export type Labelled = { labels: string; memoryMib: number } | null;

/**
 * The label sets of the GPUs' series, as dcgm-exporter writes them: `forJobs(jobs)` labels a sample of a minute
 * whose jobs are `jobs`. With jobs, a held GPU is labelled as Kubernetes would: the job's team as namespace and one
 * pod per node of the job; without them, the pod is named after the job. Null for a GPU the topology does not know.
 */
export function dcgmLabeller(topology: Topology): (jobs?: JobRecord[]) => (sample: GpuSampleRecord) => Labelled {
  const gpus = new Map<string, GpuLabels>();
  for (const node of topology.nodes) {
    for (const gpu of node.gpus) {
      const bus = PCI_BUSES[gpu.index % PCI_BUSES.length];
      const base =
        `gpu="${gpu.index}",UUID="${escape(gpu.uuid)}",pci_bus_id="00000000:${bus}:00.0",device="nvidia${gpu.index}",` +
        `modelName="${escape(gpu.model)}",Hostname="${escape(node.hostname)}"`;
      gpus.set(gpu.uuid, { base, hostname: node.hostname, memoryMib: gpu.memoryMib });
    }
  }
  return (jobs) => {
    const jobsById = new Map((jobs ?? []).map((job) => [job.externalId, job]));
    // Each job's nodes in the order of its GPUs: pod N runs on the Nth of them.
    const workers = new Map<string, Map<string, number>>();
    const workerOf = (job: JobRecord, hostname: string) => {
      let hosts = workers.get(job.externalId);
      if (!hosts) {
        hosts = new Map();
        for (const uuid of job.gpuUuids) {
          const host = gpus.get(uuid)?.hostname ?? '';
          if (!hosts.has(host)) hosts.set(host, hosts.size);
        }
        workers.set(job.externalId, hosts);
      }
      return hosts.get(hostname) ?? 0;
    };
    return (sample) => {
      const gpu = gpus.get(sample.uuid);
      if (!gpu) return null;
      let labels = gpu.base;
      if (sample.jobExternalId) {
        const job = jobsById.get(sample.jobExternalId);
        const pod = job ? `${job.externalId}-${workerOf(job, gpu.hostname)}` : sample.jobExternalId;
        const namespace = job ? job.team : 'default';
        const container = job ? CONTAINERS[job.kind] : 'main';
        labels += `,container="${escape(container)}",namespace="${escape(namespace)}",pod="${escape(pod)}"`;
      }
      return { labels, memoryMib: gpu.memoryMib };
    };
  };
}

/** Renders the latest sample of each GPU, labelled as `dcgmLabeller` says. */
export function toDcgmExposition(samples: GpuSampleRecord[], topology: Topology, jobs?: JobRecord[]): string {
  const labelsOf = dcgmLabeller(topology)(jobs);
  const latest = new Map<string, GpuSampleRecord>();
  for (const sample of samples) {
    const seen = latest.get(sample.uuid);
    if (!seen || sample.ts.getTime() >= seen.ts.getTime()) latest.set(sample.uuid, sample);
  }
  const rows: { labels: string; sample: GpuSampleRecord; memoryMib: number }[] = [];
  for (const sample of latest.values()) {
    const labelled = labelsOf(sample);
    if (labelled) rows.push({ ...labelled, sample });
  }
  const lines: string[] = [];
  for (const family of DCGM_FAMILIES) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const row of rows) {
      const value = family.value(row.sample, row.memoryMib);
      if (value !== null) lines.push(`${family.name}{${row.labels}} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}
