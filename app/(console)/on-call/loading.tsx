// While the on-call list loads: the shape of its rows.
import { Card, PageSkeleton, Skeleton } from '@/components/ui';

export default function OnCallLoading() {
  return (
    <PageSkeleton label="Loading the on-call list…" title={160} subtitle={420}>
      <Card>
        <Skeleton lines={8} />
      </Card>
    </PageSkeleton>
  );
}
