// While /recovery loads: the shape of its tiles, chart and table.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function RecoveryLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading recovery…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={120} height={22} />
        <Skeleton width={420} height={12} />
      </div>
      <div className="grid-kpi">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} height={88} radius={10} />
        ))}
      </div>
      <Card>
        <Skeleton height={240} />
      </Card>
      <Card flush>
        <div className="stack" style={{ padding: 16, gap: 14 }}>
          {Array.from({ length: 8 }, (_, index) => (
            <Skeleton key={index} height={12} width={index % 4 === 3 ? '85%' : '100%'} />
          ))}
        </div>
      </Card>
    </div>
  );
}
