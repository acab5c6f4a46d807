// While the audit log loads: the shape of its filters and a table.
import { FiltersSkeleton, PageSkeleton, RowsSkeleton } from '@/components/ui';

export default function AuditLoading() {
  return (
    <PageSkeleton label="Loading the audit log…" title={140} subtitle={480}>
      <FiltersSkeleton count={6} width={160} />
      <RowsSkeleton rows={12} shortEvery={4} />
    </PageSkeleton>
  );
}
