// The fleet map's pure parts: which colour a GPU gets for a signal, which GPUs a filter keeps, and where each
// node's block sits on the canvas (and so which GPU is under the pointer). No DOM here, so tests drive it.
import type { GpuCondition } from '@/lib/domain/gpu-condition';
import type { FleetMap } from '@/lib/queries/fleet/types';

interface ClusterPool {
  name: string;
  cluster: string;
}

/** A pool's name, with its cluster's when the pools shown span several clusters (their pools may share names). */
export function poolLabel(pools: readonly ClusterPool[], pool: ClusterPool): string {
  const several = pools.some((other) => other.cluster !== pool.cluster);
  return several ? `${pool.cluster} · ${pool.name}` : pool.name;
}

export const SIGNALS = ['util', 'memory', 'temp', 'power', 'health'] as const;
export type Signal = (typeof SIGNALS)[number];

export const SIGNAL_LABELS: Record<Signal, string> = {
  util: 'Utilization',
  memory: 'Memory used',
  temp: 'Temperature',
  power: 'Power',
  health: 'Health',
};

interface Scale {
  min: number;
  max: number;
  unit: string;
  /** Colour stops over [0, 1]; chosen to stay visible on both the light and the dark surface. */
  stops: readonly string[];
}

const VIRIDIS = ['#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] as const;
const HEAT = ['#3b6fb6', '#2a9d8f', '#8ab17d', '#e9c46a', '#f4a261', '#e76f51', '#c1121f'] as const;

export const SCALES: Record<Exclude<Signal, 'health'>, Scale> = {
  util: { min: 0, max: 100, unit: '%', stops: VIRIDIS },
  memory: { min: 0, max: 100, unit: '%', stops: VIRIDIS },
  // H100/H800 SXM draw up to 700 W; an idle GPU sits near 70 W.
  power: { min: 0, max: 700, unit: ' W', stops: VIRIDIS },
  // Datacentre GPUs throttle from the high 80s.
  temp: { min: 30, max: 90, unit: ' °C', stops: HEAT },
};

export const CONDITION_COLORS: Record<GpuCondition, string> = {
  down: '#6b7280',
  fatal: '#d62828',
  draining: '#e07b00',
  cordoned: '#c99a06',
  throttled: '#f4a261',
  xid: '#b5179e',
  no_data: '#9aa3b2',
  idle: '#8fb8de',
  busy: '#2a9d6f',
};

export const NO_READING_COLOR = '#9aa3b2';

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The colour at t in [0, 1] along the stops, interpolated in sRGB. */
export function rampColor(stops: readonly string[], t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const [r1, g1, b1] = hexToRgb(stops[i]);
  const [r2, g2, b2] = hexToRgb(stops[i + 1]);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  return `rgb(${mix(r1, r2)} ${mix(g1, g2)} ${mix(b1, b2)})`;
}

function signalValues(map: FleetMap, signal: Exclude<Signal, 'health'>): (number | null)[] {
  if (signal === 'util') return map.gpus.util;
  if (signal === 'memory') return map.gpus.memory;
  if (signal === 'power') return map.gpus.powerW;
  return map.gpus.tempC;
}

/**
 * One colour per GPU for the signal. A GPU without a reading, or not reporting (its last reading is past the stale
 * limit), is grey whatever the signal: never a made-up 0, nor an old value passing for now.
 */
export function colorsFor(map: FleetMap, signal: Signal): string[] {
  const count = map.gpus.node.length;
  const colors = new Array<string>(count);
  if (signal === 'health') {
    for (let i = 0; i < count; i++) colors[i] = CONDITION_COLORS[map.conditions[map.gpus.condition[i]]];
    return colors;
  }
  const scale = SCALES[signal];
  const values = signalValues(map, signal);
  // Quantized to 2% steps: the eye can't tell finer, and a cache turns 8,192 interpolations into ~50.
  const cache = new Map<number, string>();
  const silent = map.conditions.indexOf('no_data');
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value === null || map.gpus.condition[i] === silent) {
      colors[i] = NO_READING_COLOR;
      continue;
    }
    const step = Math.round(((value - scale.min) / (scale.max - scale.min)) * 50);
    let color = cache.get(step);
    if (!color) {
      color = rampColor(scale.stops, step / 50);
      cache.set(step, color);
    }
    colors[i] = color;
  }
  return colors;
}

