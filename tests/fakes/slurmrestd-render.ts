// Nodes and jobs written as slurmrestd v0.0.40 and later write them (`v0.0.4x_node`, `v0.0.4x_job_info`): the
// fields a real answer carries, numbers as { set, infinite, number }, states as arrays. Shared by the fake
// slurmrestd and the bench's recorded cluster.

export interface FakeSlurmNode {
  name: string;
  /** Base state then flags, as v0.0.40+ write them: ['MIXED', 'DRAIN']. */
  state: string[];
  reason: string;
  reasonSetBy: string;
  /** Seconds since the epoch; 0 = never. */
  reasonChangedAt: number;
  gres: string;
  gresUsed: string;
  partitions: string[];
  features: string[];
  cpus: number;
  bootTime: number;
}

export interface FakeSlurmJob {
  job_id: number;
  name: string;
  user: string;
  account: string;
  comment: string;
  wckey: string;
  partition: string;
  job_state: string[];
  state_reason: string;
  exit: { code: number; signal: number };
  restart_cnt: number;
  requeue: boolean;
  /** Seconds since the epoch; 0 = not yet. */
  submit: number;
  start: number;
  end: number;
  begin?: number;
  /** Allocated nodes, in allocation order. */
  nodes: string[];
  /** One entry per allocated node: `gpu:h100:4(IDX:0-3)`. */
  gres_detail: string[];
  tres_per_node: string;
  array: { jobId: number; taskId: number | null; pending?: string } | null;
  het: { jobId: number; offset: number } | null;
}

const noVal = (number: number | null) =>
  number === null ? { set: false, infinite: false, number: 0 } : { set: true, infinite: false, number };

export function renderPing(minor: number) {
  if (minor <= 41) return { hostname: 'slurmctld', pinged: 'UP', latency: 180, mode: 'primary' };
  if (minor <= 44) return { hostname: 'slurmctld', pinged: 'UP', responding: true, latency: 180, primary: true };
  return { hostname: 'slurmctld', responding: true, latency: 180, primary: true };
}

export function renderNode(node: FakeSlurmNode, minor: number) {
  const used = /\(IDX:([^)]*)\)/.exec(node.gresUsed)?.[1] ?? 'N/A';
  return {
    architecture: 'x86_64',
    boards: 1,
    boot_time: noVal(node.bootTime),
    cluster_name: 'gpu',
    cores: 64,
    cpu_binding: 0,
    cpu_load: 1200,
    free_mem: noVal(1_500_000),
    cpus: node.cpus,
    effective_cpus: node.cpus,
    features: node.features,
    active_features: node.features,
    gres: node.gres,
    gres_drained: 'N/A',
    gres_used: node.gresUsed,
    ...(minor >= 41 ? { gpu_spec: '', res_cores_per_gpu: 0 } : {}),
    last_busy: noVal(node.bootTime + 60),
    mcs_label: '',
    name: node.name,
    next_state_after_reboot: ['INVALID'],
    address: node.name,
    hostname: node.name,
    state: node.state,
    operating_system: 'Linux 6.8.0-45-generic',
    partitions: node.partitions,
    port: 6818,
    real_memory: 2_000_000,
    comment: '',
    reason: node.reason,
    reason_changed_at: noVal(node.reasonChangedAt),
    reason_set_by_user: node.reasonSetBy,
    resume_after: noVal(0),
    reservation: '',
    alloc_memory: 0,
    alloc_cpus: used === 'N/A' ? 0 : 16,
    alloc_idle_cpus: used === 'N/A' ? node.cpus : node.cpus - 16,
    tres_used: used === 'N/A' ? '' : `cpu=16,gres/gpu=${used.split(',').length}`,
    slurmd_start_time: noVal(node.bootTime + 30),
    sockets: 2,
    threads: 2,
    temporary_disk: 0,
    weight: 1,
    tres: `cpu=${node.cpus},mem=2000000M,billing=${node.cpus}`,
    version: '24.11.3',
  };
}

const BASE_ENDED = ['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED'];

