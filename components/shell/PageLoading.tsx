// What a page looks like while its data loads, where it has no shape of its own: a header, KPI tiles and a table.
import { PageSkeleton, RowsSkeleton, TilesSkeleton } from '@/components/ui';

export function PageLoading() {
  return (
    <PageSkeleton label="Loading…" title={220} subtitle={360}>
      <TilesSkeleton count={4} detail="40%" />
      <RowsSkeleton rows={8} shortEvery={3} />
    </PageSkeleton>
  );
}
