// While an incident loads: the shape of its header, timeline and side panels.
import { Card, PageSkeleton, Skeleton } from '@/components/ui';

export default function IncidentLoading() {
  return (
    <PageSkeleton label="Loading the incident…" title={360} titleHeight={26} subtitle={480} band={48}>
      <Card>
        <Skeleton lines={8} />
      </Card>
    </PageSkeleton>
  );
}