function exitCode(job: FakeSlurmJob) {
  const ended = BASE_ENDED.includes(job.job_state[0]);
  const status = !ended ? ['PENDING'] : job.exit.signal ? ['SIGNALED'] : job.exit.code ? ['ERROR'] : ['SUCCESS'];
  return {
    status,
    return_code: noVal(ended ? job.exit.code : null),
    signal: { id: noVal(job.exit.signal || null), name: job.exit.signal ? 'KILL' : '' },
  };
}

function jobResources(job: FakeSlurmJob, minor: number) {
  if (!job.nodes.length) return {};
  const cpus = 16 * job.nodes.length;
  if (minor === 40) {
    return {
      job_resources: {
        nodes: job.nodes.join(','),
        allocated_cores: cpus,
        allocated_cpus: cpus,
        allocated_hosts: job.nodes.length,
        allocated_nodes: job.nodes.map((nodename) => ({
          sockets: { '0': { cores: { '0': 'allocated' } } },
          nodename,
          cpus_used: 16,
          memory_used: 0,
          memory_allocated: 64_000,
        })),
      },
    };
  }
  const core = ['ALLOCATED'];
  return {
    job_resources: {
      select_type: minor >= 45 ? ['CR_CORE_MEMORY'] : ['CORE', 'MEMORY'],
      nodes: {
        count: job.nodes.length,
        select_type: ['AVAILABLE'],
        list: job.nodes.join(','),
        whole: false,
        allocation: job.nodes.map((name, index) => ({
          index,
          name,
          cpus: { count: 16, used: 16 },
          memory: { used: 0, allocated: 64_000 },
          sockets: [{ index: 0, cores: [{ index: 0, status: core }] }],
        })),
      },
      cpus,
      threads_per_core: noVal(1),
    },
  };
}

export function renderJob(job: FakeSlurmJob, minor: number) {
  const arrayJobId = job.array?.jobId ?? 0;
  const running = job.job_state[0] === 'RUNNING';
  const begin = job.begin ?? job.submit;
  return {
    account: job.account,
    accrue_time: noVal(job.submit),
    admin_comment: '',
    array_job_id: noVal(arrayJobId),
    array_task_id: noVal(job.array?.taskId ?? null),
    array_max_tasks: noVal(0),
    array_task_string: job.array?.pending ?? '',
    batch_flag: true,
    batch_host: job.nodes[0] ?? '',
    cluster: 'gpu',
    command: '/home/alice/train.sh',
    comment: job.comment,
    cpus: noVal(16 * Math.max(1, job.nodes.length)),
    current_working_directory: '/home/alice',
    derived_exit_code: exitCode({ ...job, exit: { code: 0, signal: 0 } }),
    eligible_time: noVal(begin),
    end_time: noVal(job.end),
    exit_code: exitCode(job),
    gres_detail: job.gres_detail,
    group_id: 1000,
    group_name: 'alice',
    het_job_id: noVal(job.het?.jobId ?? 0),
    het_job_id_set: job.het ? `${job.het.jobId}-${job.het.jobId + 1}` : '',
    het_job_offset: noVal(job.het?.offset ?? 0),
    job_id: job.job_id,
    ...jobResources(job, minor),
    job_state: job.job_state,
    last_sched_evaluation: noVal(job.submit),
    name: job.name,
    node_count: noVal(Math.max(1, job.nodes.length)),
    nodes: job.nodes.join(','),
    partition: job.partition,
    priority: noVal(4294901000),
    requeue: job.requeue,
    restart_cnt: job.restart_cnt,
    standard_output: `/home/alice/slurm-${job.job_id}.out`,
    start_time: noVal(job.start),
    state_description: '',
    state_reason: job.state_reason,
    submit_time: noVal(job.submit),
    tasks: noVal(Math.max(1, job.nodes.length)),
    time_limit: noVal(running ? 1440 : null),
    tres_alloc_str: running ? `cpu=${16 * job.nodes.length},node=${job.nodes.length}` : '',
    tres_per_node: job.tres_per_node,
    tres_req_str: `cpu=16,node=${Math.max(1, job.nodes.length)}`,
    user_id: 1000,
    user_name: job.user,
    wckey: job.wckey,
  };
}
