// The simulated history the console collects, as the series dcgm-exporter would have given Prometheus: every
// minute's samples of every GPU, with dcgm-exporter's names and labels, written as OpenMetrics text one
// two-hour window at a time, each window turned into TSDB blocks by `promtool tsdb create-blocks-from
// openmetrics` while the collector goes on (a window's text is hundreds of MB at 8,192 GPUs, so none is kept).
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DCGM_FAMILIES, dcgmLabeller } from '../../lib/sources/simulator/exposition';
import type { Snapshot, Topology } from '../../lib/sources/types';
import { runToEnd } from './processes';

const WINDOW_MS = 2 * 3_600_000; // promtool's block length

/**
 * The families whose values the console keeps per GPU-minute (gpu_sample's columns), so that both stores hold
 * the same readings: utilization, SM and tensor activity, memory used, power, temperature, the last XID, ECC
 * counters and the clock-event bitmask (the console's `throttled`). The GPU's job is in the pod labels.
 */
export const STORED_FAMILIES = [
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_PROF_SM_ACTIVE',
  'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
  'DCGM_FI_DEV_FB_USED',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_GPU_TEMP',
  'DCGM_FI_DEV_XID_ERRORS',
  'DCGM_FI_DEV_CLOCKS_EVENT_REASONS',
  'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
  'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
];
const families = DCGM_FAMILIES.filter((family) => STORED_FAMILIES.includes(family.name));

/** What Prometheus adds to every series it scrapes from a node's exporter. */
const scrapeLabels = (labels: string) => {
  const host = /Hostname="([^"]*)"/.exec(labels)?.[1] ?? '';
  return `${labels},instance="${host}:9400",job="dcgm-exporter"`;
};

/** Windows written but not yet converted that the writer may run ahead by (each is ~2.5 GB at 8,192 GPUs). */
const MAX_PENDING = 1;

export class DcgmHistory {
  private readonly labeller;
  private window: number | null = null;
  private fd: number | null = null;
  private file = '';
  private converting: Promise<void> = Promise.resolve();
  private pending = 0;
  private stopped = false;
  private failure: unknown = null;
  /** Each series' line start (`NAME{labels} `) by family, keyed by its dcgm-exporter labels. */
  private readonly prefixes = new Map<string, string[]>();
  readonly stats = { samples: 0, gpuMinutes: 0, textBytes: 0, windows: 0, writeMs: 0, promtoolMs: 0 };
  /** The first and last minute written (ms). */
  firstMinute = Infinity;
  lastMinute = -Infinity;

  constructor(
    private readonly dir: string,
    readonly blocksDir: string,
    topology: Topology,
  ) {
    mkdirSync(dir, { recursive: true });
    mkdirSync(blocksDir, { recursive: true });
    this.labeller = dcgmLabeller(topology);
  }

  /**
   * Adds a snapshot's samples (collected in time order) to the history; resolves once promtool has caught up
   * enough for the text on disk to stay bounded.
   */
  async add(snapshot: Snapshot) {
    if (this.failure) throw this.failure;
    // Minutes collected after the history is built (the live collection's) are not part of it.
    if (this.finished) return;
    if (this.pending > MAX_PENDING) await this.converting;
    const t0 = performance.now();
    const labelsOf = this.labeller(snapshot.jobs);
    let text = '';
    for (const sample of snapshot.samples) {
      const window = Math.floor(sample.ts.getTime() / WINDOW_MS);
      if (window !== this.window) {
        this.flush(text);
        text = '';
        this.open(window);
      }
      const labelled = labelsOf(sample);
      if (!labelled) continue;
      const prefixes = this.prefixes.get(labelled.labels) ?? this.prefixesOf(labelled.labels);
      const at = sample.ts.getTime();
      if (at < this.firstMinute) this.firstMinute = at;
      if (at > this.lastMinute) this.lastMinute = at;
      const seconds = at / 1000;
      this.stats.gpuMinutes++;
      for (let f = 0; f < families.length; f++) {
        const value = families[f].value(sample, labelled.memoryMib);
        if (value === null) continue;
        text += `${prefixes[f]}${value} ${seconds}\n`;
        this.stats.samples++;
      }
      if (text.length > 1 << 22) text = this.flush(text);
    }
    this.flush(text);
    this.stats.writeMs += performance.now() - t0;
  }

  private prefixesOf(dcgmLabels: string): string[] {
    const labels = scrapeLabels(dcgmLabels);
    const prefixes = families.map((family) => `${family.name}{${labels}} `);
    this.prefixes.set(dcgmLabels, prefixes);
    return prefixes;
  }

  private flush(text: string): string {
    if (text && this.fd !== null) {
      writeSync(this.fd, text);
      this.stats.textBytes += text.length;
    }
    return '';
  }

  private open(window: number) {
    this.close();
    this.window = window;
    this.file = path.join(this.dir, `window-${window}.om`);
    this.fd = openSync(this.file, 'w');
  }

  /** Ends the window being written and queues its conversion into blocks (one promtool at a time). */
  private close() {
    if (this.fd === null) return;
    writeSync(this.fd, '# EOF\n');
    closeSync(this.fd);
    this.fd = null;
    this.stats.windows++;
    this.pending++;
    const file = this.file;
    this.converting = this.converting.then(async () => {
      const t0 = performance.now();
      try {
        if (!this.stopped) {
          await runToEnd('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, this.blocksDir]);
        }
      } catch (error) {
        this.failure ??= error;
      } finally {
        rmSync(file, { force: true });
        this.pending--;
        this.stats.promtoolMs += performance.now() - t0;
      }
    });
  }

  /** Converts nothing more (the bench is stopping); the window under way is left to be removed with the folder. */
  stop() {
    this.stopped = true;
  }

  private finished = false;

  /** Converts the last window and waits for every conversion; the blocks are then in `blocksDir`. */
  async finish() {
    this.finished = true;
    this.close();
    await this.converting;
    if (this.failure) throw this.failure;
    return {
      ...this.stats,
      writeMs: Math.round(this.stats.writeMs),
      promtoolMs: Math.round(this.stats.promtoolMs),
      from: new Date(this.firstMinute),
      to: new Date(this.lastMinute),
    };
  }
}
