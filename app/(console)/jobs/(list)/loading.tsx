// While the jobs list loads: the shape of its filters and a table.
import { FiltersSkeleton, PageSkeleton, RowsSkeleton } from '@/components/ui';

export default function JobsLoading() {
  return (
    <PageSkeleton label="Loading jobs…" title={120} subtitle={420}>
      <FiltersSkeleton count={6} width={150} />
      <RowsSkeleton rows={12} shortEvery={4} />
    </PageSkeleton>
  );
}
