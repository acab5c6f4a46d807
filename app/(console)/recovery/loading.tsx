// While /recovery loads: the shape of its tiles, chart and table.
import { Card, PageSkeleton, RowsSkeleton, Skeleton } from '@/components/ui';

export default function RecoveryLoading() {
  return (
    <PageSkeleton label="Loading recovery…" title={120} subtitle={420}>
      <div className="grid-kpi">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} height={88} radius={10} />
        ))}
      </div>
      <Card>
        <Skeleton height={240} />
      </Card>
      <RowsSkeleton rows={8} shortEvery={4} />
    </PageSkeleton>
  );
}
