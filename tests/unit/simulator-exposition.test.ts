import { describe, expect, it } from 'vitest';
import { createSimulator, toDcgmExposition } from '@/lib/sources/simulator';

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
];
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
        expect(line).toBe(`# TYPE ${family} gauge`);
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
});
