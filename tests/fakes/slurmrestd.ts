// An in-memory slurmrestd speaking the data parser versions v0.0.40 and later, for what the real one on this
// machine (Slurm 22.05, v0.0.38 only) cannot show. It answers as its OpenAPI plugin (openapi/slurmctld) does, in
// the shapes of that version's published OpenAPI document (tests/fakes/slurm-openapi; a test checks every answer
// against it): JSON bodies with `meta`, `errors: [{ description, source, error, error_number }]` and `warnings`;
// invalid job id → 404, other Slurm errors → 500; requests refused before a handler (bad credentials → 401,
// unknown URL → 404) in plain text. Request bodies are checked against the document too, and refused with 400
// as slurmrestd's parser refuses them. Requeue exists from v0.0.45 (GET job/{id}/requeue).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlurmConfig } from '@/lib/sources/slurm/config';
import { requestProblems } from './slurm-openapi/validate';
import { renderJob, renderNode, renderPing, type FakeSlurmJob, type FakeSlurmNode } from './slurmrestd-render';

export type { FakeSlurmJob, FakeSlurmNode } from './slurmrestd-render';

export interface SlurmRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: { user: string | null; token: string | null; contentType: string | null };
  body: unknown;
  status: number;
  responseBody: unknown;
}

interface Answer {
  status: number;
  body: unknown;
  text?: boolean;
}

const ESLURM_INVALID_JOB_ID = { error: 'Invalid job id specified', error_number: 2017 };
const ESLURM_INVALID_NODE_NAME = { error: 'Invalid node name specified', error_number: 2018 };
const ESLURM_JOB_NOT_PENDING = { error: 'Job is no longer pending execution', error_number: 2021 };
const ENDED = ['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED'];

export class FakeSlurmrestd {
  readonly requests: SlurmRequest[] = [];
  readonly nodes = new Map<string, FakeSlurmNode>();
  readonly jobs = new Map<number, FakeSlurmJob>();
  url = '';
  /** Seconds since the epoch, for the times the fake writes; the wall clock unless set. */
  now: () => number = () => Math.floor(Date.now() / 1000);
  private readonly server: Server;

