import { PageHeader, Skeleton } from '@/components/ui';

export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <PageHeader title="Fleet map" subtitle="Loading every GPU…" />
      <Skeleton height="36px" width="560px" />
      <Skeleton height="60vh" />
    </div>
  );
}
