// The slurmrestd client against v0.0.40 to v0.0.45: a fake that answers in each version's published shapes, every
// answer checked against that version's OpenAPI document, and every request body the client sends checked too
// (the fake refuses one that does not fit). v0.0.38 is read from the real slurmrestd in slurm-source.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { cancelJob, getJob, getJobs, getNodes, requeueJob, startNow, updateNodeState } from '@/lib/sources/slurm/api';
import { SlurmClient } from '@/lib/sources/slurm/client';
import { DOCUMENTED_VERSIONS, responseProblems } from '../fakes/slurm-openapi/validate';
import { FakeSlurmrestd, slurmConfigFor } from '../fakes/slurmrestd';

let fake: FakeSlurmrestd | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const config = slurmConfigFor;

const T0 = 1_790_000_000;

function populate(slurm: FakeSlurmrestd) {
  slurm.now = () => T0;
  slurm.addNode('gpu-01', ['MIXED'], { gresUsed: 'gpu:h100:6(IDX:0-5)', partitions: ['train', 'debug'] });
  slurm.addNode('gpu-02', ['ALLOCATED', 'DRAIN'], {
    reason: 'XID 79 on GPU 3',
    reasonSetBy: 'ops',
    reasonChangedAt: T0 - 120,
    gresUsed: 'gpu:h100:8(IDX:0-7)',
  });
  slurm.addJob(4242, 'llm-pretrain', ['RUNNING'], {
    nodes: ['gpu-02', 'gpu-01'],
    gres_detail: ['gpu:h100:8(IDX:0-7)', 'gpu:h100:4(IDX:0-3)'],
    tres_per_node: 'gres/gpu:h100:8',
    start: T0 - 300,
  });
  slurm.addJob(4250, 'sweep', ['RUNNING'], {
    array: { jobId: 4243, taskId: 7 },
    nodes: ['gpu-01'],
    gres_detail: ['gpu:h100:2(IDX:4-5)'],
  });
  slurm.addJob(4260, 'eval', ['FAILED'], {
    exit: { code: 3, signal: 0 },
    state_reason: 'NonZeroExitCode',
    end: T0 - 10,
  });
  slurm.addJob(4270, 'mixed', ['PENDING'], { het: { jobId: 4270, offset: 1 }, state_reason: 'Resources' });
}

