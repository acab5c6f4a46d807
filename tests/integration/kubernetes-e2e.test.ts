// FLEET_SOURCE=kubernetes end to end: the fake API server (the one Debian's kubectl is held to in kubectl.test.ts)
// holds two GPU nodes and a PyTorchJob; the simulator serves those nodes' GPUs as dcgm-exporter does, labelled with
// the job's pods; a real Prometheus scrapes it; the worker's own sequence (collector, action runner, recovery)
// reads both through the composed source and acts through the Kubernetes executor. The test plays the controllers
// a cluster has (the training operator recreating pods, NVIDIA's health monitor setting a node condition).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { DEFAULT_POLICIES } from '@/lib/db/seed';
import { KubernetesExecutor } from '@/lib/executors/kubernetes';
import { requestOperation } from '@/lib/ops/request';
import { ActionRunner } from '@/lib/ops/runner';
import { createKubernetesApis } from '@/lib/sources/kubernetes';
import { createSimulator } from '@/lib/sources/simulator';
import { startExporterServer, type ExporterServer } from '@/lib/sources/simulator/exporter-server';
import { toDcgmExposition } from '@/lib/sources/simulator/exposition';
import type { GpuSampleRecord, JobRecord, Topology } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { Drive } from '@/lib/worker/drive';
import { openKubernetes, type KubernetesSessionConfig } from '@/lib/worker/kubernetes-session';
import { FakeKubernetesApi, gpuNode, gpuPod, pytorchJob, type KubeObject } from '../fakes/kubernetes-api';
import { freePort, PROMETHEUS_MISSING, PrometheusProcess, sleep, sleepUntil } from './prometheus-process';
import { failWhenMissing, notInstalled } from './installed';
import { stopStarted } from './stop-started';

const MINUTE = 60_000;
/** A minute is read 30 s after it ends: its last scrape (every second here) has long landed by then. */
const LAG_MS = 30_000;
const KUBECTL = process.env.KUBECTL_BIN ?? '/usr/bin/kubectl';
const MISSING =
  PROMETHEUS_MISSING ??
  notInstalled({ name: 'kubectl', bin: KUBECTL, debianPackage: 'kubernetes-client', variable: 'KUBECTL_BIN' });

failWhenMissing('Kubernetes with Prometheus end to end', MISSING);

