import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlurmExecutor } from '@/lib/executors/slurm';
import { slurmConfigFromEnv } from '@/lib/executors/slurm-config';
import { FakeSlurmrestd } from '../fakes/slurmrestd';

let slurm: FakeSlurmrestd;

function executor(env: Record<string, string> = {}) {
  return new SlurmExecutor(
    slurmConfigFromEnv({ SLURM_REST_URL: slurm.url, SLURM_USER: 'fleet', SLURM_TOKEN: 'jwt-token', ...env }),
  );
}

const job = (externalId: string) => ({ externalId, name: 'train' });

beforeEach(async () => {
  slurm = await FakeSlurmrestd.start();
  slurm.addNode('gpu-01');
  slurm.addJob(4242, 'train');
});

afterEach(async () => {
  await slurm.close();
});

describe('Slurm executor against a fake slurmrestd', () => {
  it('drains a node with POST node/{name}, state DRAIN and the reason, as user and token headers', async () => {
    const result = await executor().drainNode('gpu-01', 'XID 79 on GPU 3');
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Set gpu-01 to DRAIN/);
    const [request] = slurm.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/slurm/v0.0.41/node/gpu-01',
      headers: { user: 'fleet', token: 'jwt-token', contentType: 'application/json' },
      body: { state: ['DRAIN'], reason: 'XID 79 on GPU 3' },
      status: 200,
    });
    expect(slurm.nodes.get('gpu-01')).toEqual({ name: 'gpu-01', state: ['IDLE', 'DRAIN'], reason: 'XID 79 on GPU 3' });
  });

  it('cordons as DRAIN too, and uncordons with RESUME', async () => {
    expect((await executor().cordonNode('gpu-01', 'maintenance')).ok).toBe(true);
    expect(slurm.nodes.get('gpu-01')?.state).toContain('DRAIN');
    expect(await executor().uncordonNode('gpu-01')).toEqual({
      ok: true,
      message: 'Resumed gpu-01: it takes jobs again',
    });
    expect(slurm.requests[1].body).toEqual({ state: ['RESUME'] });
    expect(slurm.nodes.get('gpu-01')).toEqual({ name: 'gpu-01', state: ['IDLE'], reason: '' });
  });

  it('sends a reason with DRAIN even when none is given, since slurmctld requires one', async () => {
    await executor().cordonNode('gpu-01', '  ');
    expect(slurm.requests[0].body).toEqual({ state: ['DRAIN'], reason: 'drained by Fleet Console' });
  });

  it("quotes slurmrestd's errors for an unknown node", async () => {
    const result = await executor().drainNode('gpu-99', 'x');
    expect(result).toEqual({
      ok: false,
      message:
        'Setting gpu-99 to DRAIN failed: Failure to update node gpu-99: Invalid node name specified (Slurm error 2018) (HTTP 500)',
    });
  });

  it('cancels a job with DELETE job/{id}', async () => {
    const result = await executor().cancelJob(job('4242'));
    expect(result).toEqual({ ok: true, message: 'Cancelled Slurm job 4242' });
    expect(slurm.requests[0]).toMatchObject({ method: 'DELETE', path: '/slurm/v0.0.41/job/4242', status: 200 });
    expect(slurm.jobs.get(4242)?.job_state).toEqual(['CANCELLED']);
  });

  it('accepts a cluster-prefixed job id and reports an unknown job as slurmrestd does (404, error 2017)', async () => {
    const result = await executor().cancelJob(job('gpu-cluster/999'));
    expect(result).toEqual({
      ok: false,
      message:
        'Cancel of Slurm job 999 failed: Signal request failed: Invalid job id specified (Slurm error 2017) (HTTP 404)',
    });
  });

  it('refuses an id that is not a Slurm job id without calling slurmrestd', async () => {
    expect(await executor().cancelJob(job('ml/train'))).toEqual({
      ok: false,
      message: '"ml/train" is not a Slurm job id',
    });
    expect(slurm.requests).toEqual([]);
  });

  it('answers that requeue is not supported before v0.0.45, naming scontrol requeue', async () => {
    const result = await executor().restartJob(job('4242'));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^Requeueing a job through slurmrestd v0.0.41 is not supported by the Slurm executor: /,
    );
    expect(result.message).toContain('scontrol requeue 4242');
    expect(slurm.requests).toEqual([]);
  });

  it('requeues with POST job/{id}/requeue where slurmrestd serves v0.0.45', async () => {
    await slurm.close();
    slurm = await FakeSlurmrestd.start({ versions: ['v0.0.44', 'v0.0.45'] });
    slurm.addJob(4242, 'train', ['FAILED']);
    const result = await executor({ SLURM_API_VERSION: 'v0.0.45' }).restartJob(job('4242'));
    expect(result.ok).toBe(true);
    expect(slurm.requests[0]).toMatchObject({ method: 'POST', path: '/slurm/v0.0.45/job/4242/requeue', status: 200 });
    expect(slurm.jobs.get(4242)).toMatchObject({ job_state: ['PENDING'], restart_cnt: 1 });
  });

  it('says the credentials were rejected when the token is wrong', async () => {
    const result = await executor({ SLURM_TOKEN: 'expired' }).drainNode('gpu-01', 'x');
    expect(result).toEqual({
      ok: false,
      message:
        'Setting gpu-01 to DRAIN failed: slurmrestd rejected the credentials (401 Invalid authentication credential); check SLURM_USER and SLURM_TOKEN, which may have expired',
    });
    expect(slurm.nodes.get('gpu-01')?.state).toEqual(['IDLE']);
  });

  it('says slurmrestd does not serve the configured API version', async () => {
    const result = await executor({ SLURM_API_VERSION: 'v0.0.44' }).cancelJob(job('4242'));
    expect(result).toEqual({
      ok: false,
      message: 'Cancel of Slurm job 4242 failed: Unable to find requested URL (HTTP 404)',
    });
  });

  it('says it cannot reach slurmrestd when nothing listens', async () => {
    const gone = await FakeSlurmrestd.start();
    await gone.close();
    const result = await executor({ SLURM_REST_URL: gone.url }).cancelJob(job('4242'));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^Cancel of Slurm job 4242 failed: cannot reach slurmrestd at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
  });

  it('answers not ok with what to do instead for reboot, replace, pool and service scaling', async () => {
    const s = executor();
    const results = [
      await s.rebootNode('gpu-01', 'fatal XID'),
      await s.replaceNode('gpu-01', 'fatal XID'),
      await s.scalePool('gpu', 10),
      await s.scaleService({ externalId: '1', name: 'svc' }, 2),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/ is not supported by the Slurm executor: \S/);
    }
    expect(results[0].message).toContain('scontrol reboot ASAP nextstate=RESUME');
    expect(slurm.requests).toEqual([]);
  });
});

describe('Slurm settings', () => {
  it('defaults to API v0.0.41 and a 30 s request timeout, and trims a trailing slash', () => {
    expect(slurmConfigFromEnv({ SLURM_REST_URL: 'http://slurm:6820/', SLURM_USER: 'u', SLURM_TOKEN: 't' })).toEqual({
      url: 'http://slurm:6820',
      user: 'u',
      token: 't',
      apiVersion: 'v0.0.41',
      timeoutMs: 30_000,
    });
  });

  it('names each bad variable', () => {
    expect(() => slurmConfigFromEnv({ SLURM_REST_URL: 'slurm:6820', SLURM_API_VERSION: 'v0.0.38' })).toThrow(
      /SLURM_REST_URL: .*\n.*SLURM_USER: .*\n.*SLURM_TOKEN: .*\n.*SLURM_API_VERSION: must be v0.0.40 or newer/,
    );
  });
});
