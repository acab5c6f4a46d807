// The fleet map's pure parts: conditions, colours, filters, layout, hit testing and keyboard moves.
import { describe, expect, it } from 'vitest';
import { GPU_CONDITIONS, gpuCondition, type GpuConditionInput } from '@/lib/domain/gpu-condition';
import type { FleetMap } from '@/lib/queries/fleet/types';
import {
  BLOCK_GAP,
  CONDITION_COLORS,
  NO_FILTER,
  NO_READING_COLOR,
  cellOrigin,
  colorsFor,
  gpuAt,
  layoutMap,
  matchesFilter,
  moveSelection,
  poolLabel,
  rampColor,
} from '@/components/fleet/map-model';
import { attentionRows, hiddenByReason } from '@/components/fleet/attention';

const base: GpuConditionInput = {
  nodeState: 'ready',
  gpuHealthy: true,
  hasSample: true,
  throttled: false,
  recentXids: 0,
  allocated: true,
};

describe('gpuCondition', () => {
  it('ranks a lost node over a fatal GPU over a cordon over readings', () => {
    expect(gpuCondition({ ...base, nodeState: 'down', gpuHealthy: false })).toBe('down');
    expect(gpuCondition({ ...base, nodeState: 'rebooting' })).toBe('down');
    expect(gpuCondition({ ...base, nodeState: 'cordoned', gpuHealthy: false })).toBe('fatal');
    expect(gpuCondition({ ...base, nodeState: 'draining', throttled: true })).toBe('draining');
    expect(gpuCondition({ ...base, nodeState: 'cordoned' })).toBe('cordoned');
    expect(gpuCondition({ ...base, hasSample: false, throttled: true })).toBe('no_data');
    expect(gpuCondition({ ...base, throttled: true, recentXids: 2 })).toBe('throttled');
    expect(gpuCondition({ ...base, recentXids: 1 })).toBe('xid');
    expect(gpuCondition({ ...base, allocated: false })).toBe('idle');
    expect(gpuCondition(base)).toBe('busy');
  });
});

/** Two pools: p1 has 3 nodes of 8 GPUs, p2 one node of 4. */
function fleet(): FleetMap {
  const reporting = { silent: false, since: null };
  const nodes = [
    { id: 1, hostname: 'a1', pool: 1, state: 'ready' as const, stateReason: null, silence: reporting },
    { id: 2, hostname: 'a2', pool: 1, state: 'cordoned' as const, stateReason: 'x', silence: reporting },
    { id: 3, hostname: 'a3', pool: 1, state: 'ready' as const, stateReason: null, silence: reporting },
    { id: 4, hostname: 'b1', pool: 2, state: 'ready' as const, stateReason: null, silence: reporting },
  ];
  const gpus: FleetMap['gpus'] = {
    node: [],
    index: [],
    util: [],
    memory: [],
    powerW: [],
    tempC: [],
    readingAt: [],
    condition: [],
    job: [],
    xid: [],
  };
  nodes.forEach((node, n) => {
    for (let g = 0; g < (node.pool === 1 ? 8 : 4); g++) {
      gpus.node.push(n);
      gpus.index.push(g);
      gpus.util.push(n === 0 ? g * 10 : null);
      gpus.memory.push(null);
      gpus.powerW.push(null);
      gpus.tempC.push(null);
      gpus.readingAt.push(n === 0 ? 1_764_028_800 : null);
      gpus.condition.push(GPU_CONDITIONS.indexOf(n === 1 ? 'cordoned' : 'busy'));
      gpus.job.push(n === 0 ? 0 : n === 2 ? 1 : -1);
      gpus.xid.push(0);
    }
  });
  return {
    asOf: null,
    generatedAt: '2026-11-25T00:00:00Z',
    timeZone: 'UTC',
    freshness: {} as FleetMap['freshness'],
    pools: [
      { id: 1, name: 'p1', cluster: 'train', gpuModel: 'H800', pricingClass: 'reserved' },
      { id: 2, name: 'p2', cluster: 'train', gpuModel: 'H800', pricingClass: 'spot' },
    ],
    nodes,
    jobs: [
      { id: 7, name: 'train', team: 'llm', project: 'x', health: 'healthy' },
      { id: 8, name: 'eval', team: 'vision', project: 'y', health: 'healthy' },
    ],
    teams: ['llm', 'vision'],
    conditions: GPU_CONDITIONS,
    gpus,
  };
}