describe.skipIf(MISSING)('Kubernetes with Prometheus end to end', () => {
  let api: FakeKubernetesApi;
  let exporter: ExporterServer;
  let prometheus: PrometheusProcess;
  let pool: pg.Pool;
  let collector: Collector;
  let drive: Drive;
  let topology: Topology;
  let exposed: GpuSampleRecord[];
  let firstScrapeAt: number;
  let home: string;

  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows[0];
  const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows;

  const uuidsOf = (hostname: string) => topology.nodes.find((n) => n.hostname === hostname)!.gpus.map((g) => g.uuid);

  /**
   * The training operator's pods of the PyTorchJob, one on each node, named as the simulator's exporter labels a
   * job's pods: `<job>-<n>` for its nth node.
   */
  function addPods(job: KubeObject) {
    api.add('pods', gpuPod('research', 'llm-0', { node: 'gpu-r-001', owner: job }));
    api.add('pods', gpuPod('research', 'llm-1', { node: 'gpu-r-002', owner: job }));
  }

  /** Worker steps on the wall clock until `done` holds, as the worker runs them every few seconds. */
  async function stepUntil(done: () => Promise<boolean>, what: string, limitMs = 90_000) {
    const deadline = Date.now() + limitMs;
    for (;;) {
      await drive.step(new Date());
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`not seen within ${limitMs / 1000} s: ${what}`);
      await sleep(1_000);
    }
  }

  const request = (kind: 'job.restart' | 'node.cordon', targetId: number, reason: string) =>
    db.$transaction((tx) =>
      requestOperation(tx, {
        kind,
        targetId,
        reason,
        idempotencyKey: crypto.randomUUID(),
        requester: { kind: 'system' },
      }),
    );

  function kubectl(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile(
        KUBECTL,
        args,
        { env: { ...process.env, HOME: home, KUBECONFIG: path.join(home, 'kubeconfig') }, timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
  }

  beforeAll(async () => {
    // The simulator's GPUs at one minute, held still: every scrape reads the same values.
    const start = new Date('2026-11-02T08:00:00Z');
    const sim = createSimulator({ seed: 11, nodes: 2, startTime: start });
    topology = await sim.topology();
    const snapshot = sim.collectSync(start, new Date(start.getTime() + 20 * MINUTE));
    const last = Math.max(...snapshot.samples.map((s) => s.ts.getTime()));
    exposed = snapshot.samples.filter((s) => s.ts.getTime() === last);

    // The cluster: the simulator's two nodes as Kubernetes nodes, and a PyTorchJob of one master and one worker.
    api = await FakeKubernetesApi.start({ tls: true });
    for (const node of topology.nodes) {
      api.add(
        'nodes',
        gpuNode(node.hostname, {
          labels: {
            'fleet.io/pool': node.pool,
            'fleet.io/pricing-class': 'reserved',
            'nvidia.com/gpu.product': node.gpus[0].model.replace(/ /g, '-'),
            'nvidia.com/gpu.memory': String(node.gpus[0].memoryMib),
          },
        }),
      );
    }
    const llm = api.add(
      'pytorchjobs',
      pytorchJob('research', 'llm', { workers: 1, labels: { 'fleet.io/project': 'llm-70b' } }),
    );
    addPods(llm);

    // dcgm-exporter: each GPU labelled with the pod holding it (namespace research, pods llm-0 and llm-1), as the
    // kubelet's pod-resources API tells it; the simulator's exporter labels a job's GPUs so.
    const held: JobRecord = {
      ...snapshot.jobs[0],
      externalId: 'llm',
      team: 'research',
      kind: 'training',
      gpuUuids: [...uuidsOf('gpu-r-001'), ...uuidsOf('gpu-r-002')],
    };
    const text = toDcgmExposition(
      exposed.map((sample) => ({ ...sample, jobExternalId: 'llm' })),
      topology,
      [held],
    );
    exporter = await startExporterServer(() => text, { host: '127.0.0.1', port: 0 });
    prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${exporter.port}`);
    await prometheus.start();
    await prometheus.holdsGpus(16, 60_000);
    firstScrapeAt = Date.now();

    home = mkdtempSync(path.join(os.tmpdir(), 'fleet-k8s-e2e-'));
    writeFileSync(
      path.join(home, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {server: "${api.url}", certificate-authority: "${api.caFile}"}\n` +
        `users:\n- name: fleet\n  user: {token: "${api.token}"}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: fleet}\ncurrent-context: fake\n`,
    );

    const connection = {
      mode: 'url' as const,
      server: api.url,
      token: api.token,
      caFile: api.caFile,
      insecureSkipTlsVerify: false,
    };
    const config: KubernetesSessionConfig = {
      kubernetes: { connection, clusterName: 'k8s-e2e', drainTimeoutSeconds: 30, timeoutMs: 10_000 },
      prometheus: prometheus.sourceConfig('k8s-e2e', 'reserved'),
      backfillSampleHours: 1,
    };
    await db.recoveryPolicy.createMany({ data: DEFAULT_POLICIES, skipDuplicates: true });
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    collector = new Collector(pool, {
      cluster: 'k8s-e2e',
      openSource: (p) => openKubernetes(p, config, { schedulerReuseMs: 0 }),
      backfillSampleHours: 1,
    });
    const executor = new KubernetesExecutor(createKubernetesApis(connection), {
      drainTimeoutMs: 30_000,
      backoff: { initialMs: 50, maxMs: 500 },
    });
    drive = new Drive(pool, collector, new ActionRunner(executor), { sourceKind: 'kubernetes' });
  }, 150_000);

  afterAll(() => stopStarted({ drive, collector, prometheus, exporter, api, pool, home }));

  it('reads the nodes with dcgm-exporter’s GPU UUIDs, and the PyTorchJob as one job holding its 16 GPUs', async () => {
    // The first whole minute with scrapes in it must be over, and its last scrape read.
    await sleepUntil(Math.floor(firstScrapeAt / MINUTE) * MINUTE + MINUTE + LAG_MS + 1_000);
    await stepUntil(async () => Number((await one('SELECT count(*) AS n FROM gpu_sample')).n) > 0, 'samples');

    // One GPU row per GPU, named by its real UUID: Kubernetes's placeholders were renamed, not doubled.
    const gpus = await rows<{ uuid: string; model: string; hostname: string }>(
      'SELECT g.uuid, g.model, n.hostname FROM gpu g JOIN node n ON n.id = g.node_id ORDER BY n.hostname, g.index',
    );
    expect(gpus.map((g) => g.uuid)).toEqual(topology.nodes.flatMap((n) => n.gpus.map((g) => g.uuid)));
    expect(new Set(gpus.map((g) => g.model))).toEqual(new Set(['NVIDIA H800 80GB HBM3']));
    expect(await rows('SELECT name, gpu_model, pricing_class FROM pool')).toEqual([
      { name: 'h800-reserved', gpu_model: 'NVIDIA H800 80GB HBM3', pricing_class: 'reserved' },
    ]);
    expect(await rows('SELECT hostname, state FROM node ORDER BY hostname')).toEqual([
      { hostname: 'gpu-r-001', state: 'ready' },
      { hostname: 'gpu-r-002', state: 'ready' },
    ]);

    const job = await one<{
      id: number;
      kind: string;
      state: string;
      gpus_requested: number;
      team: string;
      project: string;
    }>(
      `SELECT j.id, j.kind, j.state, j.gpus_requested, t.name AS team, p.name AS project
       FROM job j JOIN team t ON t.id = j.team_id JOIN project p ON p.id = j.project_id WHERE j.external_id = 'research/llm'`,
    );
    expect(job).toMatchObject({
      kind: 'training',
      state: 'running',
      gpus_requested: 16,
      team: 'research',
      project: 'llm-70b',
    });
    expect(Number((await one('SELECT count(*) AS n FROM job')).n)).toBe(1);
    const held = await rows<{ uuid: string }>(
      `SELECT g.uuid FROM allocation a JOIN gpu g ON g.id = a.gpu_id WHERE a.job_id = $1 AND a."to" IS NULL ORDER BY g.uuid`,
      [job.id],
    );
    expect(held.map((h) => h.uuid)).toEqual(topology.nodes.flatMap((n) => n.gpus.map((g) => g.uuid)).sort());

    // Every sample is the exporter's value, charged to the job its pod belongs to.
    const samples = await rows<{ uuid: string; util: number; job: string | null }>(
      `SELECT g.uuid, s.util, j.external_id AS job FROM gpu_sample s JOIN gpu g ON g.id = s.gpu_id
       LEFT JOIN job j ON j.id = s.job_id`,
    );
    const utilOf = new Map(exposed.map((s) => [s.uuid, s.util]));
    for (const sample of samples) expect([sample.util, sample.job]).toEqual([utilOf.get(sample.uuid), 'research/llm']);
    expect(
      await one('SELECT last_error, data_until IS NOT NULL AS has_data FROM data_source WHERE name = $1', ['k8s-e2e']),
    ).toEqual({ last_error: null, has_data: true });
  }, 240_000);

  it('restarts the PyTorchJob through the Kubernetes executor, and sees it running again, one restart on', async () => {
    const job = await one<{ id: number; restart_count: number }>(
      `SELECT id, restart_count FROM job WHERE external_id = 'research/llm'`,
    );
    const action = await request('job.restart', job.id, 'Loss diverged after a bad batch');
    await stepUntil(async () => api.all('pods').length === 0, 'the executor deleting the job’s pods');
    expect(api.get('pytorchjobs', 'research', 'llm')!.metadata.annotations).toEqual({ 'fleet.io/restarts': '1' });

    // The training operator creates the pods again.
    addPods(api.get('pytorchjobs', 'research', 'llm')!);
    await stepUntil(
      async () => (await db.action.findUniqueOrThrow({ where: { id: action.id } })).state !== 'running',
      'the restart settled',
    );
    const settled = await db.action.findUniqueOrThrow({ where: { id: action.id } });
    expect([settled.state, settled.message]).toEqual(['succeeded', 'llm is running again']);
    expect(await one(`SELECT state, restart_count FROM job WHERE id = $1`, [job.id])).toEqual({
      state: 'running',
      restart_count: job.restart_count + 1,
    });
    expect(await rows(`SELECT kind FROM job_event WHERE job_id = $1 AND kind = 'restarted'`, [job.id])).toHaveLength(1);
  }, 240_000);

  it('cordons a node through the Kubernetes executor, which kubectl shows and the console reads back', async () => {
    const node = await one<{ id: number }>(`SELECT id FROM node WHERE hostname = 'gpu-r-002'`);
    const action = await request('node.cordon', node.id, 'NVLink errors on GPU 3');
    await stepUntil(
      async () => (await one(`SELECT state FROM node WHERE id = $1`, [node.id])).state === 'cordoned',
      'the node cordoned',
    );
    expect((await db.action.findUniqueOrThrow({ where: { id: action.id } })).state).toBe('succeeded');
    expect(await one(`SELECT state, state_reason FROM node WHERE id = $1`, [node.id])).toEqual({
      state: 'cordoned',
      state_reason: 'NVLink errors on GPU 3',
    });
    expect(await kubectl('get', 'node', 'gpu-r-002', '--no-headers')).toMatch(
      /^gpu-r-002\s+Ready,SchedulingDisabled\s/,
    );
  }, 240_000);

  it('takes a node down when NVIDIA’s health monitor reports an XID, and recovery drains it, then pages for the reboot', async () => {
    api.update('nodes', undefined, 'gpu-r-001', (node) => {
      const conditions = (node.status!.conditions as object[]) ?? [];
      conditions.push({
        type: 'SysLogsXIDError',
        status: 'True',
        reason: 'SysLogsXIDErrorIsNotHealthy',
        message: 'XID 79: GPU has fallen off the bus (GPU 2)',
        lastTransitionTime: new Date().toISOString(),
      });
    });
    const node = await one<{ id: number }>(`SELECT id FROM node WHERE hostname = 'gpu-r-001'`);
    await stepUntil(
      async () => (await db.recovery.findFirst({ where: { nodeId: node.id } }))?.state === 'failed',
      'the node’s recovery finished',
      180_000,
    );
    expect(await one(`SELECT state, state_reason FROM node WHERE id = $1`, [node.id])).toEqual({
      state: 'down',
      state_reason: 'SysLogsXIDError: SysLogsXIDErrorIsNotHealthy: XID 79: GPU has fallen off the bus (GPU 2)',
    });
    // The node's page lists the condition among its health signals.
    const { health_signals: signals } = await one<{ health_signals: { name: string; problem: boolean }[] }>(
      `SELECT health_signals FROM node WHERE id = $1`,
      [node.id],
    );
    expect(signals).toEqual([expect.objectContaining({ kind: 'condition', name: 'SysLogsXIDError', problem: true })]);
    const fault = await one(`SELECT kind, fatal FROM gpu_fault WHERE node_id = $1 ORDER BY at DESC LIMIT 1`, [node.id]);
    expect(fault).toEqual({ kind: 'xid', fatal: true });
    // Cordoned and drained through the API server; a reboot is not a Kubernetes operation, so on-call is paged.
    const actions = await rows<{ kind: string; state: string; message: string }>(
      `SELECT kind, state, message FROM action WHERE target_type = 'node' AND target_id = $1 ORDER BY requested_at`,
      [String(node.id)],
    );
    expect(actions.map((a) => [a.kind, a.state])).toEqual([
      ['node.cordon', 'succeeded'],
      ['node.drain', 'succeeded'],
      ['node.reboot', 'failed'],
      ['node.replace', 'failed'],
    ]);
    expect(actions[2].message).toContain('Rebooting a node is not supported by the Kubernetes executor');
    expect(api.get('nodes', undefined, 'gpu-r-001')!.spec?.unschedulable).toBe(true);
    expect(api.get('pods', 'research', 'llm-0')).toBeUndefined();
    const incident = await db.incident.findFirstOrThrow({ where: { nodeId: node.id } });
    expect(incident.severity).toBe('page');
  }, 300_000);
});
