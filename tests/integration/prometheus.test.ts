// The Prometheus source end to end: the simulator serves its GPUs as dcgm-exporter does, a real Prometheus
// (Debian's package) scrapes it every second, and the collector reads Prometheus into the test's PostgreSQL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '@/lib/sources/prometheus';
import { createSimulator } from '@/lib/sources/simulator';
import {
  EXPOSITION_CONTENT_TYPE,
  startExporterServer,
  type ExporterServer,
} from '@/lib/sources/simulator/exporter-server';
import { toDcgmExposition } from '@/lib/sources/simulator/exposition';
import type { GpuSampleRecord } from '@/lib/sources/types';
import { Collector } from '@/lib/worker/collector';
import { openPrometheus, type PrometheusSessionConfig } from '@/lib/worker/prometheus-session';
import { ALL_MINUTES } from './minutes';
import { freePort } from './free-port';
import { PROMETHEUS_MISSING, PrometheusProcess, sleepUntil } from './prometheus-process';
import { sourceFailure } from '../source-failure';
import { failWhenMissing } from './installed';
import { stopStarted } from './stop-started';

const MINUTE = 60_000;
/** The source reads a minute 30 s after it ends (its last scrape has long landed at a 1 s scrape interval). */
const LAG_MS = 30_000;

interface Exposed {
  util: number;
  fb: number;
  power: number;
  temp: number;
  xid: number;
  job: string | null;
}

/** What the exposition says of each GPU, read back from its text. */
function parseExposition(text: string): Map<string, Exposed> {
  const gpus = new Map<string, Exposed>();
  const fields: Record<string, Exclude<keyof Exposed, 'job'>> = {
    DCGM_FI_DEV_GPU_UTIL: 'util',
    DCGM_FI_DEV_FB_USED: 'fb',
    DCGM_FI_DEV_POWER_USAGE: 'power',
    DCGM_FI_DEV_GPU_TEMP: 'temp',
    DCGM_FI_DEV_XID_ERRORS: 'xid',
  };
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    const field = match && fields[match[1]];
    if (!match || !field) continue;
    const labels = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const gpu = gpus.get(labels.UUID) ?? { util: 0, fb: 0, power: 0, temp: 0, xid: 0, job: null };
    gpu[field] = Number(match[3]);
    if (field === 'util') gpu.job = labels.pod ? `${labels.namespace}/${labels.pod}` : null;
    gpus.set(labels.UUID, gpu);
  }
  return gpus;
}

/** The simulator's readings at one minute, held still: every scrape sees the same values. */
async function heldReadings() {
  const start = new Date('2026-11-02T08:00:00Z');
  const sim = createSimulator({ seed: 11, nodes: 2, startTime: start });
  const snapshot = sim.collectSync(start, new Date(start.getTime() + 20 * MINUTE));
  const last = Math.max(...snapshot.samples.map((s) => s.ts.getTime()));
  const samples: GpuSampleRecord[] = snapshot.samples
    .filter((s) => s.ts.getTime() === last)
    // One GPU holds a warning XID in the gauge the whole time; the others none.
    .map((s, i) => ({ ...s, xid: i === 3 ? 13 : 0 }));
  return toDcgmExposition(samples, await sim.topology(), snapshot.jobs);
}

const count = async (pool: pg.Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query(sql, params)).rows[0].n);

failWhenMissing('the Prometheus source', PROMETHEUS_MISSING);

