// While an SLO loads: the shape of its figures and charts.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function SloLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the SLO…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={80} height={12} />
        <Skeleton width={280} height={22} />
        <Skeleton width={360} height={12} />
      </div>
      <div className="grid-kpi">
        {Array.from({ length: 3 }, (_, index) => (
          <Card key={index}>
            <div className="stack" style={{ gap: 10 }}>
              <Skeleton width="50%" height={10} />
              <Skeleton width="70%" height={24} />
            </div>
          </Card>
        ))}
      </div>
      <Card>
        <Skeleton height={200} />
      </Card>
      <Card>
        <Skeleton height={200} />
      </Card>
    </div>
  );
}