  private constructor(
    readonly user: string,
    readonly token: string,
    readonly versions: string[],
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: { user?: string; token?: string; versions?: string[] } = {}): Promise<FakeSlurmrestd> {
    const fake = new FakeSlurmrestd(
      options.user ?? 'fleet',
      options.token ?? 'jwt-token',
      options.versions ?? ['v0.0.40', 'v0.0.41', 'v0.0.42'],
    );
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addNode(name: string, state: string[] = ['IDLE'], fields: Partial<FakeSlurmNode> = {}): FakeSlurmNode {
    const node: FakeSlurmNode = {
      name,
      state,
      reason: '',
      reasonSetBy: '',
      reasonChangedAt: 0,
      gres: 'gpu:h100:8',
      gresUsed: 'gpu:h100:0(IDX:N/A)',
      partitions: ['gpu'],
      features: [],
      cpus: 128,
      bootTime: this.now() - 86_400,
      ...fields,
    };
    this.nodes.set(name, node);
    return node;
  }

  addJob(jobId: number, name: string, state: string[] = ['RUNNING'], fields: Partial<FakeSlurmJob> = {}): FakeSlurmJob {
    const now = this.now();
    const running = state[0] === 'RUNNING';
    const job: FakeSlurmJob = {
      job_id: jobId,
      name,
      user: 'alice',
      account: 'research',
      comment: '',
      wckey: '',
      partition: 'gpu',
      job_state: state,
      state_reason: running ? 'None' : 'Priority',
      exit: { code: 0, signal: 0 },
      restart_cnt: 0,
      requeue: true,
      submit: now - 600,
      start: running ? now - 300 : 0,
      end: 0,
      nodes: [],
      gres_detail: [],
      tres_per_node: 'gres/gpu:8',
      array: null,
      het: null,
      ...fields,
    };
    this.jobs.set(jobId, job);
    return job;
  }

  /** The job a path names: its numeric id, `1234_7` (an array task) or `1234+1` (a heterogeneous component). */
  findJob(id: string): FakeSlurmJob | undefined {
    const array = /^(\d+)_(\d+)$/.exec(id);
    const het = /^(\d+)\+(\d+)$/.exec(id);
    for (const job of this.jobs.values()) {
      if (array && job.array?.jobId === Number(array[1]) && job.array.taskId === Number(array[2])) return job;
      if (het && job.het?.jobId === Number(het[1]) && job.het.offset === Number(het[2])) return job;
    }
    return /^\d+$/.test(id) ? this.jobs.get(Number(id)) : undefined;
  }

  private meta(version: string) {
    return {
      plugin: {
        type: 'openapi/slurmctld',
        name: 'Slurm OpenAPI slurmctld',
        data_parser: `data_parser/${version}`,
        accounting_storage: '',
      },
      client: { source: '[127.0.0.1]:50000', user: this.user, group: this.user },
      command: [],
      slurm: { version: { major: '24', micro: '3', minor: '11' }, release: '24.11.3', cluster: 'gpu' },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let answer: Answer;
    try {
      body = text ? JSON.parse(text) : undefined;
      answer = this.authorized(req)
        ? this.route(req.method ?? 'GET', url.pathname, body)
        : plain(401, 'Authentication failure');
    } catch {
      answer = plain(400, 'Unable to parse query');
    }
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        user: header(req, 'x-slurm-user-name'),
        token: header(req, 'x-slurm-user-token'),
        contentType: header(req, 'content-type'),
      },
      body,
      status: answer.status,
      responseBody: answer.body,
    });
    res.writeHead(answer.status, { 'Content-Type': answer.text ? 'text/plain' : 'application/json' });
    res.end(answer.text ? String(answer.body) : JSON.stringify(answer.body));
  }

  private authorized(req: IncomingMessage): boolean {
    return header(req, 'x-slurm-user-name') === this.user && header(req, 'x-slurm-user-token') === this.token;
  }

  private route(method: string, path: string, body: unknown): Answer {
    if (path === '/openapi/v3' && method === 'GET') {
      const paths = Object.fromEntries(
        this.versions.flatMap((v) => ['ping/', 'nodes/', 'jobs/'].map((p) => [`/slurm/${v}/${p}`, {}])),
      );
      return { status: 200, body: { openapi: '3.0.3', info: { title: 'Slurm REST API' }, paths } };
    }
    const match = /^\/slurm\/(v0\.0\.\d+)\/(.+)$/.exec(path);
    if (!match || !this.versions.includes(match[1])) return plain(404, 'Unable to find requested URL');
    const [, version, rest] = match;
    const minor = Number(version.split('.')[2]);
    const reply = (status: number, extra: Record<string, unknown>, errors: object[] = [], warnings: object[] = []) => ({
      status,
      body: { ...extra, meta: this.meta(version), errors, warnings },
    });
    const invalid = (suffix: string, m: 'post') => {
      const problems = requestProblems(version, suffix, m, body);
      return problems?.length
        ? reply(400, {}, [{ description: problems.join('; '), error: 'Unable to parse', error_number: 9001 }])
        : null;
    };
    const now = this.now();
    const noVal = (number: number) => ({ set: true, infinite: false, number });
    let m: RegExpExecArray | null;

    if (rest === 'ping/' && method === 'GET') return reply(200, { pings: [renderPing(minor)] });
    if (rest === 'nodes/' && method === 'GET') {
      return reply(200, {
        nodes: [...this.nodes.values()].map((node) => renderNode(node, minor)),
        last_update: noVal(now),
      });
    }
    if (rest === 'jobs/' && method === 'GET') {
      return reply(200, {
        jobs: [...this.jobs.values()].map((job) => renderJob(job, minor)),
        last_backfill: noVal(now),
        last_update: noVal(now),
      });
    }
    if ((m = /^node\/([^/]+)$/.exec(rest))) {
      const name = decodeURIComponent(m[1]);
      const node = this.nodes.get(name);
      const unknown = () =>
        reply(500, {}, [
          { ...ESLURM_INVALID_NODE_NAME, description: `Failure to update node ${name}`, source: 'slurm_update_node()' },
        ]);
      if (method === 'GET') {
        return node ? reply(200, { nodes: [renderNode(node, minor)], last_update: noVal(now) }) : unknown();
      }
      if (method === 'POST') {
        const refused = invalid('node/{node_name}', 'post');
        if (refused) return refused;
        if (!node) return unknown();
        return this.updateNode(node, (body ?? {}) as { state?: string[]; reason?: string }, reply);
      }
    }
    if ((m = /^job\/([^/]+)\/requeue$/.exec(rest)) && method === 'GET' && minor >= 45) {
      const job = this.findJob(decodeURIComponent(m[1]));
      if (!job) {
        return reply(404, { status: [] }, [
          { ...ESLURM_INVALID_JOB_ID, description: 'Requeue request failed', source: 'slurm_requeue2()' },
        ]);
      }
      job.job_state = ['PENDING', 'REQUEUED'];
      job.state_reason = 'BeginTime';
      job.restart_cnt++;
      job.begin = now + 120;
      return reply(200, {
        status: [{ job_id: job.job_id, step_id: 'batch', error_code: 0, error: 'No error', why: '' }],
      });
    }
    if ((m = /^job\/([^/]+)$/.exec(rest))) {
      const id = decodeURIComponent(m[1]);
      const job = this.findJob(id);
      if (method === 'GET') {
        if (!job) {
          return reply(404, {}, [
            { ...ESLURM_INVALID_JOB_ID, description: `Unable to query JobId=${id}`, source: 'slurm_load_job()' },
          ]);
        }
        return reply(200, { jobs: [renderJob(job, minor)], last_backfill: noVal(now), last_update: noVal(now) });
      }
      if (method === 'DELETE') {
        if (!job) {
          return reply(404, minor >= 42 ? { status: [] } : {}, [
            { ...ESLURM_INVALID_JOB_ID, description: 'Signal request failed', source: 'slurm_kill_jobs()' },
          ]);
        }
        const done = ENDED.includes(job.job_state[0]);
        if (!done) {
          job.job_state = ['CANCELLED'];
          job.end = now;
          job.gres_detail = [];
        }
        const warnings = done ? [{ description: 'Job was already sent signal Killed', source: '_signal_job' }] : [];
        const status = [
          {
            error: { string: 'No error', code: 0, message: '' },
            step_id: 'batch',
            job_id: noVal(job.job_id),
            federation: { sibling: '' },
          },
        ];
        return reply(200, minor >= 42 ? { status } : {}, [], warnings);
      }
      if (method === 'POST') {
        const refused = invalid('job/{job_id}', 'post');
        if (refused) return refused;
        if (!job) {
          return reply(404, {}, [
            { ...ESLURM_INVALID_JOB_ID, description: 'Job update failed', source: 'slurm_update_job2()' },
          ]);
        }
        const update = (body ?? {}) as { begin_time?: { number?: number } };
        if (update.begin_time !== undefined) {
          if (job.job_state[0] !== 'PENDING') {
            return reply(500, {}, [
              { ...ESLURM_JOB_NOT_PENDING, description: 'Job update failed', source: '_update_job' },
            ]);
          }
          job.begin = update.begin_time.number ?? now;
          if (job.begin <= now && job.state_reason === 'BeginTime') job.state_reason = 'None';
        }
        const results = [{ job_id: job.job_id, step_id: 'batch', error_code: 0, error: 'No error', why: '' }];
        return reply(200, { results });
      }
    }
    return plain(404, 'Unable to find requested URL');
  }

  private updateNode(
    node: FakeSlurmNode,
    update: { state?: string[]; reason?: string },
    reply: (status: number, extra: Record<string, unknown>, errors?: object[]) => Answer,
  ): Answer {
    const states = update.state ?? [];
    const base = node.state.filter((s) => s !== 'DRAIN');
    if (states.includes('DRAIN')) {
      if (!update.reason) {
        return reply(500, {}, [
          { error: 'You must specify a reason when DOWNING or DRAINING a node', error_number: 2018 },
        ]);
      }
      node.state = [...base, 'DRAIN'];
      node.reason = update.reason;
      node.reasonSetBy = this.user;
      node.reasonChangedAt = this.now();
    } else if (states.includes('RESUME') || states.includes('UNDRAIN')) {
      if (!node.state.includes('DRAIN') && !node.state.includes('DOWN')) {
        return reply(500, {}, [
          { error: 'Invalid node state transition requested', error_number: 2036, source: 'slurm_update_node()' },
        ]);
      }
      node.state = base[0] === 'DOWN' ? ['IDLE'] : base;
      node.reason = '';
      node.reasonSetBy = '';
      node.reasonChangedAt = 0;
    } else if (states.length) {
      node.state = [states[0]];
    }
    return reply(200, {});
  }
}

/** Settings for the console's Slurm client and executor, reaching slurmrestd at `url`. */
export function slurmConfigFor(url: string, changes: Partial<SlurmConfig> = {}): SlurmConfig {
  return {
    url,
    user: 'fleet',
    token: { value: 'jwt-token' },
    apiVersion: null,
    timeoutMs: 10_000,
    clusterName: 'gpu',
    pricingClass: 'on_demand',
    control: 'none',
    slurmConf: null,
    ...changes,
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function plain(status: number, text: string): Answer {
  return { status, body: text, text: true };
}