describe('colours', () => {
  it('interpolates the ramp and clamps outside it', () => {
    expect(rampColor(['#000000', '#ffffff'], 0)).toBe('rgb(0 0 0)');
    expect(rampColor(['#000000', '#ffffff'], 0.5)).toBe('rgb(128 128 128)');
    expect(rampColor(['#000000', '#ffffff'], 7)).toBe('rgb(255 255 255)');
    expect(rampColor(['#000000', '#ff0000', '#ffffff'], 0.75)).toBe('rgb(255 128 128)');
  });

  it('greys a GPU without a reading instead of colouring it as 0', () => {
    const colors = colorsFor(fleet(), 'util');
    expect(colors[8]).toBe(NO_READING_COLOR);
    expect(colors[0]).not.toBe(NO_READING_COLOR);
    expect(colors[0]).not.toBe(colors[7]); // 0% and 70% differ
  });

  it('greys a GPU that is not reporting, whatever its last reading says', () => {
    const map = fleet();
    map.gpus.condition[1] = GPU_CONDITIONS.indexOf('no_data'); // a1 GPU 1 read 10% last, long ago
    const colors = colorsFor(map, 'util');
    expect(colors[1]).toBe(NO_READING_COLOR);
    expect(colors[2]).not.toBe(NO_READING_COLOR);
  });

  it('colours health by condition', () => {
    const colors = colorsFor(fleet(), 'health');
    expect(colors[0]).toBe(CONDITION_COLORS.busy);
    expect(colors[8]).toBe(CONDITION_COLORS.cordoned);
  });
});

describe('nodes that need attention', () => {
  it('lists the nodes not ready or with a GPU in trouble, worst first, and counts what a short list leaves out', () => {
    const map = fleet();
    map.gpus.condition[20] = GPU_CONDITIONS.indexOf('no_data'); // a3 GPU 4 went silent
    map.gpus.condition[24] = GPU_CONDITIONS.indexOf('xid'); // b1 GPU 0 logged a warning XID
    map.gpus.condition[25] = GPU_CONDITIONS.indexOf('no_data'); // ... and GPU 1 went silent
    const rows = attentionRows(map);
    // The cordoned node ranks before ready ones; those two by name. a1 has nothing wrong and is not listed.
    expect(rows.map((row) => row.node.hostname)).toEqual(['a2', 'a3', 'b1']);
    expect(Object.fromEntries(rows[2].trouble)).toEqual({ xid: 1, no_data: 1 });
    // Listing the first one leaves a3 and b1, each counted by its worst condition (b1: XID before silence).
    expect(hiddenByReason(rows, 1)).toEqual([
      { reason: 'not reporting', nodes: 1 },
      { reason: 'with XID warnings', nodes: 1 },
    ]);
    expect(hiddenByReason(rows, 3)).toEqual([]);
    // Once every GPU of b1 is silent, the node reads as not reporting, whatever its scheduler state, and is listed
    // before the cordoned one: it is as unknown as a down node.
    map.nodes[3] = { ...map.nodes[3], silence: { silent: true, since: '2026-11-25T00:00:00Z' } };
    expect(hiddenByReason(attentionRows(map), 1)).toEqual([
      { reason: 'cordoned', nodes: 1 },
      { reason: 'not reporting', nodes: 1 },
    ]);
    expect(attentionRows(map).map((row) => [row.node.hostname, row.state])).toEqual([
      ['b1', 'not_reporting'],
      ['a2', 'cordoned'],
      ['a3', 'ready'],
    ]);
  });
});

describe('poolLabel', () => {
  it('names the cluster beside the pool only when the map shows several clusters', () => {
    const one = [{ id: 1, name: 'h100', cluster: 'train', gpuModel: 'H100', pricingClass: 'reserved' as const }];
    expect(poolLabel(one, one[0])).toBe('h100');
    const two = [...one, { ...one[0], id: 2, cluster: 'infer' }];
    expect(two.map((pool) => poolLabel(two, pool))).toEqual(['train · h100', 'infer · h100']);
  });
});

