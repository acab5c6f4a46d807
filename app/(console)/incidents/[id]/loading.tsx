// While an incident loads: the shape of its header, timeline and side panels.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function IncidentLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the incident…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={360} height={26} />
        <Skeleton width={480} height={12} />
        <Skeleton height={48} />
      </div>
      <Card>
        <Skeleton lines={8} />
      </Card>
    </div>
  );
}
