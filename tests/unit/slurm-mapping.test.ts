// Slurm's words and formats as the console reads them: host lists, GRES, TRES requests, node and job states,
// job names and the records built from both API shapes (v0.0.38's plain values, v0.0.40+'s wrapped ones).
import { describe, expect, it } from 'vitest';
import { slurmView } from '@/lib/sources/slurm';
import { commentTags, jobExternalId, jobRecord, jobState, requestedGpus } from '@/lib/sources/slurm/map-jobs';
import { nodeState, nodeStatus } from '@/lib/sources/slurm/map-nodes';
import { readJob, readNode, type SlurmJob } from '@/lib/sources/slurm/read';
import { detailGpuIndices, expandHostlist, nodeGpus, tresGpus } from '@/lib/sources/slurm/text';

const NOW = new Date('2026-11-02T10:00:00Z');
const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const wrap = (number: number) => ({ set: true, infinite: false, number });

describe('Slurm text formats', () => {
  it('expands host lists with ranges, padding, lists and several bracket groups', () => {
    expect(expandHostlist('gpu[01-03,07],login1')).toEqual(['gpu01', 'gpu02', 'gpu03', 'gpu07', 'login1']);
    expect(expandHostlist('r[1-2]-n[8-9]')).toEqual(['r1-n8', 'r1-n9', 'r2-n8', 'r2-n9']);
    expect(expandHostlist('')).toEqual([]);
    expect(expandHostlist('(null)')).toEqual([]);
  });

  it("reads a node's GPUs from its GRES, typed or not, beside other GRES and socket bindings", () => {
    expect(nodeGpus('gpu:h100:8(S:0-1)')).toEqual([{ type: 'h100', count: 8 }]);
    expect(nodeGpus('gpu:8,nic:2')).toEqual([{ type: null, count: 8 }]);
    expect(nodeGpus('gpu:h100:4,gpu:a100:4(S:0,1)')).toEqual([
      { type: 'h100', count: 4 },
      { type: 'a100', count: 4 },
    ]);
    expect(nodeGpus('(null)')).toEqual([]);
  });

  it('reads the GPU indices a job holds on one node from its GRES detail', () => {
    expect(detailGpuIndices('gpu:h100:4(IDX:0-1,4,6)')).toEqual([0, 1, 4, 6]);
    expect(detailGpuIndices('gpu(IDX:3)')).toEqual([3]);
    expect(detailGpuIndices('gpu:2(IDX:0-1),nic:1(IDX:0)')).toEqual([0, 1]);
    expect(detailGpuIndices('gpu:h100:0(IDX:N/A)')).toEqual([]);
  });

  it('reads GPU counts from TRES strings of 22.05 and later, requests and allocations', () => {
    expect(tresGpus('gres:gpu:2')).toBe(2);
    expect(tresGpus('gres:gpu:h100:4')).toBe(4);
    expect(tresGpus('gres/gpu:8')).toBe(8);
    expect(tresGpus('cpu=8,mem=64G,gres/gpu=4,gres/gpu:h100=4')).toBe(4);
    expect(tresGpus('gres/gpu:h100=2,gres/gpu:a100=1')).toBe(3);
    expect(tresGpus('cpu=8,mem=64G')).toBeNull();
  });

  it('reads key=value words from a comment', () => {
    expect(commentTags('project=llm-7b kind=fine_tuning, owner: bob')).toEqual({
      project: 'llm-7b',
      kind: 'fine_tuning',
    });
  });
});

