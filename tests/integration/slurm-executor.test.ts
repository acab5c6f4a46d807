// The Slurm executor: on the real Slurm (22.05, slurmrestd v0.0.38, scontrol where slurmrestd has no endpoint),
// and against fakes of v0.0.41 and v0.0.45 for the endpoints 22.05 lacks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executorName } from '@/lib/env';
import { SlurmExecutor } from '@/lib/executors/slurm';
import type { ScontrolResult } from '@/lib/executors/slurm-control';
import { slurmConfigFromEnv } from '@/lib/sources/slurm/config';
import { START_MARGIN_SECONDS } from '@/lib/sources/slurm/api';
import { FakeSlurmrestd, slurmConfigFor } from '../fakes/slurmrestd';
import { SLURM_NOT_INSTALLED, SlurmCluster, waitFor } from './slurm-cluster';

const job = (externalId: string) => ({ externalId, name: 'train' });

describe('the Slurm executor against slurmrestd v0.0.41 and v0.0.45', () => {
  let slurm: FakeSlurmrestd;
  let scontrolCalls: string[][];
  /** scontrol as the worker would run it, here acting on the fake: a requeue makes the job pending again. */
  const scontrol = async (args: string[]): Promise<ScontrolResult> => {
    scontrolCalls.push(args);
    const job = args[0] === 'requeue' ? slurm.findJob(args[1]) : undefined;
    if (job) {
      job.job_state = ['PENDING'];
      job.state_reason = 'BeginTime';
      job.restart_cnt++;
    }
    return { ok: true, output: '' };
  };

  async function start(versions: string[]) {
    await slurm?.close();
    slurm = await FakeSlurmrestd.start({ versions });
    slurm.addNode('gpu-01', ['MIXED'], { gresUsed: 'gpu:h100:8(IDX:0-7)' });
    slurm.addJob(4242, 'train', ['RUNNING'], { nodes: ['gpu-01'], gres_detail: ['gpu:h100:8(IDX:0-7)'] });
    scontrolCalls = [];
  }

  const executor = (changes: Parameters<typeof slurmConfigFor>[1] = {}) =>
    new SlurmExecutor(slurmConfigFor(slurm.url, changes), { scontrol, startNowWithinMs: 0 });
  const slurmCalls = () =>
    slurm.requests.filter((r) => r.path.startsWith('/slurm/')).map((r) => `${r.method} ${r.path}`);

  afterEach(async () => {
    await slurm?.close();
  });

  it('cordons with DRAIN and its reason, as the user and token headers, and uncordons with RESUME', async () => {
    await start(['v0.0.41']);
    const cordoned = await executor().cordonNode('gpu-01', 'XID 79 on GPU 3');
    expect(cordoned).toEqual({
      ok: true,
      message: 'Set gpu-01 to DRAIN (through slurmrestd): no new jobs start there',
    });
    const post = slurm.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      path: '/slurm/v0.0.41/node/gpu-01',
      headers: { user: 'fleet', token: 'jwt-token', contentType: 'application/json' },
      body: { state: ['DRAIN'], reason: 'XID 79 on GPU 3' },
      status: 200,
    });
    expect(slurm.nodes.get('gpu-01')).toMatchObject({ state: ['MIXED', 'DRAIN'], reason: 'XID 79 on GPU 3' });
    expect(await executor().uncordonNode('gpu-01')).toEqual({
      ok: true,
      message: 'Resumed gpu-01 (through slurmrestd): it takes jobs again',
    });
    expect(slurm.nodes.get('gpu-01')).toMatchObject({ state: ['MIXED'], reason: '' });
  });

  it('answers an uncordon of a node that takes jobs without changing it', async () => {
    await start(['v0.0.41']);
    expect(await executor().uncordonNode('gpu-01')).toEqual({ ok: true, message: 'gpu-01 already takes jobs (MIXED)' });
    expect(slurmCalls()).toEqual(['GET /slurm/v0.0.41/node/gpu-01']);
  });

  it('sends a reason with DRAIN even when none is given, since slurmctld requires one', async () => {
    await start(['v0.0.41']);
    await executor().cordonNode('gpu-01', '  ');
    expect(slurm.requests.find((r) => r.method === 'POST')?.body).toEqual({
      state: ['DRAIN'],
      reason: 'drained by Fleet Console',
    });
  });

  it("quotes slurmctld's error for an unknown node", async () => {
    await start(['v0.0.41']);
    expect(await executor().cordonNode('gpu-99', 'x')).toEqual({
      ok: false,
      message:
        'Setting gpu-99 to DRAIN failed: Failure to update node gpu-99: Invalid node name specified (Slurm error 2018) (HTTP 500)',
    });
  });

  it('cancels with DELETE job/{id}, an array task by its own id and a heterogeneous job through its leader', async () => {
    await start(['v0.0.42']);
    slurm.addJob(4250, 'sweep', ['RUNNING'], { array: { jobId: 4243, taskId: 7 } });
    slurm.addJob(4260, 'het', ['RUNNING'], { het: { jobId: 4260, offset: 0 } });
    expect(await executor().cancelJob(job('gpu/4242'))).toEqual({ ok: true, message: 'Cancelled Slurm job 4242' });
    expect(await executor().cancelJob(job('4243_7'))).toEqual({ ok: true, message: 'Cancelled Slurm job 4243_7' });
    expect(await executor().cancelJob(job('4260+1'))).toEqual({ ok: true, message: 'Cancelled Slurm job 4260' });
    expect(slurmCalls()).toEqual([
      'DELETE /slurm/v0.0.42/job/4242',
      'DELETE /slurm/v0.0.42/job/4243_7',
      'DELETE /slurm/v0.0.42/job/4260',
    ]);
    expect([...slurm.jobs.values()].map((j) => j.job_state[0])).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
  });

  it('reports an unknown job as slurmctld does, and refuses an id that is not a Slurm job without calling', async () => {
    await start(['v0.0.42']);
    expect(await executor().cancelJob(job('999'))).toEqual({
      ok: false,
      message:
        'Cancel of Slurm job 999 failed: Signal request failed: Invalid job id specified (Slurm error 2017) (HTTP 404)',
    });
    expect(await executor().cancelJob(job('ml/train'))).toEqual({
      ok: false,
      message: '"ml/train" is not a Slurm job id',
    });
    expect(slurmCalls()).toEqual(['DELETE /slurm/v0.0.42/job/999']);
  });

  it('requeues through slurmrestd on v0.0.45 and lets the job start at once', async () => {
    await start(['v0.0.45']);
    const before = Math.floor(Date.now() / 1000);
    const result = await executor().restartJob(job('4242'));
    const after = Math.floor(Date.now() / 1000);
    expect(result).toEqual({
      ok: true,
      message: 'Requeued Slurm job 4242 through slurmrestd; it is pending again and may start at once',
    });
    expect(slurmCalls()).toEqual([
      'GET /slurm/v0.0.45/job/4242',
      'GET /slurm/v0.0.45/job/4242/requeue',
      'GET /slurm/v0.0.45/job/4242',
      'POST /slurm/v0.0.45/job/4242',
    ]);
    expect(slurm.jobs.get(4242)).toMatchObject({ job_state: ['PENDING', 'REQUEUED'], restart_cnt: 1 });
    // Eligible two seconds on, past the second slurmd revoked its previous credential, not after the 120 s delay.
    const begin = slurm.jobs.get(4242)!.begin;
    expect(begin).toBeGreaterThanOrEqual(before + START_MARGIN_SECONDS);
    expect(begin).toBeLessThanOrEqual(after + START_MARGIN_SECONDS);
    expect(scontrolCalls).toEqual([]);
  });

  it('refuses a requeue before v0.0.45 without scontrol, naming the command and the setting', async () => {
    await start(['v0.0.41']);
    const result = await executor().restartJob(job('4242'));
    expect(slurm.jobs.get(4242)?.job_state).toEqual(['RUNNING']);
    expect(result).toEqual({
      ok: false,
      message:
        'Requeueing a job through slurmrestd v0.0.41 is not supported by the Slurm executor: slurmrestd has no requeue ' +
        'operation before v0.0.45; run `scontrol requeue 4242` or set SLURM_CONTROL=scontrol to let the worker run it',
    });
    expect(slurmCalls()).toEqual(['GET /slurm/v0.0.41/job/4242']);
  });

  it('requeues with scontrol where allowed, then lifts the start delay through slurmrestd', async () => {
    await start(['v0.0.41']);
    const result = await executor({ control: 'scontrol' }).restartJob(job('4242'));
    expect(result).toEqual({
      ok: true,
      message: 'Requeued Slurm job 4242 (scontrol requeue 4242); it is pending again and may start at once',
    });
    expect(scontrolCalls).toEqual([['requeue', '4242']]);
    expect(slurm.requests.find((r) => r.method === 'POST')?.body).toEqual({
      begin_time: { set: true, infinite: false, number: expect.any(Number) },
    });
  });

  it('lifts the start delay of a requeued array task by its own job id, not the array expression', async () => {
    await start(['v0.0.42']);
    slurm.addJob(4250, 'sweep', ['RUNNING'], { array: { jobId: 4243, taskId: 7 } });
    const result = await executor({ control: 'scontrol' }).restartJob(job('4243_7'));
    expect(result.message).toBe(
      'Requeued Slurm job 4243_7 (scontrol requeue 4243_7); it is pending again and may start at once',
    );
    expect(scontrolCalls).toEqual([['requeue', '4243_7']]);
    expect(slurmCalls().at(-1)).toBe('POST /slurm/v0.0.42/job/4250');
  });

  it('drains: DRAIN, then requeues the jobs running there, and says what it could not requeue', async () => {
    await start(['v0.0.41']);
    slurm.addJob(4243, 'pinned', ['RUNNING'], { nodes: ['gpu-01'], requeue: false });
    slurm.addJob(4244, 'elsewhere', ['RUNNING'], { nodes: ['gpu-02'] });
    const refused = await executor().drainNode('gpu-01', 'fatal XID');
    expect(refused.ok).toBe(true);
    expect(refused.message).toMatch(
      /^Set gpu-01 to DRAIN \(through slurmrestd\); not requeued: 4242 \(Requeueing a job .* is not supported .*\); 4243 \(submitted with --no-requeue: it runs to its end\)$/,
    );
    scontrolCalls = [];
    const drained = await executor({ control: 'scontrol' }).drainNode('gpu-01', 'fatal XID');
    expect(drained.message).toMatch(
      /; requeued 4242 to start elsewhere; not requeued: 4243 \(submitted with --no-requeue/,
    );
    expect(scontrolCalls).toEqual([['requeue', '4242']]);
  });

  it('reboots with scontrol reboot ASAP nextstate=RESUME where allowed, and otherwise says how', async () => {
    await start(['v0.0.44']);
    const refused = await executor().rebootNode('gpu-01', 'fatal XID');
    expect(refused).toEqual({
      ok: false,
      message:
        'Rebooting a node is not supported by the Slurm executor: slurmrestd has no reboot operation; run ' +
        '`scontrol reboot ASAP nextstate=RESUME "reason=fatal XID" gpu-01` or set SLURM_CONTROL=scontrol to let the worker run it',
    });
    expect(scontrolCalls).toEqual([]);
    const rebooted = await executor({ control: 'scontrol' }).rebootNode('gpu-01', 'fatal XID');
    expect(rebooted.ok).toBe(true);
    expect(scontrolCalls).toEqual([['reboot', 'ASAP', 'nextstate=RESUME', 'reason=fatal XID', 'gpu-01']]);
  });

  it('says the credentials were rejected, changing nothing', async () => {
    await start(['v0.0.41']);
    const result = await executor({ token: { value: 'expired' } }).cordonNode('gpu-01', 'x');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /slurmrestd rejected the credentials \(401 Authentication failure\); check SLURM_USER/,
    );
    expect(slurm.nodes.get('gpu-01')?.state).toEqual(['MIXED']);
  });

  it('answers not ok with what to do instead for replace, pool and service scaling', async () => {
    await start(['v0.0.41']);
    const s = executor();
    for (const result of [
      await s.replaceNode('gpu-01', 'fatal XID'),
      await s.scalePool('gpu', 10),
      await s.scaleService({ externalId: '1', name: 'svc' }, 2),
    ]) {
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/ is not supported by the Slurm executor: \S/);
    }
  });
});