export interface MapFilter {
  pool: number | null;
  team: string | null;
  job: number | null;
  condition: GpuCondition | null;
  /** Part of a hostname: finds a node (or the nodes whose names contain it). */
  node: string | null;
}

export const NO_FILTER: MapFilter = { pool: null, team: null, job: null, condition: null, node: null };

/** Which GPUs the filter keeps; the others stay on the map, dimmed, so the layout never jumps. */
export function matchesFilter(map: FleetMap, filter: MapFilter): boolean[] {
  const count = map.gpus.node.length;
  const keep = new Array<boolean>(count);
  for (let i = 0; i < count; i++) {
    const node = map.nodes[map.gpus.node[i]];
    const jobIndex = map.gpus.job[i];
    const job = jobIndex >= 0 ? map.jobs[jobIndex] : null;
    keep[i] =
      (filter.pool === null || node.pool === filter.pool) &&
      (filter.team === null || job?.team === filter.team) &&
      (filter.job === null || job?.id === filter.job) &&
      (filter.condition === null || map.conditions[map.gpus.condition[i]] === filter.condition) &&
      (filter.node === null || node.hostname.toLowerCase().includes(filter.node.toLowerCase()));
  }
  return keep;
}

export interface NodeBlock {
  node: number;
  x: number;
  y: number;
  /** Indexes of the node's GPUs in the map's columns, by GPU index. */
  gpus: number[];
}

export interface PoolLayout {
  pool: number;
  width: number;
  height: number;
  blocks: NodeBlock[];
}

export interface Layout {
  cell: number;
  columns: number;
  blockWidth: number;
  blockHeight: number;
  pools: PoolLayout[];
}

export const CELL_GAP = 1;
export const BLOCK_GAP = 5;
/** GPUs of a node are drawn as a block this many cells wide (8 GPUs: 4 x 2). */
export const BLOCK_COLUMNS = 4;

/**
 * Places every node's block, pool by pool, in rows that fill the width. The cell size is the largest (up to
 * 16 px, down to 5 px) at which the whole fleet fits the height available, so 8,192 GPUs still fit one screen.
 */
export function layoutMap(map: FleetMap, width: number, availableHeight: number, headerHeight = 34): Layout {
  const gpusByNode = new Map<number, number[]>();
  for (let i = 0; i < map.gpus.node.length; i++) {
    const list = gpusByNode.get(map.gpus.node[i]);
    if (list) list.push(i);
    else gpusByNode.set(map.gpus.node[i], [i]);
  }
  const maxGpus = Math.max(1, ...[...gpusByNode.values()].map((list) => list.length));
  const rowsPerBlock = Math.ceil(maxGpus / BLOCK_COLUMNS);
  const nodesByPool = map.pools.map((pool) => ({
    pool: pool.id,
    nodes: map.nodes.flatMap((node, i) => (node.pool === pool.id && gpusByNode.has(i) ? [i] : [])),
  }));

  const measure = (cell: number) => {
    const blockWidth = BLOCK_COLUMNS * cell + (BLOCK_COLUMNS - 1) * CELL_GAP;
    const blockHeight = rowsPerBlock * cell + (rowsPerBlock - 1) * CELL_GAP;
    const columns = Math.max(1, Math.floor((width + BLOCK_GAP) / (blockWidth + BLOCK_GAP)));
    const height = nodesByPool.reduce(
      (sum, pool) =>
        sum +
        (pool.nodes.length ? headerHeight + Math.ceil(pool.nodes.length / columns) * (blockHeight + BLOCK_GAP) : 0),
      0,
    );
    return { blockWidth, blockHeight, columns, height };
  };
  let cell = 16;
  while (cell > 5 && measure(cell).height > availableHeight) cell--;
  const { blockWidth, blockHeight, columns } = measure(cell);

  const pools = nodesByPool
    .filter((pool) => pool.nodes.length > 0)
    .map(({ pool, nodes }) => {
      const blocks = nodes.map((node, k) => ({
        node,
        x: (k % columns) * (blockWidth + BLOCK_GAP),
        y: Math.floor(k / columns) * (blockHeight + BLOCK_GAP),
        gpus: gpusByNode.get(node)!,
      }));
      const rows = Math.ceil(nodes.length / columns);
      return {
        pool,
        width: columns * (blockWidth + BLOCK_GAP) - BLOCK_GAP,
        height: rows * (blockHeight + BLOCK_GAP),
        blocks,
      };
    });
  return { cell, columns, blockWidth, blockHeight, pools };
}

