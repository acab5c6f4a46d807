// While an incident loads: the shape of its header, timeline and side panels.
import { Card, PageSkeleton, Skeleton } from '@/components/ui';

export default function IncidentLoading() {
  return (
    <PageSkeleton
      label="Loading the incident…"
      heading={[
        [360, 26],
        [480, 12],
        ['100%', 48],
      ]}
    >
      <Card>
        <Skeleton lines={8} />
      </Card>
    </PageSkeleton>
  );
}