describe('Slurm settings', () => {
  const base = { FLEET_EXECUTOR: 'slurm', SLURM_REST_URL: 'http://slurm:6820/', SLURM_USER: 'u', SLURM_TOKEN: 't' };

  it('acts on Slurm when Slurm is the source, unless told otherwise', () => {
    expect(executorName({ FLEET_SOURCE: 'slurm', FLEET_EXECUTOR: undefined })).toBe('slurm');
    expect(executorName({ FLEET_SOURCE: 'slurm', FLEET_EXECUTOR: 'none' })).toBe('none');
  });

  it('discovers the API version, allows no scontrol, and trims a trailing slash by default', () => {
    expect(slurmConfigFromEnv(base)).toEqual({
      url: 'http://slurm:6820',
      user: 'u',
      token: { value: 't' },
      apiVersion: null,
      timeoutMs: 30_000,
      clusterName: 'slurm',
      pricingClass: 'on_demand',
      control: 'none',
      slurmConf: null,
    });
  });

  it('names each bad variable, then each missing one', () => {
    expect(() => slurmConfigFromEnv({ ...base, SLURM_REST_URL: 'slurm:6820', SLURM_CONTROL: 'ssh' })).toThrow(
      /SLURM_REST_URL: must be the http\(s\) URL .*\n.*SLURM_CONTROL: /,
    );
    expect(() => slurmConfigFromEnv({ FLEET_SOURCE: 'slurm', SLURM_REST_URL: 'http://slurm:6820' })).toThrow(
      /SLURM_USER: is required with FLEET_SOURCE=slurm.*\n.*SLURM_TOKEN: or SLURM_TOKEN_FILE is required/,
    );
    expect(() => slurmConfigFromEnv({ ...base, SLURM_API_VERSION: 'v0.0.39' })).toThrow(
      'SLURM_API_VERSION=v0.0.39 is not spoken by the console; it speaks v0.0.38, v0.0.40, v0.0.41, v0.0.42, v0.0.43, v0.0.44, v0.0.45',
    );
  });
});

