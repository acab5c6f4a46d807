'use client';

// The fleet map page's live part: polls the map, keeps the signal and filters in the URL, and draws.
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/ui';
import { LivePanel, type LiveProps } from '@/components/live/LivePanel';
import { useLive } from '@/components/live/useLive';
import type { FleetMap } from '@/lib/queries/fleet/types';
import { AttentionNodes } from './AttentionNodes';
import { GpuMap } from './GpuMap';
import { MapControls, readMapView, writeMapView, type MapView } from './MapControls';
import { MapLegend } from './MapLegend';
import { MapSummary } from './MapSummary';
import { colorsFor, matchesFilter } from './map-model';
import styles from './fleet.module.css';

type Props = LiveProps<FleetMap>;

export function FleetMapLive({ initial, initialError, query, refreshSeconds }: Props) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [view, setView] = useState<MapView>(() => readMapView(new URLSearchParams(searchParams?.toString())));
  const live = useLive<FleetMap>(['fleet-map', query], `/api/fleet/map?${query}`, initial, refreshSeconds);
  const latest = live.data;
  const colors = useMemo(() => (latest ? colorsFor(latest, view.signal) : []), [latest, view.signal]);
  const keep = useMemo(() => (latest ? matchesFilter(latest, view.filter) : []), [latest, view.filter]);

  const change = (next: MapView) => {
    setView(next);
    writeMapView(next);
  };
  return (
    <LivePanel live={live} initialError={initialError} loading="Loading the map…" freshness>
      {(data) =>
        data.gpus.node.length === 0 ? (
          <EmptyState
            title="No GPUs yet"
            description="The map fills in once the worker has read the cluster's nodes from its source."
          />
        ) : (
          <>
            <MapControls map={data} view={view} onChange={change} />
            <div className={styles.mapBar}>
              <MapSummary map={data} keep={keep} />
              <MapLegend map={data} signal={view.signal} keep={keep} />
            </div>
            <GpuMap
              map={data}
              colors={colors}
              keep={keep}
              hollowIdle={view.signal === 'util'}
              onOpenNode={(id) => router.push(`/nodes/${id}`)}
            />
            <AttentionNodes map={data} />
          </>
        )
      }
    </LivePanel>
  );
}