/** The document path of a request path: `/slurm/v0.0.41/job/4250` → `job/{job_id}`. */
function documentPath(path: string): string {
  const rest = path.replace(/^\/slurm\/v0\.0\.\d+\//, '');
  return rest
    .replace(/^node\/[^/]+$/, 'node/{node_name}')
    .replace(/^job\/[^/]+\/requeue$/, 'job/{job_id}/requeue')
    .replace(/^job\/[^/]+$/, 'job/{job_id}');
}

describe.each(DOCUMENTED_VERSIONS)('the slurmrestd client speaking %s', (version) => {
  it('finds the version, reads nodes and jobs as they are, acts, and every answer fits the document', async () => {
    fake = await FakeSlurmrestd.start({ versions: [version] });
    populate(fake);
    const client = new SlurmClient(config(fake.url));

    expect((await client.version()).name).toBe(version);
    const nodes = await getNodes(client);
    expect(nodes.map((node) => [node.name, node.state, node.reason, node.reasonSetBy])).toEqual([
      ['gpu-01', ['MIXED'], null, null],
      ['gpu-02', ['ALLOCATED', 'DRAIN'], 'XID 79 on GPU 3', 'ops'],
    ]);
    expect(nodes[1].reasonChangedAt).toEqual(new Date((T0 - 120) * 1000));
    expect(nodes[0].partitions).toEqual(['train', 'debug']);
    expect(nodes[0].gres).toBe('gpu:h100:8');

    const jobs = await getJobs(client);
    const byId = new Map(jobs.map((job) => [job.jobId, job]));
    expect(byId.get(4242)).toMatchObject({
      state: ['RUNNING'],
      nodes: ['gpu-02', 'gpu-01'],
      gresDetail: ['gpu:h100:8(IDX:0-7)', 'gpu:h100:4(IDX:0-3)'],
      user: 'alice',
      account: 'research',
      startTime: new Date((T0 - 300) * 1000),
      endTime: null,
      exitCode: null,
      arrayJobId: null,
      hetJobId: null,
    });
    expect(byId.get(4250)).toMatchObject({ arrayJobId: 4243, arrayTaskId: 7 });
    expect(byId.get(4260)).toMatchObject({
      state: ['FAILED'],
      exitCode: 3,
      exitSignal: null,
      stateReason: 'NonZeroExitCode',
    });
    expect(byId.get(4270)).toMatchObject({ hetJobId: 4270, hetJobOffset: 1, state: ['PENDING'] });
    expect((await getJob(client, '4243_7'))?.jobId).toBe(4250);
    expect(await getJob(client, '999')).toBeNull();

    expect((await cancelJob(client, '4243_7')).ok).toBe(true);
    expect(fake.jobs.get(4250)?.job_state).toEqual(['CANCELLED']);
    expect((await updateNodeState(client, 'gpu-01', 'DRAIN', 'maintenance')).ok).toBe(true);
    expect(fake.nodes.get('gpu-01')).toMatchObject({ state: ['MIXED', 'DRAIN'], reason: 'maintenance' });
    expect((await updateNodeState(client, 'gpu-01', 'RESUME')).ok).toBe(true);
    expect(fake.nodes.get('gpu-01')?.state).toEqual(['MIXED']);
    expect((await startNow(client, '4270+1')).ok).toBe(true);
    if (version === 'v0.0.45') {
      expect((await requeueJob(client, '4260')).ok).toBe(true);
      expect(fake.jobs.get(4260)).toMatchObject({ job_state: ['PENDING', 'REQUEUED'], restart_cnt: 1 });
    }

    const answered = fake.requests.filter((request) => request.path.startsWith('/slurm/'));
    const refused = answered
      .filter((request) => request.status !== 200)
      .map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(refused).toEqual([`GET /slurm/${version}/job/999 404`]);
    for (const request of answered.filter((r) => r.status === 200)) {
      const method = request.method.toLowerCase() as 'get' | 'post' | 'delete';
      const problems = responseProblems(version, documentPath(request.path), method, request.responseBody);
      expect({ request: `${request.method} ${request.path}`, problems }).toEqual({
        request: `${request.method} ${request.path}`,
        problems: [],
      });
    }
  });
});

describe('the slurmrestd client', () => {
  it('uses the configured version without asking, and says so when slurmrestd does not serve it', async () => {
    fake = await FakeSlurmrestd.start({ versions: ['v0.0.41'] });
    const client = new SlurmClient(config(fake.url, { apiVersion: 'v0.0.43' }));
    const outcome = await cancelJob(client, '1');
    expect(outcome).toMatchObject({ ok: false, status: 404, message: 'Unable to find requested URL (HTTP 404)' });
    expect(fake.requests.map((request) => request.path)).toEqual(['/slurm/v0.0.43/job/1']);
  });

  it('says which versions slurmrestd serves when it speaks none the console does', async () => {
    fake = await FakeSlurmrestd.start({ versions: ['v0.0.39'] });
    await expect(getNodes(new SlurmClient(config(fake.url)))).rejects.toThrow(
      /serves v0\.0\.39; the console speaks v0\.0\.38, v0\.0\.40, .*v0\.0\.45/,
    );
  });

  it('says the credentials were refused, naming what to check', async () => {
    fake = await FakeSlurmrestd.start({ versions: ['v0.0.42'] });
    const client = new SlurmClient(config(fake.url, { token: { value: 'expired' } }));
    await expect(getNodes(client)).rejects.toMatchObject({
      reason: 'unauthorized',
      message: expect.stringContaining('check SLURM_USER and SLURM_TOKEN'),
    });
  });

  it('reads the token from its file at each request, so a renewed token is used', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/fleet-token-');
    try {
      fake = await FakeSlurmrestd.start({ versions: ['v0.0.42'] });
      writeFileSync(`${dir}/jwt`, 'SLURM_JWT=old\n');
      const client = new SlurmClient(config(fake.url, { apiVersion: 'v0.0.42', token: { file: `${dir}/jwt` } }));
      await expect(getNodes(client)).rejects.toMatchObject({ reason: 'unauthorized' });
      writeFileSync(`${dir}/jwt`, 'jwt-token\n');
      expect(await getNodes(client)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says it cannot reach slurmrestd when nothing listens', async () => {
    const gone = await FakeSlurmrestd.start();
    await gone.close();
    await expect(getNodes(new SlurmClient(config(gone.url, { apiVersion: 'v0.0.41' })))).rejects.toMatchObject({
      reason: 'unreachable',
      message: expect.stringMatching(/cannot reach slurmrestd at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/),
    });
  });
});
