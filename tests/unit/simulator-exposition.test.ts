import { describe, expect, it } from 'vitest';
import { createSimulator, toDcgmExposition } from '@/lib/sources/simulator';
import { LatestReadings, recordingTo } from '@/lib/sources/simulator/exporter-server';

const START = new Date('2026-10-01T00:00:00Z');
const FAMILIES = [
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_PROF_SM_ACTIVE',
  'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
  'DCGM_FI_DEV_FB_USED',
  'DCGM_FI_DEV_FB_FREE',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_GPU_TEMP',
  'DCGM_FI_DEV_XID_ERRORS',
  'DCGM_FI_DEV_CLOCKS_EVENT_REASONS',
  'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
  'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
  'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
  'DCGM_FI_DEV_ROW_REMAP_FAILURE',
];
/** As dcgm-exporter's counters CSV declares them. */
const COUNTERS = new Set([
  'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
  'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
  'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
]);
const SAMPLE_LINE = /^([A-Za-z_:][A-Za-z0-9_:]*)\{(.*)\} (-?\d+(?:\.\d+)?(?:e-?\d+)?)$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let consumed = 0;
  for (let match = LABEL.exec(text); match; match = LABEL.exec(text)) {
    labels[match[1]] = match[2];
    consumed = LABEL.lastIndex;
  }
  expect(consumed).toBe(text.length);
  return labels;
}

describe('toDcgmExposition', () => {
  it('renders the latest samples as dcgm-exporter does, one parseable line per GPU and metric', async () => {
    const sim = createSimulator({ seed: 42, startTime: START });
    const topology = await sim.topology();
    const earlier = sim.collectSync(START, new Date(START.getTime() + 29 * 60_000));
    const latest = sim.collectSync(sim.time, new Date(START.getTime() + 30 * 60_000));
    const text = toDcgmExposition([...earlier.samples, ...latest.samples], topology, latest.jobs);

    const holder = new Map(latest.samples.map((s) => [s.uuid, s.jobExternalId]));
    const lines = text.trimEnd().split('\n');
    const seen = new Map<string, number>();
    let family = '';
    for (const line of lines) {
      if (line.startsWith('# HELP ')) {
        family = line.split(' ')[2];
        continue;
      }
      if (line.startsWith('# TYPE ')) {
        expect(line).toBe(`# TYPE ${family} ${COUNTERS.has(family) ? 'counter' : 'gauge'}`);
        continue;
      }
      const match = SAMPLE_LINE.exec(line);
      expect(match, line).not.toBeNull();
      const [, name, labelText, value] = match!;
      expect(name).toBe(family);
      expect(Number.isFinite(Number(value))).toBe(true);
      const labels = parseLabels(labelText);
      expect(labels.device).toBe(`nvidia${labels.gpu}`);
      expect(labels.modelName).toBe('NVIDIA H800 80GB HBM3');
      expect(labels.UUID).toMatch(/^GPU-/);
      expect(labels.Hostname).toMatch(/^gpu-[rs]-\d{3}$/);
      const held = holder.get(labels.UUID);
      if (held)
        expect(labels).toMatchObject({
          namespace: expect.any(String),
          pod: expect.stringContaining(held),
          container: expect.any(String),
        });
      else expect(labels.pod).toBeUndefined();
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    expect([...seen.keys()]).toEqual(FAMILIES);
    for (const name of FAMILIES) expect(seen.get(name)).toBe(latest.samples.length);
  });

  it('reports free memory as the rest of the 81,559 MiB', async () => {
    const sim = createSimulator({ seed: 3, startTime: START });
    const { samples } = sim.collectSync(START, new Date(START.getTime() + 60_000));
    const text = toDcgmExposition(samples, await sim.topology());
    const value = (name: string, uuid: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${name}{`) && l.includes(uuid))!
          .split(' ')
          .at(-1),
      );
    for (const sample of samples.slice(0, 50)) {
      expect(value('DCGM_FI_DEV_FB_USED', sample.uuid) + value('DCGM_FI_DEV_FB_FREE', sample.uuid)).toBe(81559);
    }
  });

  it('exports throttling as the thermal clock-event bit, and ECC counters as the volatile totals', async () => {
    const sim = createSimulator({ seed: 5, startTime: START });
    const { samples } = sim.collectSync(START, new Date(START.getTime() + 60_000));
    const [cool, hot] = [
      { ...samples[0], throttled: false },
      { ...samples[1], throttled: true, eccSbe: 7 },
    ];
    const text = toDcgmExposition([cool, hot], await sim.topology());
    const value = (name: string, uuid: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && l.includes(uuid))
        ?.split(' ')
        .at(-1);
    expect(value('DCGM_FI_DEV_CLOCKS_EVENT_REASONS', cool.uuid)).toBe('0');
    expect(value('DCGM_FI_DEV_CLOCKS_EVENT_REASONS', hot.uuid)).toBe(String(0x20));
    expect(value('DCGM_FI_DEV_ECC_SBE_VOL_TOTAL', hot.uuid)).toBe('7');
    expect(value('DCGM_FI_DEV_ROW_REMAP_FAILURE', hot.uuid)).toBe('0');
  });

  it('serves the latest minute a source collected, without the GPUs that had no sample in it', async () => {
    const sim = createSimulator({ seed: 9, nodes: 2, startTime: START });
    const readings = new LatestReadings(await sim.topology());
    const source = recordingTo(readings, sim);
    expect(source.name).toBe('simulator');
    expect(readings.render()).not.toContain('UUID=');
    const { samples } = await source.collect(START, new Date(START.getTime() + 3 * 60_000));
    const lastMinute = samples.filter((s) => s.ts.getTime() === START.getTime() + 3 * 60_000);
    const text = readings.render();
    expect(text.split('\n').filter((l) => l.startsWith('DCGM_FI_DEV_GPU_UTIL{'))).toHaveLength(lastMinute.length);
    expect(text).toBe(toDcgmExposition(lastMinute, await sim.topology(), sim.listJobs()));
    // A read that ends within the minute changes nothing.
    await source.collect(sim.time, new Date(sim.time.getTime() + 10_000));
    expect(readings.render()).toBe(text);
  });
});
