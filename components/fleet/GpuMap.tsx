'use client';

// Every GPU on one screen: a canvas per pool, a block per node, a cell per GPU. Canvas rather than 8,192 DOM
// elements keeps a recolour to one pass of fillRect. The pointer and the arrow keys pick a GPU; the tooltip and
// a live region say what it is; a click or Enter opens its node.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatCountOf } from '@/lib/domain/units';
import type { FleetMap } from '@/lib/queries/fleet/types';
import {
  cellOrigin,
  gpuAt,
  layoutMap,
  moveSelection,
  poolLabel,
  type Layout,
  type MapMove,
  type PoolLayout,
} from './map-model';
import { GpuTooltip, describeGpu } from './GpuTooltip';
import styles from './fleet.module.css';

interface Props {
  map: FleetMap;
  colors: string[];
  keep: boolean[];
  /** Draw unallocated GPUs hollow (for utilization, where an idle GPU's 0% is not waste). */
  hollowIdle: boolean;
  onOpenNode(nodeId: number): void;
}

const POOL_HEADER = 34;

const KEY_MOVES: Record<string, MapMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'first',
  End: 'last',
};

function useSize<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const top = element.getBoundingClientRect().top + window.scrollY;
      const style = getComputedStyle(element);
      // The canvas draws inside the padding, with 2 px each side for the outline of a node that is not ready.
      const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 4;
      setSize({ width: Math.max(0, inner), height: Math.max(360, window.innerHeight - top - 24) });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return [ref, size] as const;
}

function drawPool(
  canvas: HTMLCanvasElement,
  layout: Layout,
  pool: PoolLayout,
  map: FleetMap,
  colors: string[],
  keep: boolean[],
  hollowIdle: boolean,
  selected: number | null,
) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, pool.width);
  const height = Math.max(1, pool.height);
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const style = getComputedStyle(canvas);
  const warn = style.getPropertyValue('--warn').trim() || '#c99a06';
  const bad = style.getPropertyValue('--bad').trim() || '#d62828';
  const focus = style.getPropertyValue('--text').trim() || '#000';
  const { cell } = layout;
  for (const block of pool.blocks) {
    // A node that is not schedulable gets an outline, so the state shows whatever the signal.
    const state = map.nodes[block.node].state;
    if (state !== 'ready') {
      context.strokeStyle = state === 'cordoned' || state === 'draining' ? warn : bad;
      context.lineWidth = 1.5;
      context.setLineDash(state === 'draining' ? [3, 2] : []);
      context.strokeRect(block.x - 1.5, block.y - 1.5, layout.blockWidth + 3, layout.blockHeight + 3);
      context.setLineDash([]);
    }
    block.gpus.forEach((gpu, k) => {
      const { x, y } = cellOrigin(layout, block, k);
      context.globalAlpha = keep[gpu] ? 1 : 0.14;
      if (hollowIdle && map.gpus.job[gpu] < 0) {
        context.strokeStyle = colors[gpu];
        context.lineWidth = 1;
        context.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
      } else {
        context.fillStyle = colors[gpu];
        context.fillRect(x, y, cell, cell);
      }
      if (state === 'down') {
        // Down reads as crossed out even to someone who cannot tell the grey apart.
        context.strokeStyle = 'rgb(0 0 0 / 0.45)';
        context.lineWidth = 1;
        context.beginPath();
        context.moveTo(x, y + cell);
        context.lineTo(x + cell, y);
        context.stroke();
      }
    });
  }
  context.globalAlpha = 1;
  if (selected !== null) {
    for (const block of pool.blocks) {
      const k = block.gpus.indexOf(selected);
      if (k < 0) continue;
      const { x, y } = cellOrigin(layout, block, k);
      context.strokeStyle = focus;
      context.lineWidth = 2;
      context.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
    }
  }
}

export function GpuMap({ map, colors, keep, hollowIdle, onOpenNode }: Props) {
  const [wrapperRef, size] = useSize<HTMLDivElement>();
  const canvases = useRef(new Map<number, HTMLCanvasElement>());
  const [selected, setSelected] = useState<number | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);

  const layout = useMemo(
    () => (size.width ? layoutMap(map, size.width, size.height, POOL_HEADER) : null),
    [map, size.width, size.height],
  );

  useEffect(() => {
    if (!layout) return;
    for (const pool of layout.pools) {
      const canvas = canvases.current.get(pool.pool);
      if (canvas) drawPool(canvas, layout, pool, map, colors, keep, hollowIdle, selected);
    }
    // A User Timing mark per draw: the browser's profiler (and the benchmark) see when the map was painted.
    performance.mark('fleet-map:drawn');
  }, [layout, map, colors, keep, hollowIdle, selected]);

  if (selected !== null && selected >= map.gpus.node.length) setSelected(null);

  const onMove = (pool: PoolLayout) => (event: PointerEvent<HTMLCanvasElement>) => {
    if (!layout) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const gpu = gpuAt(layout, pool, event.clientX - rect.left, event.clientY - rect.top);
    setSelected(gpu);
    const wrapper = wrapperRef.current?.getBoundingClientRect();
    setPointer(gpu === null || !wrapper ? null : { x: event.clientX - wrapper.left, y: event.clientY - wrapper.top });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!layout) return;
    const move = KEY_MOVES[event.key];
    if (move) {
      event.preventDefault();
      setSelected(moveSelection(layout, selected, move));
      setPointer(null);
    } else if ((event.key === 'Enter' || event.key === ' ') && selected !== null) {
      event.preventDefault();
      onOpenNode(map.nodes[map.gpus.node[selected]].id);
    } else if (event.key === 'Escape') {
      setSelected(null);
    }
  };

  const poolById = new Map(map.pools.map((pool) => [pool.id, pool]));
  return (
    <div
      ref={wrapperRef}
      className={styles.mapWrapper}
      tabIndex={0}
      role="application"
      aria-roledescription="GPU map"
      aria-label={`GPU map of ${formatCountOf(map.gpus.node.length, 'GPU')}. Arrow keys move between GPUs, Enter opens the node.`}
      onKeyDown={onKeyDown}
      onPointerLeave={() => {
        setPointer(null);
        setSelected(null);
      }}
      data-testid="gpu-map"
    >
      {layout?.pools.map((pool) => {
        const info = poolById.get(pool.pool)!;
        const gpus = pool.blocks.reduce((sum, block) => sum + block.gpus.length, 0);
        return (
          <section key={pool.pool} className={styles.poolSection} aria-label={poolLabel(map.pools, info)}>
            <h2 className={styles.poolHeading}>
              {poolLabel(map.pools, info)}
              <span className={styles.poolMeta}>
                {info.gpuModel} · {formatCountOf(pool.blocks.length, 'node')} · {formatCountOf(gpus, 'GPU')}
              </span>
            </h2>
            <canvas
              ref={(element) => {
                if (element) canvases.current.set(pool.pool, element);
                else canvases.current.delete(pool.pool);
              }}
              className={styles.canvas}
              onPointerMove={onMove(pool)}
              onClick={() => selected !== null && onOpenNode(map.nodes[map.gpus.node[selected]].id)}
              style={{ cursor: selected !== null ? 'pointer' : 'default' }}
              aria-hidden="true"
            />
          </section>
        );
      })}
      {selected !== null && <GpuTooltip map={map} gpu={selected} at={pointer} />}
      <p className="visually-hidden" aria-live="polite">
        {selected !== null ? describeGpu(map, selected) : ''}
      </p>
    </div>
  );
}
