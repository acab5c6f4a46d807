// While an SLO loads: the shape of its figures and charts.
import { Card, PageSkeleton, Skeleton, TilesSkeleton } from '@/components/ui';

export default function SloLoading() {
  return (
    <PageSkeleton label="Loading the SLO…" crumb={80} title={280} subtitle={360}>
      <TilesSkeleton count={3} />
      <Card>
        <Skeleton height={200} />
      </Card>
      <Card>
        <Skeleton height={200} />
      </Card>
    </PageSkeleton>
  );
}
