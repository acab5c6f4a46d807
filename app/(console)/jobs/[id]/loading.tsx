// While a job loads: the shape of its header, tiles, chart and timeline.
import { Card, PageSkeleton, Skeleton, TilesSkeleton } from '@/components/ui';

export default function JobLoading() {
  return (
    <PageSkeleton label="Loading the job…" crumb={80} title={300} subtitle={480} band={56}>
      <TilesSkeleton count={5} detail="60%" />
      <Card>
        <Skeleton height={240} />
        <div style={{ height: 12 }} />
        <Skeleton height={120} />
      </Card>
      <Card>
        <Skeleton lines={5} />
      </Card>
    </PageSkeleton>
  );
}
