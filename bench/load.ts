// The console under load and faults, on this machine, to 127.0.0.1 only: a production `next start` and the worker
// of a fresh clone on an embedded PostgreSQL, 50 signed-in readers (autocannon, one request a second each at most)
// on pages and APIs and 5 operators acting (each action double-submitted) for LOAD_SECONDS, while the worker
// collects; the database is restarted and the worker killed with SIGKILL (then started again) in the middle.
// Reports p50/p95/p99 per route, every answer that was not a 2xx (the expected ones apart: 503 while the database
// is down), actions done exactly once, notifications delivered exactly once, and every collected minute stored
// exactly once (no gap, no duplicate) from the start of the load to its end.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';
import { parseEnv } from '../lib/env';
import { WORKER_NODE_ARGS } from '../lib/worker/node-args';
import { seedDatabase } from '../scripts/seed';
import { builtApp, removeDir, workDir } from './lib/app';
import { loadAverage, writeResult } from './lib/machine';
import { benchMain, onInterrupt, signalGroup, start, userEnv, type Started } from './lib/processes';
import { actionIds, callAction } from './lib/server-actions';
import { signIn, startWeb } from './lib/web';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 180);
const READERS = 50;
const OPERATORS = 5;
const DB_RESTART_AT_S = SECONDS / 3;
const DB_DOWN_S = 5;
const WORKER_KILL_AT_S = (SECONDS * 2) / 3;
const WORKER_DOWN_S = 5;
const PASSWORD = 'load-bench-password';
/** Routes readers move through: five readers on each, each with a session of their own. */
const ROUTES = [
  '/',
  '/jobs',
  '/fleet',
  '/incidents',
  '/costs',
  '/api/overview?range=24h',
  '/api/jobs?range=24h',
  '/api/fleet/map',
  '/api/incidents?view=on-call',
  '/api/slos',
];

interface RouteFigures {
  route: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  /** Not 2xx, outside the database's restart window. */
  errors: number;
  /** 503 while the database was down: the console said so, as it should. */
  expected503: number;
  errorsSentAtEpochS: number[];
}

const at = (origin: number) => (Date.now() - origin) / 1000;

/** JSON with keys sorted: an answer read back from JSONB has its keys in another order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([x], [y]) => x.localeCompare(y)))
      : item,
  );

function percentile(sorted: number[], q: number) {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : 0;
}

/** A receiver of the console's webhook channel: each delivery by its id, to count duplicates. */
async function startReceiver() {
  const deliveries = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const id = String(request.headers['x-fleet-delivery'] ?? '');
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries, server };
}

/** One reader route under autocannon: each connection a reader with its own session cookie. */
function readRoute(base: string, route: string, cookies: string[], downWindow: () => [number, number] | null) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let expected503 = 0;
  const errorTimes: number[] = [];
  let next = 0;
  const figures = (): RouteFigures => {
    const sorted = latencies.sort((a, b) => a - b);
    return {
      route,
      requests: sorted.length,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
      statuses,
      errors,
      expected503,
      errorsSentAtEpochS: errorTimes,
    };
  };
  return new Promise<RouteFigures>((resolve) => {
    const instance = autocannon(
      {
        url: `${base}${route}`,
        connections: cookies.length,
        connectionRate: 1,
        duration: SECONDS,
        timeout: 60,
        setupClient: (client) =>
          client.setHeaders({ cookie: cookies[next++ % cookies.length], accept: 'text/html,*/*' }),
      },
      () => resolve(figures()),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) return;
      // A request in flight while the database was down (or coming back) may be answered 503: it says so, rightly.
      const window = downWindow();
      const doneAt = Date.now();
      const sentAt = doneAt - responseTime;
      if (statusCode === 503 && window && doneAt >= window[0] && sentAt <= window[1]) expected503 += 1;
      else {
        errors += 1;
        if (errorTimes.length < 5) errorTimes.push(Math.round(sentAt / 1000));
      }
    });
    instance.on('reqError', () => (errors += 1));
  });
}

interface OperatorLog {
  sent: number;
  /** The first few double submits answered two ways, with both answers. */
  examples: unknown[];
  /** Double submits whose two answers differed (one must be the other's replay). */
  mismatched: number;
  refusals: Record<string, number>;
  latencies: number[];
  notes: string[];
  declared: string[];
  operations: string[];
}

