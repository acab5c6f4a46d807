// While the incident list loads: the shape of its filters and table.
import { Card, PageSkeleton, Skeleton } from '@/components/ui';

export default function IncidentsLoading() {
  return (
    <PageSkeleton label="Loading incidents…" title={160} subtitle={420}>
      <Skeleton height={56} />
      <Card>
        <Skeleton lines={10} />
      </Card>
    </PageSkeleton>
  );
}
