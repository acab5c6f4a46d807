// While the SLOs load: the shape of the table.
import { Card, PageSkeleton, Skeleton } from '@/components/ui';

export default function SlosLoading() {
  return (
    <PageSkeleton label="Loading the SLOs…" title={120} subtitle={520}>
      <Card>
        <Skeleton lines={6} />
      </Card>
    </PageSkeleton>
  );
}
