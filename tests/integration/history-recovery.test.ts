// Backfilled history lived as the worker would have lived it (lib/worker/history.ts): on a small fixed-seed
// simulated cluster, every fault of its two days opens what the live engine opens, at the fault's own time.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '@/lib/worker/collector';
import { liveHistory, NOW } from './lived-history';

const MINUTE = 60_000;

describe('backfilled history', () => {
  let pool: pg.Pool;
  let collector: Collector;
  let episodes = 0;
  let stop: () => Promise<void>;
  const rows = async <T extends pg.QueryResultRow>(sql: string) => (await pool.query<T>(sql)).rows;
  const count = async (sql: string) => (await rows<{ n: number }>(sql))[0].n;

  beforeAll(async () => {
    ({ pool, collector, episodes, stop } = await liveHistory());
  }, 600_000);
  afterAll(() => stop());

  it('reads the whole history, stopping at each fault', async () => {
    expect((await collector.advance(NOW)).getTime()).toBe(NOW.getTime());
    // 16 minutes hold a failed job or a fatal fault (most failures are a node's fatal fault killing its job).
    expect(episodes).toBe(16);
  });

  it('opens one recovery per fault, detected within two minutes of it, by the policies', async () => {
    // The two days hold 6 failed jobs (job events) and 15 fatal faults (14 fatal XIDs and 1 node loss): 15 times a
    // node went down, on 8 nodes (gpu-s-004, gpu-r-012 and the lemon, gpu-s-001, three times each; gpu-r-006
    // twice). The six failures are of four fine-tuning jobs (two of them twice), which restart_failed_job covers.
    expect(await count(`SELECT count(*)::int AS n FROM job_event WHERE kind = 'failed'`)).toBe(6);
    expect(await count(`SELECT count(*)::int AS n FROM gpu_fault WHERE fatal`)).toBe(15);
    expect(await rows(`SELECT cause, state, count(*)::int AS n FROM recovery GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual([
      { cause: 'fatal_xid', state: 'recovered', n: 14 },
      { cause: 'job_failed', state: 'recovered', n: 6 },
      { cause: 'node_lost', state: 'recovered', n: 1 },
    ]);
    // Each failed job's recovery is dated from its failure; every recovery is detected on the next step or so.
    expect(
      await count(`SELECT count(*)::int AS n FROM recovery r JOIN job_event e ON e.job_id = r.job_id
                   AND e.kind = 'failed' AND e.at = r.fault_at`),
    ).toBe(6);
    const late = await count(
      `SELECT count(*)::int AS n FROM recovery WHERE detected_at - fault_at > interval '2 minutes' OR detected_at > '${NOW.toISOString()}'`,
    );
    expect(late).toBe(0);
  });

  it('carries out the actions the live engine asks for, audited, at their simulated times', async () => {
    // 6 restarts; 15 nodes cordoned, 11 rebooted and 4 replaced: gpu-r-012 at once at its first fault (XID 64, which
    // a reboot rarely fixes), and gpu-s-001, gpu-r-012 and gpu-s-004 at their third, which the policy replaces
    // rather than reboot again. 11 + 4 = 15 nodes back.
    expect(await rows(`SELECT kind, state, count(*)::int AS n FROM action GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual([
      { kind: 'job.restart', state: 'succeeded', n: 6 },
      { kind: 'node.cordon', state: 'succeeded', n: 15 },
      { kind: 'node.reboot', state: 'succeeded', n: 11 },
      { kind: 'node.replace', state: 'succeeded', n: 4 },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM action WHERE actor_kind <> 'system'`)).toBe(0);
    // Asked for while its recovery acted, finished within minutes, all in the past.
    expect(
      await count(`SELECT count(*)::int AS n FROM action a JOIN recovery r ON r.id = a.recovery_id
                   WHERE a.requested_at < r.detected_at OR a.finished_at < a.requested_at
                      OR a.finished_at > r.fault_at + interval '90 minutes'`),
    ).toBe(0);
    // One audit event per finished action, at its finish: 6 + 15 + 11 + 4.
    expect(
      await count(`SELECT count(*)::int AS n FROM action a JOIN audit_event e ON e.action = a.kind
                   AND e.input->>'actionId' = a.id::text AND e.at = a.finished_at AND e.actor_kind = 'system'`),
    ).toBe(36);
    // The jobs' restarts are those: 1 + 2 + 2 + 1 on four fine-tuning jobs.
    const restarts = await rows<{ restarts: number }>(`SELECT sum(restart_count)::int AS restarts FROM job`);
    expect(restarts).toEqual([{ restarts: 6 }]);
  });

  it('raises the incidents, resolved when the recovery ends, dated in the past', async () => {
    // 15 node incidents, and 1 of a job failure no node fault explains (ft-00030's second); the five other job
    // failures were a node fault killing its job, and join that node's incident.
    expect(await count(`SELECT count(DISTINCT incident_id)::int AS n FROM recovery`)).toBe(16);
    expect(await count(`SELECT count(*)::int AS n FROM recovery WHERE incident_id IS NULL`)).toBe(0);
    const incidents = await rows(`SELECT state, source, count(*)::int AS n FROM incident GROUP BY 1, 2`);
    expect(incidents).toEqual([{ state: 'resolved', source: 'health_rule', n: 16 }]);
    expect(
      await count(`SELECT count(*)::int AS n FROM incident i
                   WHERE i.opened_at <> (SELECT min(r.detected_at) FROM recovery r WHERE r.incident_id = i.id)
                      OR i.resolved_at < i.opened_at OR i.resolved_at > '${new Date(NOW.getTime() - MINUTE).toISOString()}'`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_event WHERE action IN ('incident.open', 'incident.resolve')
                   AND at >= '${NOW.toISOString()}'`),
    ).toBe(0);
  });
});