describe.skipIf(PROMETHEUS_MISSING)(
  'the Prometheus source against a real Prometheus scraping the simulator exporter',
  () => {
    let pool: pg.Pool;
    let exporter: ExporterServer;
    let prometheus: PrometheusProcess;
    let hanging: http.Server;
    let hangingUrl: string;
    let exposed: Map<string, Exposed>;
    let text: string;
    let firstScrapeAt: number;
    let current: PrometheusSessionConfig;
    let collector: Collector;

    const configFor = (changes: Partial<PrometheusSessionConfig['prometheus']> = {}): PrometheusSessionConfig => ({
      prometheus: { ...prometheus.sourceConfig('prom-test'), ...changes },
      backfillSampleHours: 1,
    });

    /** Collects as the worker does: a failure is recorded in data_source, and the next step opens the source again. */
    async function step(config: PrometheusSessionConfig) {
      if (config !== current) {
        current = config;
        await collector.resign();
        expect(await collector.lead()).toBe(true);
      }
      try {
        return await collector.advance(new Date());
      } catch (error) {
        await collector.recordFailure('prometheus', error);
        throw error;
      }
    }

    beforeAll(async () => {
      pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
      text = await heldReadings();
      exposed = parseExposition(text);
      exporter = await startExporterServer(() => text, { host: '127.0.0.1', port: 0 });
      prometheus = new PrometheusProcess(await freePort(), `127.0.0.1:${exporter.port}`);
      await prometheus.start();

      hanging = http.createServer(() => {});
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;

      await prometheus.holdsGpus(exposed.size);
      firstScrapeAt = Date.now();
      current = configFor();
      collector = new Collector(pool, { openSource: (p) => openPrometheus(p, current), backfillSampleHours: 1 });
      expect(await collector.lead()).toBe(true);
    }, 90_000);

    afterAll(async () => {
      await stopStarted({ collector, prometheus, exporter });
      if (hanging) {
        hanging.closeAllConnections();
        await new Promise((resolve) => hanging.close(resolve));
      }
      await pool?.end();
    });

    it('serves the simulator on /metrics in the exposition format', async () => {
      const response = await fetch(exporter.url);
      expect(response.headers.get('content-type')).toBe(EXPOSITION_CONTENT_TYPE);
      expect(await response.text()).toBe(text);
      expect((await fetch(exporter.url.replace('/metrics', '/'))).status).toBe(404);
      expect(exposed.size).toBe(16);
    });

    it('stores for every GPU and minute exactly the values the exporter exposed', async () => {
      // The first whole minute with scrapes in it must be over, and its last scrape read.
      await sleepUntil(Math.floor(firstScrapeAt / MINUTE) * MINUTE + MINUTE + LAG_MS + 1_000);
      await step(current);

      const { rows } = await pool.query<{
        uuid: string;
        ts: Date;
        util: number;
        fb_used_mib: number;
        power_w: number;
        temp_c: number;
        xid: number;
        sm_active_bp: number | null;
        job: string | null;
      }>(
        `SELECT g.uuid, s.ts, s.util, s.fb_used_mib, s.power_w, s.temp_c, s.xid, s.sm_active_bp, j.external_id AS job
       FROM ${ALL_MINUTES} s JOIN gpu g ON g.id = s.gpu_id LEFT JOIN job j ON j.id = s.job_id ORDER BY s.ts`,
      );
      expect(new Set(rows.map((row) => row.uuid))).toEqual(new Set(exposed.keys()));
      for (const row of rows) {
        const gpu = exposed.get(row.uuid)!;
        expect({ util: row.util, fb: row.fb_used_mib, power: row.power_w, temp: row.temp_c, job: row.job }).toEqual({
          util: gpu.util,
          fb: gpu.fb,
          power: gpu.power,
          temp: gpu.temp,
          job: gpu.job,
        });
        expect(row.sm_active_bp).not.toBeNull();
      }
      // The XID gauge holds 13 throughout: one error, in the first minute it was seen, and one fault.
      const [withXid] = [...exposed].find(([, gpu]) => gpu.xid === 13)!;
      expect(rows.filter((row) => row.xid !== 0).map((row) => [row.uuid, row.xid, row.ts])).toEqual([
        [withXid, 13, rows.find((row) => row.uuid === withXid)!.ts],
      ]);
      expect(
        (await pool.query(`SELECT f.code, g.uuid FROM gpu_fault f JOIN gpu g ON g.id = f.gpu_id WHERE f.kind = 'xid'`))
          .rows,
      ).toEqual([{ code: 13, uuid: withXid }]);

      // One running job per pod, in its namespace, holding the GPUs labelled with it.
      const pods = new Set([...exposed.values()].flatMap((gpu) => (gpu.job ? [gpu.job] : [])));
      expect(pods.size).toBeGreaterThan(0);
      const jobs = await pool.query<{ external_id: string; team: string; gpus: number }>(
        `SELECT j.external_id, t.name AS team, count(a.id)::int AS gpus FROM job j JOIN team t ON t.id = j.team_id
       LEFT JOIN allocation a ON a.job_id = j.id AND a."to" IS NULL WHERE j.state = 'running' GROUP BY j.id, t.name`,
      );
      expect(new Set(jobs.rows.map((job) => job.external_id))).toEqual(pods);
      for (const job of jobs.rows) {
        expect(job.team).toBe(job.external_id.split('/')[0]);
        expect(job.gpus).toBe([...exposed.values()].filter((gpu) => gpu.job === job.external_id).length);
      }
      expect(await count(pool, `SELECT count(*) AS n FROM node WHERE state = 'ready'`)).toBe(2);
      const source = (await pool.query('SELECT last_success_at, last_error FROM data_source')).rows;
      expect(source).toEqual([{ last_success_at: expect.any(Date), last_error: null }]);
    }, 150_000);

    it('records bad credentials as unauthorized, and writes nothing', async () => {
      const client = new PrometheusClient({ ...configFor().prometheus, password: 'wrong' });
      const direct = await sourceFailure(client.query('up', new Date()));
      expect(direct.reason).toBe('unauthorized');
      expect(direct.message).toBe(
        `Prometheus at ${prometheus.url} answered 401: check PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD (prometheus.username and prometheus.password in a clusters file)`,
      );

      const samples = await count(pool, `SELECT count(*) AS n FROM ${ALL_MINUTES} s`);
      expect((await sourceFailure(step(configFor({ password: 'wrong' })))).reason).toBe('unauthorized');
      expect((await sourceFailure(step(configFor({ username: undefined, password: undefined })))).message).toContain(
        'it asks for credentials',
      );
      const { rows } = await pool.query(
        'SELECT last_error, last_error_at > last_success_at AS failing FROM data_source',
      );
      expect(rows).toEqual([{ last_error: expect.stringContaining('answered 401'), failing: true }]);
      expect(await count(pool, `SELECT count(*) AS n FROM ${ALL_MINUTES} s`)).toBe(samples);
    });

    it('records a Prometheus that does not answer as a timeout', async () => {
      const error = await sourceFailure(step(configFor({ url: hangingUrl, timeoutMs: 1_000 })));
      expect(error.reason).toBe('timeout');
      expect(error.message).toBe(
        `Prometheus at ${hangingUrl} did not answer within 1 s: check that it is up and not overloaded, or raise ` +
          'PROMETHEUS_TIMEOUT_SECONDS (prometheus.timeoutSeconds in a clusters file)',
      );
      expect((await pool.query('SELECT last_error FROM data_source')).rows[0].last_error).toBe(error.message);
    });

    it('records a stopped Prometheus as unreachable without writing zeros, and fills the gap when it is back', async () => {
      await step(configFor());
      const samplesBefore = await count(pool, `SELECT count(*) AS n FROM ${ALL_MINUTES} s`);
      const cursor = (await pool.query('SELECT data_until FROM data_source')).rows[0].data_until as Date;
      // Stopped a few seconds into a minute, so that minute holds scrapes from before the stop.
      if (Date.now() % MINUTE < 3_000) await sleepUntil(Math.floor(Date.now() / MINUTE) * MINUTE + 3_000);
      await prometheus.stop();

      // A minute falls due while Prometheus is down.
      const due = Math.floor(cursor.getTime() / MINUTE) * MINUTE + MINUTE;
      await sleepUntil(due + LAG_MS + 1_000);
      const error = await sourceFailure(step(current));
      expect(error.reason).toBe('unreachable');
      expect(error.message).toContain(`Prometheus at ${prometheus.url} could not be reached (ECONNREFUSED)`);
      expect(await count(pool, `SELECT count(*) AS n FROM ${ALL_MINUTES} s`)).toBe(samplesBefore);
      const stale = (await pool.query('SELECT data_until, last_error FROM data_source')).rows[0];
      expect(stale.data_until).toEqual(cursor);
      expect(stale.last_error).toBe(error.message);

      // Back on the same storage: the next step succeeds and reads the minute it missed, with the values exposed.
      await prometheus.start();
      await step(current);
      const { rows } = await pool.query<{ uuid: string; util: number; temp_c: number }>(
        `SELECT g.uuid, s.util, s.temp_c FROM ${ALL_MINUTES} s JOIN gpu g ON g.id = s.gpu_id WHERE s.ts = $1`,
        [new Date(due)],
      );
      expect(rows).toHaveLength(exposed.size);
      for (const row of rows)
        expect([row.util, row.temp_c]).toEqual([exposed.get(row.uuid)!.util, exposed.get(row.uuid)!.temp]);
      const { rows: recovered } = await pool.query(
        'SELECT last_success_at > last_error_at AS ok, data_until > $1 AS moved FROM data_source',
        [cursor],
      );
      expect(recovered).toEqual([{ ok: true, moved: true }]);
      expect(await count(pool, `SELECT count(*) AS n FROM ${ALL_MINUTES} s WHERE util = 0 AND power_w = 0`)).toBe(0);
    }, 150_000);
  },
);
