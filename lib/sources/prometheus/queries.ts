// Every PromQL the source sends, in one place. dcgm-exporter's names: etc/default-counters.csv and
// etc/dcp-metrics-included.csv in NVIDIA/dcgm-exporter. Each query is aggregated `by` the few labels the console
// reads, so Prometheus drops the rest (instance, job, pci_bus_id, driver version…) and answers are small.

/** What one stored sample is made of, one query each. */
export type MetricKey =
  | 'util'
  | 'smActive'
  | 'tensorActive'
  | 'fbUsed'
  | 'fbFree'
  | 'fbReserved'
  | 'power'
  | 'temp'
  | 'xid'
  | 'eccSbe'
  | 'eccDbe'
  | 'remappedRows'
  | 'remapFailure'
  | 'clockEvents';

/**
 * Labels that place a GPU and name who holds it, read from the utilization series only: dcgm-exporter's `UUID`
 * (`uuid` in some versions), `gpu`, `modelName`, `Hostname` (`hostname` after relabelling), an optional `pool`
 * relabelled in from a node label, on Kubernetes `namespace`/`pod` (`exported_*` when the scrape job's own
 * pod labels took those names, `pod_namespace`/`pod_name` from older exporters), and on Slurm `hpc_job`.
 */
export const IDENTITY_LABELS = [
  'UUID',
  'uuid',
  'gpu',
  'modelName',
  'Hostname',
  'hostname',
  'instance',
  'pool',
  'namespace',
  'pod',
  'exported_namespace',
  'exported_pod',
  'pod_namespace',
  'pod_name',
  'hpc_job',
] as const;

const identity = `max by (${IDENTITY_LABELS.join(', ')})`;
const perGpu = 'max by (UUID, uuid)';

/**
 * The queries of one read, each evaluated at the end of the minute (or period) a sample stands for: rates, power
 * and utilization are averaged over it, memory used and temperature are its peak, memory free and reserved and
 * the XID gauge and the clock-event
 * bitmask are its last value, ECC and remapped-row counters are their increase. Errors and clock events are
 * filtered to the GPUs that have any (a GPU left out reads 0), so a fleet's answers stay small; the filter comes
 * before the aggregation, which then groups the few series left rather than every GPU's.
 */
export function sampleQueries(windowSeconds: number): Record<MetricKey, string> {
  const w = `[${windowSeconds}s]`;
  return {
    util: `${identity} (avg_over_time(DCGM_FI_DEV_GPU_UTIL${w}))`,
    smActive: `${perGpu} (avg_over_time(DCGM_FI_PROF_SM_ACTIVE${w}))`,
    tensorActive: `${perGpu} (avg_over_time(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE${w}))`,
    fbUsed: `${perGpu} (max_over_time(DCGM_FI_DEV_FB_USED${w}))`,
    fbFree: `${perGpu} (last_over_time(DCGM_FI_DEV_FB_FREE${w}))`,
    fbReserved: `${perGpu} (last_over_time(DCGM_FI_DEV_FB_RESERVED${w}))`,
    power: `${perGpu} (avg_over_time(DCGM_FI_DEV_POWER_USAGE${w}))`,
    temp: `${perGpu} (max_over_time(DCGM_FI_DEV_GPU_TEMP${w}))`,
    xid: `${perGpu} (last_over_time(DCGM_FI_DEV_XID_ERRORS${w}) != 0)`,
    eccSbe: `${perGpu} (increase(DCGM_FI_DEV_ECC_SBE_VOL_TOTAL${w}) > 0)`,
    eccDbe: `${perGpu} (increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL${w}) > 0)`,
    remappedRows: `${perGpu} (increase(DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS${w}) > 0)`,
    remapFailure: `${perGpu} (max_over_time(DCGM_FI_DEV_ROW_REMAP_FAILURE${w}) > 0)`,
    // DCGM 3.3 renamed the throttle reasons to clock events; either may be exported. Below 0x8 are only idle,
    // application clocks and the power cap, none of which is throttling.
    clockEvents:
      `${perGpu} ((last_over_time(DCGM_FI_DEV_CLOCKS_EVENT_REASONS${w})` +
      ` or last_over_time(DCGM_FI_DEV_CLOCK_THROTTLE_REASONS${w})) >= 8)`,
  };
}

/** How far back the topology looks for GPUs: one that reported in the last hour is part of the cluster. */
export const TOPOLOGY_LOOKBACK = '1h';

export type TopologyKey = 'identity' | 'fbUsed' | 'fbFree' | 'fbReserved';

export const TOPOLOGY_QUERIES: Record<TopologyKey, string> = {
  identity: `${identity} (last_over_time(DCGM_FI_DEV_GPU_UTIL[${TOPOLOGY_LOOKBACK}]))`,
  fbUsed: `${perGpu} (last_over_time(DCGM_FI_DEV_FB_USED[${TOPOLOGY_LOOKBACK}]))`,
  fbFree: `${perGpu} (last_over_time(DCGM_FI_DEV_FB_FREE[${TOPOLOGY_LOOKBACK}]))`,
  fbReserved: `${perGpu} (last_over_time(DCGM_FI_DEV_FB_RESERVED[${TOPOLOGY_LOOKBACK}]))`,
};
