// While the SLOs load: the shape of the table.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function SlosLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the SLOs…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={120} height={22} />
        <Skeleton width={520} height={12} />
      </div>
      <Card>
        <Skeleton lines={6} />
      </Card>
    </div>
  );
}