/** An operator working through incidents and nodes; every action sent twice at once, with one key. */
async function operate(
  base: string,
  cookie: string,
  ids: Record<string, string>,
  index: number,
  nodeIds: number[],
  until: number,
  start: number,
) {
  const log: OperatorLog = {
    sent: 0,
    examples: [],
    mismatched: 0,
    refusals: {},
    latencies: [],
    notes: [],
    declared: [],
    operations: [],
  };
  const twice = async (name: string, input: Record<string, unknown>) => {
    const idempotencyKey = randomUUID();
    const t0 = performance.now();
    const [a, b] = await Promise.all([
      callAction(base, cookie, ids[name], { ...input, idempotencyKey }),
      callAction(base, cookie, ids[name], { ...input, idempotencyKey }),
    ]);
    log.latencies.push(performance.now() - t0);
    log.sent += 1;
    // Twins must agree; a refusal that changed nothing (the database was away) may stand beside the other's answer.
    const away = (answer: typeof a) => !answer.ok && (answer.code === 'unavailable' || answer.code === 'busy');
    if (canonical(a) !== canonical(b) && !away(a) && !away(b)) {
      log.mismatched += 1;
      if (log.examples.length < 3) log.examples.push({ name, atS: at(start), a, b });
    }
    for (const answer of [a, b]) {
      if (!answer.ok) log.refusals[answer.code] = (log.refusals[answer.code] ?? 0) + 1;
    }
    return a;
  };
  let round = 0;
  while (Date.now() < until) {
    round += 1;
    const title = `Load bench ${index}.${round}: GPU fan noise on rack ${index}`;
    const declared = await twice('declareIncident', {
      title,
      severity: 'ticket',
      summary: 'declared by the load bench',
    });
    if (declared.ok) {
      log.declared.push(title);
      const id = (declared.data as { id: number }).id;
      const note = `note ${index}.${round} ${randomUUID().slice(0, 8)}`;
      if ((await twice('addIncidentNote', { id, note })).ok) log.notes.push(note);
      await twice('acknowledgeIncident', { id });
      await twice('resolveIncidentByHand', { id, resolution: 'checked by the load bench' });
    }
    const node = nodeIds[(index + round * OPERATORS) % nodeIds.length];
    for (const name of ['cordonNode', 'uncordonNode']) {
      const answer = await twice(name, { targetId: node, reason: `load bench round ${round}` });
      if (answer.ok) log.operations.push(`${name}:${node}:${round}`);
    }
  }
  return log;
}

