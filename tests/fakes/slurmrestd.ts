// An in-memory slurmrestd for tests, answering as its OpenAPI plugin (openapi/slurmctld) does: JSON bodies with
// `meta`, `errors: [{ description, source, error, error_number }]` and `warnings`; the HTTP status slurmrestd maps
// each Slurm error to (invalid job id → 404, other Slurm errors → 500); requests refused before reaching a
// handler (bad credentials → 401, unknown URL → 404) answered in plain text with Slurm's error string.
// Only the data parser versions it is started with are served; requeue exists from v0.0.45.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlurmNode {
  name: string;
  state: string[];
  reason: string;
}

export interface FakeSlurmJob {
  job_id: number;
  name: string;
  job_state: string[];
  restart_cnt: number;
}

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
const NODE_STATE_CHANGES = ['DRAIN', 'RESUME', 'UNDRAIN', 'DOWN', 'IDLE'];

export class FakeSlurmrestd {
  readonly requests: SlurmRequest[] = [];
  readonly nodes = new Map<string, FakeSlurmNode>();
  readonly jobs = new Map<number, FakeSlurmJob>();
  url = '';
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

  addNode(name: string, state: string[] = ['IDLE']): void {
    this.nodes.set(name, { name, state, reason: '' });
  }

  addJob(jobId: number, name: string, state: string[] = ['RUNNING']): void {
    this.jobs.set(jobId, { job_id: jobId, name, job_state: state, restart_cnt: 0 });
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
        : plain(401, 'Invalid authentication credential');
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
    const match = /^\/slurm\/(v0\.0\.\d+)\/(.+?)\/?$/.exec(path);
    if (!match || !this.versions.includes(match[1])) return plain(404, 'Unable to find requested URL');
    const [, version, rest] = match;
    const reply = (status: number, extra: Record<string, unknown>, errors: object[] = [], warnings: object[] = []) => ({
      status,
      body: { ...extra, meta: this.meta(version), errors, warnings },
    });
    const minor = Number(version.split('.')[2]);
    let m: RegExpExecArray | null;
    if ((m = /^node\/([^/]+)$/.exec(rest)) && method === 'POST') {
      const node = this.nodes.get(decodeURIComponent(m[1]));
      if (!node) {
        return reply(500, {}, [
          { ...ESLURM_INVALID_NODE_NAME, description: `Failure to update node ${m[1]}`, source: 'slurm_update_node()' },
        ]);
      }
      const update = (body ?? {}) as { state?: unknown; reason?: unknown };
      const states = Array.isArray(update.state) ? update.state : [];
      if (states.length !== 1 || !NODE_STATE_CHANGES.includes(String(states[0]))) {
        return reply(500, {}, [
          {
            error: 'Invalid node state specified',
            description: 'Failure to update node',
            source: 'slurm_update_node()',
          },
        ]);
      }
      const state = String(states[0]);
      if (state === 'DRAIN') {
        node.state = [...node.state.filter((s) => s !== 'DRAIN'), 'DRAIN'];
        node.reason = typeof update.reason === 'string' ? update.reason : '';
      } else if (state === 'RESUME' || state === 'UNDRAIN') {
        node.state = node.state.filter((s) => s !== 'DRAIN' && s !== 'DOWN');
        if (node.state.length === 0) node.state = ['IDLE'];
        node.reason = '';
      } else node.state = [state];
      return reply(200, {});
    }
    if ((m = /^job\/(\d+)$/.exec(rest)) && method === 'DELETE') {
      const job = this.jobs.get(Number(m[1]));
      if (!job) {
        return reply(404, minor >= 41 ? { status: [] } : {}, [
          { ...ESLURM_INVALID_JOB_ID, description: 'Signal request failed', source: 'slurm_kill_jobs()' },
        ]);
      }
      const done = ['COMPLETED', 'CANCELLED', 'FAILED'].includes(job.job_state[0]);
      job.job_state = done ? job.job_state : ['CANCELLED'];
      const warnings = done ? [{ description: 'Job was already sent signal Killed', source: '_signal_job' }] : [];
      const status = [
        {
          error: { string: 'No error', code: 0, message: '' },
          step_id: 'batch',
          job_id: { set: true, number: job.job_id },
          federation: { sibling: '' },
        },
      ];
      return reply(200, minor >= 41 ? { status } : {}, [], warnings);
    }
    if ((m = /^job\/(\d+)\/requeue$/.exec(rest)) && method === 'POST' && minor >= 45) {
      const job = this.jobs.get(Number(m[1]));
      if (!job)
        return reply(404, {}, [
          { ...ESLURM_INVALID_JOB_ID, description: 'Requeue request failed', source: 'slurm_requeue()' },
        ]);
      job.job_state = ['PENDING'];
      job.restart_cnt++;
      return reply(200, {});
    }
    return plain(404, 'Unable to find requested URL');
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function plain(status: number, text: string): Answer {
  return { status, body: text, text: true };
}
