// While a job loads: the shape of its header, tiles, chart and timeline.
import { Card, PageSkeleton, Skeleton, TilesSkeleton } from '@/components/ui';

export default function JobLoading() {
  return (
    <PageSkeleton
      label="Loading the job…"
      heading={[
        [80, 12],
        [300, 22],
        [480, 12],
        ['100%', 56],
      ]}
    >
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