describe('matchesFilter', () => {
  it('keeps everything without a filter, and combines filters with and', () => {
    const map = fleet();
    expect(matchesFilter(map, NO_FILTER).every(Boolean)).toBe(true);
    const count = (filter: Parameters<typeof matchesFilter>[1]) => matchesFilter(map, filter).filter(Boolean).length;
    expect(count({ ...NO_FILTER, pool: 2 })).toBe(4);
    expect(count({ ...NO_FILTER, team: 'llm' })).toBe(8);
    expect(count({ ...NO_FILTER, job: 8 })).toBe(8);
    expect(count({ ...NO_FILTER, condition: 'cordoned' })).toBe(8);
    expect(count({ ...NO_FILTER, team: 'llm', pool: 2 })).toBe(0);
  });

  it('finds a node by any part of its hostname, whatever the case', () => {
    const map = fleet();
    const kept = (node: string) =>
      matchesFilter(map, { ...NO_FILTER, node }).flatMap((keep, i) =>
        keep ? [map.nodes[map.gpus.node[i]].hostname] : [],
      );
    expect(new Set(kept('A2'))).toEqual(new Set(['a2']));
    expect(kept('a').length).toBe(24); // a1, a2 and a3: 8 GPUs each
    expect(kept('zz')).toEqual([]);
  });
});

describe('layout', () => {
  it('shrinks cells until the fleet fits the height, and wraps nodes into rows', () => {
    const map = fleet();
    const roomy = layoutMap(map, 1000, 2000);
    expect(roomy.cell).toBe(16);
    const tight = layoutMap(map, 150, 100, 10);
    expect(tight.cell).toBeLessThan(16);
    expect(tight.columns).toBeGreaterThanOrEqual(1);
    // p1's third node wraps onto a second row when only two blocks fit.
    const narrow = layoutMap(map, 2 * (4 * 16 + 3) + BLOCK_GAP, 2000);
    expect(narrow.columns).toBe(2);
    expect(narrow.pools[0].blocks[2]).toMatchObject({ x: 0, y: 2 * 16 + 1 + BLOCK_GAP });
  });

  it('finds the GPU under a point, and none in the gaps', () => {
    const map = fleet();
    const layout = layoutMap(map, 1000, 2000);
    const pool = layout.pools[0];
    const second = pool.blocks[1];
    const { x, y } = cellOrigin(layout, second, 5); // GPU 5 sits in the second row, second column
    expect(gpuAt(layout, pool, x + 3, y + 3)).toBe(second.gpus[5]);
    expect(gpuAt(layout, pool, x + layout.cell, y + 3)).toBeNull(); // the 1 px gap after it
    expect(gpuAt(layout, pool, -1, 0)).toBeNull();
    expect(gpuAt(layout, pool, 0, 500)).toBeNull();
  });

  it('moves the selection by arrow keys across nodes and into the next pool', () => {
    const map = fleet();
    const layout = layoutMap(map, 2 * (4 * 16 + 3) + BLOCK_GAP, 2000); // two blocks per row
    const [a1, a2, a3] = layout.pools[0].blocks;
    const [b1] = layout.pools[1].blocks;
    expect(moveSelection(layout, null, 'right')).toBe(a1.gpus[0]);
    expect(moveSelection(layout, a1.gpus[7], 'right')).toBe(a2.gpus[0]);
    expect(moveSelection(layout, a1.gpus[2], 'down')).toBe(a3.gpus[2]);
    // From a2 (top right) down: no block below it, so the last block of the pool.
    expect(moveSelection(layout, a2.gpus[1], 'down')).toBe(a3.gpus[1]);
    expect(moveSelection(layout, a3.gpus[6], 'down')).toBe(b1.gpus[3]); // b1 has 4 GPUs
    expect(moveSelection(layout, b1.gpus[0], 'up')).toBe(a3.gpus[0]);
    expect(moveSelection(layout, a1.gpus[0], 'left')).toBe(a1.gpus[0]);
    expect(moveSelection(layout, a1.gpus[0], 'last')).toBe(b1.gpus[3]);
  });
});
