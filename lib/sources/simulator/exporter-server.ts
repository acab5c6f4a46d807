// The simulator as a dcgm-exporter: GET /metrics answers its latest readings in the exposition format, so a
// real Prometheus can scrape it (and the console can read them back through the Prometheus source).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GpuSampleRecord, JobRecord, Snapshot, Source, Topology } from '@/lib/sources/types';
import { toDcgmExposition } from './exposition';
import type { Simulator } from './index';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface ExporterServer {
  /** Where Prometheus scrapes it, e.g. http://127.0.0.1:9400/metrics. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics with what `render` returns at each scrape. Port 0 picks a free port. */
export function startExporterServer(render: () => string, options: { host: string; port: number }) {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void response.writeHead(404).end('Not found: metrics are on /metrics\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    let body: string;
    try {
      body = render();
    } catch (error) {
      return void response.writeHead(500).end(`${(error as Error).message}\n`);
    }
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE }).end(request.method === 'HEAD' ? '' : body);
  });
  return new Promise<ExporterServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}/metrics`,
        port,
        // Stopping drops the scrapers' kept-alive connections too, as a stopped exporter does.
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The latest period's samples and the jobs as of then: what the exporter serves. */
export class LatestReadings {
  private samples: GpuSampleRecord[] = [];
  private jobs: JobRecord[] = [];
  /** The rendered text, kept until the readings change: every scrape of a minute reads the same. */
  private text: string | null = null;

  constructor(private readonly topology: Topology) {}

  record(snapshot: Snapshot) {
    if (!snapshot.samples.length) return;
    this.jobs = snapshot.jobs;
    this.text = null;
    const latest = snapshot.samples.reduce((max, sample) => Math.max(max, sample.ts.getTime()), 0);
    // A GPU with no sample in the latest period (its node is down) is not exported, as on a real cluster.
    this.samples = snapshot.samples.filter((sample) => sample.ts.getTime() === latest);
  }

  render(): string {
    this.text ??= toDcgmExposition(this.samples, this.topology, this.jobs);
    return this.text;
  }
}

/** The source, with what each of its reads saw kept in `readings`. */
export function recordingTo(readings: LatestReadings, source: Source): Source {
  return {
    name: source.name,
    topology: () => source.topology(),
    async collect(from, to, options) {
      const snapshot = await source.collect(from, to, options);
      readings.record(snapshot);
      return snapshot;
    },
  };
}

/** Runs a simulator in real time for the exporter alone (when the console reads another source). Returns stop. */
export function runLive(simulator: Simulator, readings: LatestReadings, tickMs: number): () => void {
  const step = () => readings.record(simulator.collectSync(simulator.time, new Date()));
  step();
  const timer = setInterval(step, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