/** The top-left corner of the k-th GPU of a block. */
export function cellOrigin(layout: Layout, block: NodeBlock, k: number): { x: number; y: number } {
  return {
    x: block.x + (k % BLOCK_COLUMNS) * (layout.cell + CELL_GAP),
    y: block.y + Math.floor(k / BLOCK_COLUMNS) * (layout.cell + CELL_GAP),
  };
}

/** The GPU (column index) under a point of a pool's canvas, or null between cells. */
export function gpuAt(layout: Layout, pool: PoolLayout, x: number, y: number): number | null {
  const column = Math.floor(x / (layout.blockWidth + BLOCK_GAP));
  const row = Math.floor(y / (layout.blockHeight + BLOCK_GAP));
  if (column < 0 || column >= layout.columns || row < 0) return null;
  const block = pool.blocks[row * layout.columns + column];
  if (!block) return null;
  const dx = x - block.x;
  const dy = y - block.y;
  const cx = Math.floor(dx / (layout.cell + CELL_GAP));
  const cy = Math.floor(dy / (layout.cell + CELL_GAP));
  if (dx < 0 || dy < 0 || cx >= BLOCK_COLUMNS || dx % (layout.cell + CELL_GAP) >= layout.cell) return null;
  if (dy % (layout.cell + CELL_GAP) >= layout.cell) return null;
  return block.gpus[cy * BLOCK_COLUMNS + cx] ?? null;
}

export type MapMove = 'left' | 'right' | 'up' | 'down' | 'first' | 'last';

/**
 * Where the arrow keys take the selection: left and right step through GPUs in reading order (pool, node,
 * GPU index); up and down go to the same GPU of the node above or below, crossing into the next pool.
 */
export function moveSelection(layout: Layout, gpu: number | null, move: MapMove): number | null {
  const blocks = layout.pools.flatMap((pool, p) => pool.blocks.map((block, b) => ({ block, p, b })));
  if (blocks.length === 0) return null;
  const order = blocks.flatMap(({ block }) => block.gpus);
  if (gpu === null || move === 'first') return order[0];
  if (move === 'last') return order[order.length - 1];
  const at = blocks.findIndex(({ block }) => block.gpus.includes(gpu));
  if (at < 0) return order[0];
  if (move === 'left' || move === 'right') {
    const i = order.indexOf(gpu) + (move === 'right' ? 1 : -1);
    return order[Math.min(order.length - 1, Math.max(0, i))];
  }
  const { block, p, b } = blocks[at];
  const k = block.gpus.indexOf(gpu);
  const column = b % layout.columns;
  const pool = layout.pools[p];
  let target: NodeBlock | undefined;
  if (move === 'down') {
    target = pool.blocks[b + layout.columns];
    if (!target && b + layout.columns < Math.ceil(pool.blocks.length / layout.columns) * layout.columns) {
      target = pool.blocks[pool.blocks.length - 1];
    }
    if (!target && layout.pools[p + 1]) {
      const next = layout.pools[p + 1].blocks;
      target = next[Math.min(column, next.length - 1)];
    }
  } else {
    target = pool.blocks[b - layout.columns];
    if (!target && layout.pools[p - 1]) {
      const previous = layout.pools[p - 1].blocks;
      const lastRow = Math.floor((previous.length - 1) / layout.columns) * layout.columns;
      target = previous[Math.min(lastRow + column, previous.length - 1)];
    }
  }
  if (!target) return gpu;
  return target.gpus[Math.min(k, target.gpus.length - 1)];
}
