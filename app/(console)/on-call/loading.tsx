// While the on-call list loads: the shape of its rows.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function OnCallLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the on-call list…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={160} height={22} />
        <Skeleton width={420} height={12} />
      </div>
      <Card>
        <Skeleton lines={8} />
      </Card>
    </div>
  );
}