// Generous limits: slurmctld on a machine busy with other work can take tens of seconds to act.
describe.skipIf(SLURM_NOT_INSTALLED)(
  'the Slurm executor on a real Slurm 22.05 (slurmrestd v0.0.38)',
  { timeout: 240_000 },
  () => {
    let slurm: SlurmCluster;
    let executor: SlurmExecutor;

    beforeAll(async () => {
      slurm = await SlurmCluster.start();
      // The executor waits as long as it must for a requeued job to be pending again; here a test would time out first.
      executor = new SlurmExecutor(slurm.config(), { startNowWithinMs: 30_000 });
    }, 240_000);

    afterAll(async () => {
      await slurm?.stop();
    });

    const running = (j: Record<string, string>) => j.JobState === 'RUNNING';

    it('cancels a running GPU job', async () => {
      const id = await slurm.sbatch(['--gres=gpu:h100:2', '-J', 'to-cancel']);
      await slurm.waitForJob(id, running);
      expect(await executor.cancelJob(job(String(id)))).toEqual({ ok: true, message: `Cancelled Slurm job ${id}` });
      await slurm.waitForJob(id, (j) => j.JobState === 'CANCELLED');
    });

    it('requeues a running job with scontrol and it starts again without the requeue delay', async () => {
      const id = await slurm.sbatch(['--gres=gpu:h100:2', '-J', 'to-requeue']);
      await slurm.waitForJob(id, running);
      const result = await executor.restartJob(job(String(id)));
      expect(result).toEqual({
        ok: true,
        message: `Requeued Slurm job ${id} (scontrol requeue ${id}); it is pending again and may start at once`,
      });
      const again = await slurm.waitForJob(id, (j) => running(j) && j.Restarts === '1', 180_000);
      // Without the lifted begin time Slurm would hold it for 120 s after the requeue (EligibleTime).
      expect(new Date(again.EligibleTime).getTime()).toBeLessThanOrEqual(new Date(again.StartTime).getTime());
      await executor.cancelJob(job(String(id)));
    });

    it("requeues each task of an array, the one holding the array's own id too, without the requeue delay", async () => {
      const array = await slurm.sbatch(['--gres=gpu:a100:2', '-p', 'a100', '--array=0-1', '-J', 'sweep']);
      for (const task of [0, 1]) {
        const id = `${array}_${task}`;
        await slurm.waitForJob(id, running);
        expect((await executor.restartJob(job(id))).message).toBe(
          `Requeued Slurm job ${id} (scontrol requeue ${id}); it is pending again and may start at once`,
        );
        const again = await slurm.waitForJob(id, (j) => running(j) && j.Restarts === '1', 180_000);
        expect(new Date(again.EligibleTime).getTime()).toBeLessThanOrEqual(new Date(again.StartTime).getTime());
      }
      await executor.cancelJob(job(String(array)));
    });

    it('drains a node: DRAIN through scontrol, its job requeued onto the other node, then resumes it', async () => {
      const id = await slurm.sbatch(['--gres=gpu:h100:8', '-J', 'big']);
      const node = (await slurm.waitForJob(id, running)).NodeList;
      const other = node === 'gpu1' ? 'gpu2' : 'gpu1';
      const result = await executor.drainNode(node, 'fatal XID 79');
      expect(result).toEqual({
        ok: true,
        message:
          `Set ${node} to DRAIN (scontrol update nodename=${node} state=drain "reason=fatal XID 79"); ` +
          `requeued ${id} to start elsewhere`,
      });
      const moved = await slurm.waitForJob(id, (j) => running(j) && j.Restarts === '1', 180_000);
      expect(moved.NodeList).toBe(other);
      await slurm.waitForNodes((state, name) => name !== node || state === 'drained');
      expect(await executor.uncordonNode(node)).toEqual({
        ok: true,
        message: `Resumed ${node} (scontrol update nodename=${node} state=resume): it takes jobs again`,
      });
      await slurm.waitForNodes((state, name) => name !== node || state === 'idle');
      await executor.cancelJob(job(String(id)));
    });

    it('reboots a node with scontrol: it drains, reboots and comes back taking jobs', async () => {
      const bootTime = async () => /BootTime=(\S+)/.exec(await slurm.scontrol('show', 'node', 'gpu3'))?.[1];
      const before = await bootTime();
      const result = await executor.rebootNode('gpu3', 'fatal XID 79');
      expect(result).toEqual({
        ok: true,
        message:
          'Asked Slurm to reboot gpu3 (scontrol reboot ASAP nextstate=RESUME "reason=fatal XID 79" gpu3): it drains, ' +
          'reboots once idle and resumes',
      });
      // The test cluster's RebootProgram restarts slurmd as a new boot; slurmctld then returns the node to service.
      const shown = await waitFor(
        'gpu3 back from its reboot',
        async () => {
          const text = await slurm.scontrol('show', 'node', 'gpu3');
          return (await bootTime()) !== before && /State=IDLE\s/.test(text) ? text : null;
        },
        180_000,
      );
      expect(shown).not.toMatch(/DRAIN|REBOOT/);
    });

    it('without SLURM_CONTROL refuses what slurmrestd 22.05 cannot do, naming the command, and changes nothing', async () => {
      const readOnly = new SlurmExecutor(slurm.config({ control: 'none' }));
      const result = await readOnly.cordonNode('gpu2', 'maintenance');
      expect(result).toEqual({
        ok: false,
        message:
          'Setting a node to DRAIN through slurmrestd v0.0.38 is not supported by the Slurm executor: slurmrestd has no ' +
          'node update before v0.0.40; run `scontrol update nodename=gpu2 state=drain reason=maintenance` or set ' +
          'SLURM_CONTROL=scontrol to let the worker run it',
      });
      expect((await slurm.nodeStates()).get('gpu2')).not.toMatch(/drain/);
    });
  },
);
