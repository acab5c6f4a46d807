// While the incident list loads: the shape of its filters and table.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function IncidentsLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading incidents…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={160} height={22} />
        <Skeleton width={420} height={12} />
      </div>
      <Skeleton height={56} />
      <Card>
        <Skeleton lines={10} />
      </Card>
    </div>
  );
}