describe('Slurm node states', () => {
  it.each([
    [['IDLE'], 'ready'],
    [['MIXED'], 'ready'],
    [['ALLOCATED'], 'ready'],
    [['MIXED', 'DRAIN'], 'draining'],
    [['IDLE', 'DRAIN'], 'cordoned'],
    [['DOWN'], 'down'],
    [['IDLE', 'NOT_RESPONDING'], 'down'],
    [['DOWN', 'DRAIN', 'REBOOT_ISSUED'], 'rebooting'],
    [['ALLOCATED', 'DRAIN', 'REBOOT_REQUESTED'], 'draining'],
    [['IDLE', 'DRAIN', 'REBOOT_REQUESTED'], 'rebooting'],
    [['IDLE', 'POWERED_DOWN'], 'retired'],
    [['IDLE', 'POWERING_UP'], 'provisioning'],
    [['IDLE', 'INVALID_REG', 'DRAIN'], 'down'],
  ])('%j is %s', (state, expected) => {
    expect(nodeState(state).state).toBe(expected);
  });

  it('reads both shapes alike: a drained node with its reason, who set it and when', () => {
    const v38 = readNode({
      name: 'gpu1',
      state: 'idle',
      state_flags: ['DRAIN'],
      reason: 'XID 79',
      reason_set_by_user: 'ops',
      reason_changed_at: at('2026-11-02T09:50:00Z'),
      gres: 'gpu:h100:8',
      partitions: ['h100'],
      boot_time: at('2026-11-01T00:00:00Z'),
    })!;
    const v41 = readNode({
      name: 'gpu1',
      state: ['IDLE', 'DRAIN'],
      reason: 'XID 79',
      reason_set_by_user: 'ops',
      reason_changed_at: wrap(at('2026-11-02T09:50:00Z')),
      gres: 'gpu:h100:8',
      partitions: ['h100'],
      boot_time: wrap(at('2026-11-01T00:00:00Z')),
    })!;
    expect(v38).toEqual(v41);
    expect(nodeStatus(v41, undefined, NOW)).toEqual({
      hostname: 'gpu1',
      state: 'cordoned',
      reason: 'XID 79 [ops]',
      since: new Date('2026-11-02T09:50:00Z'),
      bootId: String(at('2026-11-01T00:00:00Z')),
    });
  });

  it('keeps the time a state began across reads, and dates a new one when it is first seen', () => {
    const node = readNode({ name: 'gpu1', state: ['MIXED'], gres: 'gpu:8', partitions: ['p'] })!;
    const first = nodeStatus(node, undefined, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect(nodeStatus(node, first, later).since).toEqual(NOW);
    const resumed = nodeStatus(node, { ...first, state: 'cordoned' }, later);
    expect(resumed).toMatchObject({ state: 'ready', reason: null, since: later });
  });
});

function job(fields: Partial<SlurmJob>): SlurmJob {
  return {
    ...readJob({ job_id: 1 })!,
    name: 'train',
    user: 'alice',
    account: 'research',
    state: ['RUNNING'],
    submitTime: new Date('2026-11-02T09:00:00Z'),
    startTime: new Date('2026-11-02T09:05:00Z'),
    tresPerNode: 'gres/gpu:8',
    ...fields,
  };
}

describe('Slurm jobs', () => {
  it('names array tasks 1234_7 and heterogeneous components 1234+1, and leaves an array not started yet', () => {
    expect(jobExternalId(job({ jobId: 1240, arrayJobId: 1234, arrayTaskId: 7 }))).toBe('1234_7');
    expect(jobExternalId(job({ jobId: 1234, arrayJobId: 1234, arrayTaskId: null, arrayTaskString: '8-99' }))).toBe(
      null,
    );
    expect(jobExternalId(job({ jobId: 1235, hetJobId: 1234, hetJobOffset: 1 }))).toBe('1234+1');
    expect(jobExternalId(job({ jobId: 99 }))).toBe('99');
  });

  it.each([
    [['PENDING'], 0, 'pending'],
    [['PENDING'], 1, 'recovering'],
    [['PENDING', 'REQUEUED'], 1, 'recovering'],
    [['REQUEUED'], 1, 'recovering'],
    [['RUNNING'], 0, 'running'],
    [['RUNNING', 'COMPLETING'], 0, 'running'],
    [['COMPLETING'], 0, 'running'],
    [['COMPLETING'], 2, 'recovering'],
    [['CONFIGURING'], 0, 'pending'],
    [['COMPLETED'], 0, 'succeeded'],
    [['FAILED'], 0, 'failed'],
    [['TIMEOUT'], 0, 'failed'],
    [['NODE_FAIL'], 0, 'failed'],
    [['OUT_OF_MEMORY'], 0, 'failed'],
    [['CANCELLED'], 0, 'cancelled'],
    [['PREEMPTED'], 0, 'cancelled'],
  ])('%j with %i restarts is %s', (state, restarts, expected) => {
    expect(jobState(job({ state, restarts }))).toBe(expected);
  });

  it('counts requested GPUs per job, per node times nodes, or per task times tasks', () => {
    expect(requestedGpus(job({ tresPerJob: 'gres/gpu:16', tresPerNode: '' }))).toBe(16);
    expect(requestedGpus(job({ tresPerNode: 'gres:gpu:h100:8', nodeCount: 4 }))).toBe(32);
    expect(requestedGpus(job({ tresPerNode: '', tresPerTask: 'gres/gpu:1', tasks: 8 }))).toBe(8);
    expect(requestedGpus(job({ tresPerNode: '', tresReqStr: 'cpu=4,gres/gpu=2' }))).toBe(2);
  });

  it('reads a failed job alike from both shapes: exit code, reason, account as team, wckey as project, partition', () => {
    const v38 = readJob({
      job_id: 42,
      array_job_id: 0,
      het_job_id: 0,
      name: 'eval',
      user_name: 'bob',
      account: 'vision',
      wckey: '*detector',
      comment: 'kind=evaluation',
      partition: 'a100',
      job_state: 'FAILED',
      state_reason: 'NonZeroExitCode',
      exit_code: 3 << 8,
      restart_cnt: 0,
      requeue: true,
      submit_time: at('2026-11-02T09:00:00Z'),
      start_time: at('2026-11-02T09:01:00Z'),
      end_time: at('2026-11-02T09:31:00Z'),
      gres_detail: [],
      tres_per_node: 'gres:gpu:2',
      node_count: 1,
      nodes: 'gpu3',
    })!;
    const v41 = readJob({
      job_id: 42,
      array_job_id: wrap(0),
      array_task_id: { set: false, infinite: false, number: 0 },
      het_job_id: wrap(0),
      name: 'eval',
      user_name: 'bob',
      account: 'vision',
      wckey: '*detector',
      comment: 'kind=evaluation',
      partition: 'a100',
      job_state: ['FAILED'],
      state_reason: 'NonZeroExitCode',
      exit_code: { status: ['ERROR'], return_code: wrap(3), signal: { id: { set: false, number: 0 }, name: '' } },
      restart_cnt: 0,
      requeue: true,
      submit_time: wrap(at('2026-11-02T09:00:00Z')),
      start_time: wrap(at('2026-11-02T09:01:00Z')),
      end_time: wrap(at('2026-11-02T09:31:00Z')),
      gres_detail: [],
      tres_per_node: 'gres/gpu:2',
      node_count: wrap(1),
      nodes: 'gpu3',
    })!;
    const expected = {
      externalId: '42',
      name: 'eval',
      kind: 'evaluation',
      team: 'vision',
      project: 'detector',
      owner: 'bob',
      state: 'failed',
      gpusRequested: 2,
      submittedAt: new Date('2026-11-02T09:00:00Z'),
      startedAt: new Date('2026-11-02T09:01:00Z'),
      endedAt: new Date('2026-11-02T09:31:00Z'),
      restartCount: 0,
      stateReason: 'NonZeroExitCode, exit code 3',
      gpuUuids: [],
      partition: 'a100',
    };
    expect(jobRecord(v38, NOW)?.record).toMatchObject(expected);
    expect(jobRecord(v41, NOW)?.record).toMatchObject(expected);
  });

  it('says a job killed by a signal, timed out or waiting, in Slurm words', () => {
    expect(jobRecord(job({ state: ['FAILED'], exitSignal: 9, stateReason: 'None' }), NOW)?.record.stateReason).toBe(
      'signal 9',
    );
    expect(jobRecord(job({ state: ['TIMEOUT'], stateReason: 'None' }), NOW)?.record.stateReason).toBe('TIMEOUT');
    expect(
      jobRecord(job({ state: ['PENDING'], stateReason: 'Resources', partition: 'h100,a100' }), NOW)?.record,
    ).toMatchObject({
      state: 'pending',
      startedAt: null,
      stateReason: 'Resources',
      // Submitted to two partitions, it waits in both, as squeue lists them.
      partition: 'h100,a100',
    });
    expect(jobRecord(job({ partition: '' }), NOW)?.record.partition).toBeNull();
    expect(jobRecord(job({ state: ['PENDING'], stateReason: 'BeginTime', restarts: 2 }), NOW)?.record.stateReason).toBe(
      'BeginTime (restarted 2×)',
    );
  });

  it('leaves jobs without GPUs out, and takes team and project from the comment where there is no wckey', () => {
    expect(jobRecord(job({ tresPerNode: '' }), NOW)).toBeNull();
    expect(jobRecord(job({ account: '', comment: 'project=llm' }), NOW)?.record).toMatchObject({
      team: 'no-account',
      project: 'llm',
    });
  });
});

describe('a Slurm cluster read', () => {
  it('gives GPU nodes in partition pools, and each running job the GPU indices it holds on each node', () => {
    const node = (name: string, gres: string, partitions: string[], features: string[] = []) =>
      readNode({ name, state: ['MIXED'], gres, partitions, features })!;
    const view = slurmView(
      [
        node('gpu1', 'gpu:h100:8', ['train', 'debug']),
        node('gpu2', 'gpu:h100:8', ['train'], ['spot']),
        node('gpu3', 'gpu:h100:8', ['train'], ['spot']),
        node('login', '(null)', ['login']),
      ],
      [
        job({
          jobId: 7,
          nodes: ['gpu2', 'gpu1'],
          gresDetail: ['gpu:h100:8(IDX:0-7)', 'gpu:h100:2(IDX:4,6)'],
          tresPerNode: '',
          tresPerJob: 'gres/gpu:10',
        }),
        job({ jobId: 8, state: ['PENDING'], nodes: [], tresPerNode: 'gres/gpu:4' }),
      ],
      { clusterName: 'hpc', pricingClass: 'reserved' },
      NOW,
    );
    expect(view.topology.pools).toEqual([
      { name: 'train', gpuModel: 'h100', pricingClass: 'spot', gpusPerNode: 8, desiredNodes: 3 },
    ]);
    expect(view.topology.nodes.map((n) => [n.hostname, n.gpus.length, n.gpus[7].uuid])).toEqual([
      ['gpu1', 8, 'slurm:hpc/gpu1/7'],
      ['gpu2', 8, 'slurm:hpc/gpu2/7'],
      ['gpu3', 8, 'slurm:hpc/gpu3/7'],
    ]);
    expect(view.claims).toEqual([
      { jobExternalId: '7', hostname: 'gpu2', count: 8, indices: [0, 1, 2, 3, 4, 5, 6, 7], pod: null },
      { jobExternalId: '7', hostname: 'gpu1', count: 2, indices: [4, 6], pod: null },
    ]);
    expect(view.jobs.map((j) => [j.externalId, j.state, j.gpusRequested])).toEqual([
      ['7', 'running', 10],
      ['8', 'pending', 4],
    ]);
    expect(view.topology.teams).toEqual([{ name: 'research', projects: ['research'] }]);
  });
});
