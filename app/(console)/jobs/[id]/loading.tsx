// While a job loads: the shape of its header, tiles, chart and timeline.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function JobLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the job…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={80} height={12} />
        <Skeleton width={300} height={22} />
        <Skeleton width={480} height={12} />
        <Skeleton height={56} />
      </div>
      <div className="grid-kpi">
        {Array.from({ length: 5 }, (_, index) => (
          <Card key={index}>
            <div className="stack" style={{ gap: 10 }}>
              <Skeleton width="50%" height={10} />
              <Skeleton width="70%" height={24} />
              <Skeleton width="60%" height={10} />
            </div>
          </Card>
        ))}
      </div>
      <Card>
        <Skeleton height={240} />
        <div style={{ height: 12 }} />
        <Skeleton height={120} />
      </Card>
      <Card>
        <Skeleton lines={5} />
      </Card>
    </div>
  );
}