async function load() {
  const loadBefore = loadAverage();
  const work = workDir();
  const appDir = await builtApp(work.dir);
  const dataDir = path.join(work.dir, 'data-load');
  removeDir(dataDir);
  mkdirSync(dataDir, { recursive: true });
  let database: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir });
  onInterrupt(() => database.stop());
  onInterrupt(() => removeDir(work.owned ? work.dir : dataDir));
  const url = database.url;
  await migrate(url);
  const receiver = await startReceiver();
  onInterrupt(() => void receiver.server.close());
  const settings = {
    FLEET_SIM_NODES: '128',
    FLEET_BACKFILL_DAYS: '1',
    FLEET_BACKFILL_SAMPLE_HOURS: '2',
    FLEET_DEMO_PASSWORD_VIEWER: PASSWORD,
    FLEET_DEMO_PASSWORD_OPERATOR: PASSWORD,
    FLEET_DEMO_PASSWORD_ADMIN: PASSWORD,
    FLEET_CHANNEL_ALLOWED_CIDRS: '127.0.0.0/8',
  };
  await seedDatabase(url, parseEnv(settings));
  const sql = new pg.Pool({ connectionString: url, max: 2 });
  await sql.query(
    `INSERT INTO notification_channel (name, kind, config, incidents, min_severity) VALUES ('load-bench', 'webhook', $1, true, 'ticket')`,
    [JSON.stringify({ url: receiver.url })],
  );

  const workerEnv = userEnv({ ...settings, DATABASE_URL: url, NODE_ENV: 'production', FLEET_TICK_SECONDS: '15' });
  const startWorker = (): Started => start(process.execPath, WORKER_NODE_ARGS, { cwd: appDir, env: workerEnv });
  let worker = startWorker();
  onInterrupt(() => void signalGroup(worker.child, 'SIGKILL'));
  await worker.waitForLine(/collector: leading|caught up|collected/i, 600_000).catch(() => {});
  const web = await startWeb(appDir, url, { FLEET_CHANNEL_ALLOWED_CIDRS: '127.0.0.0/8' });
  onInterrupt(() => web.stop());
  // Until the worker has caught up with the wall clock, readers would measure an empty console.
  for (let tries = 0; tries < 600; tries++) {
    const health = await (await fetch(`${web.base}/api/health`)).json().catch(() => null);
    if (health?.data?.lagSeconds !== null && health?.data?.lagSeconds < 120) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }

  // One after the other, as people do: the sign-in throttle counts parallel attempts on one account as guesses.
  const sessions = async (email: string, count: number) => {
    const cookies: string[] = [];
    for (let i = 0; i < count; i++) cookies.push(await signIn(web.base, email, PASSWORD));
    return cookies;
  };
  const readers = await sessions('viewer@fleet.local', READERS);
  const operators = await sessions('operator@fleet.local', OPERATORS);
  const ids = actionIds(appDir);
  const nodeIds = (await sql.query<{ id: number }>(`SELECT id FROM node ORDER BY id LIMIT 40`)).rows.map(
    (row) => row.id,
  );
  const { rows: firstMinute } = await sql.query<{ ts: Date }>(`SELECT max(ts) AS ts FROM pool_minute`);

  console.log(`[bench] load: ${READERS} readers, ${OPERATORS} operators for ${SECONDS} s`);
  const origin = Date.now();
  let dbDown: [number, number] | null = null;
  const faults: { what: string; atS: number; seconds: number }[] = [];
  const perRoute = ROUTES.map((route, i) => readRoute(web.base, route, readers.slice(i * 5, i * 5 + 5), () => dbDown));
  const acting = operators.map((cookie, index) =>
    operate(web.base, cookie, ids, index, nodeIds, origin + SECONDS * 1000, origin),
  );

  const restartDatabase = (async () => {
    await new Promise((resolve) => setTimeout(resolve, DB_RESTART_AT_S * 1000));
    const t0 = Date.now();
    dbDown = [t0, t0 + 120_000];
    await database.stop();
    await new Promise((resolve) => setTimeout(resolve, DB_DOWN_S * 1000));
    database = await startEmbeddedPostgres({ dataDir, port: database.port });
    // Connections come back on their next use; answers are expected to recover within a few seconds of that.
    dbDown = [t0, Date.now() + 15_000];
    faults.push({ what: 'database restart', atS: at(origin), seconds: (Date.now() - t0) / 1000 });
  })();
  const killWorker = (async () => {
    await new Promise((resolve) => setTimeout(resolve, WORKER_KILL_AT_S * 1000));
    const t0 = Date.now();
    signalGroup(worker.child, 'SIGKILL');
    await worker.exited;
    await new Promise((resolve) => setTimeout(resolve, WORKER_DOWN_S * 1000));
    worker = startWorker();
    faults.push({ what: 'worker SIGKILL and restart', atS: at(origin), seconds: (Date.now() - t0) / 1000 });
  })();

  const routes = await Promise.all(perRoute);
  const operatorLogs = await Promise.all(acting);
  await Promise.all([restartDatabase, killWorker]);
  const loadEnd = new Date();
  console.log('[bench] load over; waiting for the worker to catch up and the notifications to go out');

  // Settle: the worker catches up past the end of the load, and every notification is sent or has failed.
  const settleDeadline = Date.now() + 5 * 60_000;
  const lastMinute = new Date(Math.floor(loadEnd.getTime() / 60_000) * 60_000 - 60_000);
  for (;;) {
    const { rows } = await sql.query<{ caught: boolean; queued: number }>(
      `SELECT (SELECT max(ts) FROM pool_minute) >= $1 AS caught,
              (SELECT count(*)::int FROM notification WHERE state = 'queued') AS queued`,
      [lastMinute],
    );
    if ((rows[0].caught && rows[0].queued === 0) || Date.now() > settleDeadline) break;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  const verify = await checkOnce(sql, operatorLogs, receiver.deliveries, firstMinute[0].ts, lastMinute);
  const problems = (lines: { text: string }[]) =>
    lines.filter((line) => /error|failed|unhandled/i.test(line.text)).map((line) => line.text.slice(0, 300));
  const webProblems = problems(web.run.lines);
  await sql.end();
  await web.stop();
  signalGroup(worker.child, 'SIGTERM');
  await Promise.race([worker.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  signalGroup(worker.child, 'SIGKILL');
  await database.stop();
  receiver.server.close();
  if (work.owned) removeDir(work.dir);
  else removeDir(dataDir);

  const operatorLatencies = operatorLogs.flatMap((log) => log.latencies).sort((a, b) => a - b);
  const result = {
    seconds: SECONDS,
    readers: READERS,
    operators: OPERATORS,
    faults: faults.map((fault) => ({
      ...fault,
      startedAtEpochS: Math.round(origin / 1000 + fault.atS - fault.seconds),
    })),
    routes,
    readerErrors: routes.reduce((sum, route) => sum + route.errors, 0),
    operatorActions: {
      sent: operatorLogs.reduce((sum, log) => sum + log.sent, 0),
      p50Ms: percentile(operatorLatencies, 0.5),
      p95Ms: percentile(operatorLatencies, 0.95),
      p99Ms: percentile(operatorLatencies, 0.99),
      twinsAnsweredDifferently: operatorLogs.reduce((sum, log) => sum + log.mismatched, 0),
      examples: operatorLogs.flatMap((log) => log.examples).slice(0, 5),
      refusals: operatorLogs.reduce<Record<string, number>>((all, log) => {
        for (const [code, count] of Object.entries(log.refusals)) all[code] = (all[code] ?? 0) + count;
        return all;
      }, {}),
    },
    ...verify,
    webErrorLines: { count: webProblems.length, first: webProblems.slice(0, 8) },
  };
  writeResult('load', result, loadBefore);
  console.log(JSON.stringify(result, null, 2));
  const failed = [
    result.readerErrors > 0 && `${result.readerErrors} reader answers were errors`,
    result.operatorActions.twinsAnsweredDifferently > 0 && 'a double submit was answered two ways',
    verify.duplicateEffects > 0 && `${verify.duplicateEffects} actions took effect twice`,
    verify.duplicateDeliveries > 0 && `${verify.duplicateDeliveries} notifications were delivered twice`,
    verify.undelivered > 0 && `${verify.undelivered} notifications were not delivered`,
    verify.minutes.missing > 0 && `${verify.minutes.missing} pool-minutes are missing`,
  ].filter(Boolean);
  if (failed.length) throw new Error(`the console did not hold under load: ${failed.join('; ')}`);
}

/** Exactly once, checked in the database and at the receiver. */
async function checkOnce(sql: pg.Pool, logs: OperatorLog[], deliveries: Map<string, number>, from: Date, to: Date) {
  const titles = logs.flatMap((log) => log.declared);
  const notes = logs.flatMap((log) => log.notes);
  const { rows: incidents } = await sql.query<{ title: string; n: number }>(
    `SELECT title, count(*)::int AS n FROM incident WHERE title = ANY($1) GROUP BY title`,
    [titles],
  );
  const { rows: noteRows } = await sql.query<{ message: string; n: number }>(
    `SELECT message, count(*)::int AS n FROM incident_event WHERE kind = 'note' AND message = ANY($1) GROUP BY message`,
    [notes],
  );
  const { rows: actionRows } = await sql.query<{ n: number; states: string[] }>(
    `SELECT count(*)::int AS n, array_agg(DISTINCT state::text) AS states FROM action
     WHERE kind IN ('node.cordon', 'node.uncordon') AND reason LIKE 'load bench round %'`,
  );
  const { rows: simRows } = await sql.query<{ dup: number }>(
    `SELECT count(*)::int AS dup FROM (SELECT idempotency_key FROM sim_command WHERE idempotency_key LIKE 'action:%'
       GROUP BY requested_by, idempotency_key HAVING count(*) > 1) twice`,
  );
  const { rows: sent } = await sql.query<{ dedup_key: string; state: string }>(
    `SELECT n.dedup_key, n.state::text FROM notification n JOIN notification_channel c ON c.id = n.channel_id
     WHERE c.name = 'load-bench'`,
  );
  const { rows: gaps } = await sql.query<{ expected: number; stored: number; pools: number }>(
    `SELECT (SELECT count(*)::int FROM pool) AS pools,
            (SELECT count(*)::int FROM pool) * (extract(epoch FROM $2::timestamptz - $1::timestamptz)::int / 60 + 1) AS expected,
            (SELECT count(*)::int FROM pool_minute WHERE ts BETWEEN $1 AND $2) AS stored`,
    [from, to],
  );
  const operations = logs.reduce((sum, log) => sum + log.operations.length, 0);
  const duplicateEffects =
    incidents.filter((row) => row.n > 1).length + noteRows.filter((row) => row.n > 1).length + simRows[0].dup;
  return {
    incidentsDeclared: { sent: titles.length, stored: incidents.length },
    notesAdded: { sent: notes.length, stored: noteRows.length },
    nodeOperations: { accepted: operations, actionRows: actionRows[0].n, states: actionRows[0].states },
    duplicateEffects,
    notifications: {
      rows: sent.length,
      sent: sent.filter((row) => row.state === 'sent').length,
      failed: sent.filter((row) => row.state === 'failed').length,
      deliveredIds: deliveries.size,
    },
    duplicateDeliveries: [...deliveries.values()].filter((count) => count > 1).length,
    undelivered: sent.filter((row) => row.state !== 'sent').length,
    minutes: {
      from,
      to,
      expected: gaps[0].expected,
      stored: gaps[0].stored,
      missing: gaps[0].expected - gaps[0].stored,
    },
  };
}

benchMain('load', load);
