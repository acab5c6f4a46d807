// The test Slurm itself: daemons up on free ports, GPUs handed out by index, everything gone after stop.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLURM_NOT_INSTALLED, SlurmCluster } from './slurm-cluster';
import { failWhenMissing } from './installed';

failWhenMissing('the Slurm tests', SLURM_NOT_INSTALLED);

describe.skipIf(SLURM_NOT_INSTALLED)('a real Slurm on 127.0.0.1', () => {
  let slurm: SlurmCluster;

  beforeAll(async () => {
    slurm = await SlurmCluster.start();
  }, 240_000);

  afterAll(async () => {
    await slurm?.stop();
  });

  it('answers slurmrestd pings with the JWT of the console user', async () => {
    const response = await fetch(`${slurm.url}/slurm/v0.0.38/ping`, { headers: slurm.headers() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { pings: { ping: string }[] };
    expect(body.pings[0].ping).toBe('UP');
    // Without a token slurmrestd refuses at once; a bad token is refused by slurmctld, which 22.05 reports as a 500.
    expect((await fetch(`${slurm.url}/slurm/v0.0.38/ping`)).status).toBe(401);
    const refused = await fetch(`${slurm.url}/slurm/v0.0.38/ping`, { headers: slurm.headers('root', 'not-a-jwt') });
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({ errors: [{ source: 'slurm_load_ctl_conf' }] });
  });

  it('gives a GPU job the GPUs it asked for, by index, on a node of its partition', async () => {
    const id = await slurm.sbatch(['--gres=gpu:a100:3', '--partition=a100']);
    const job = await slurm.waitForJob(id, (j) => j.JobState === 'RUNNING');
    expect(job.NodeList).toBe('gpu3');
    const detail = await slurm.scontrol('show', 'job', String(id), '--details');
    expect(detail).toMatch(/GRES=gpu:a100:3\(IDX:0-2\)/);
  });

  it('stops every process it started and removes its folder', async () => {
    const other = await SlurmCluster.start({
      nodes: [{ name: 'solo', gpus: 2, gpuType: 'l4', partitions: ['l4'] }],
    });
    const id = await other.sbatch(['--gres=gpu:1']);
    await other.waitForJob(id, (j) => j.JobState === 'RUNNING');
    expect(other.processes().length).toBeGreaterThan(3);
    await other.stop();
    expect(other.processes()).toEqual([]);
    expect(existsSync(other.dir)).toBe(false);
    // The first cluster, beside it, is untouched.
    expect((await slurm.nodeStates()).size).toBe(3);
  });
});
