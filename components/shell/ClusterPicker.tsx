'use client';

// The header's cluster picker, shown when the console watches several clusters: every page with figures then reads
// one cluster or all of them, and the choice is kept in the URL (`?cluster=`), so a link shares it.
import { useUrlState } from '@/components/url/useUrlState';
import { CLUSTER_PARAM } from '@/lib/clusters/scope';
import styles from './Shell.module.css';
import { Options } from '@/components/forms/Options';

export interface ClusterChoice {
  name: string;
  region: string | null;
}

export function ClusterPicker({ clusters }: { clusters: ClusterChoice[] }) {
  const { searchParams, navigate, withChanges, pending } = useUrlState();
  if (clusters.length < 2) return null;
  const current = searchParams.get(CLUSTER_PARAM) ?? '';
  return (
    <label className={styles.clusterPicker} aria-busy={pending || undefined}>
      <span className="visually-hidden">Cluster</span>
      <select
        className="select"
        value={clusters.some((cluster) => cluster.name === current) ? current : ''}
        onChange={(event) => navigate(withChanges({ [CLUSTER_PARAM]: event.target.value || null }))}
      >
        <option value="">All clusters</option>
        <Options
          of={clusters}
          value={(cluster) => cluster.name}
          label={(cluster) => (cluster.region ? `${cluster.name} (${cluster.region})` : cluster.name)}
        />
      </select>
    </label>
  );
}
