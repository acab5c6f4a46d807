// The channels page while it loads: its header, the list and the form.
import { Card, PageSkeleton, RowsSkeleton, Skeleton } from '@/components/ui';

export default function ChannelsLoading() {
  return (
    <PageSkeleton label="Loading channels…" title={260} subtitle={520}>
      <RowsSkeleton rows={4} height={14} />
      <Card>
        <Skeleton lines={3} height={14} />
      </Card>
    </PageSkeleton>
  );
}
