// What a page looks like while its data loads: the shape of a header, KPI tiles and a table.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function ConsoleLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={220} height={22} />
        <Skeleton width={360} height={12} />
      </div>
      <div className="grid-kpi">
        {Array.from({ length: 4 }, (_, index) => (
          <Card key={index}>
            <div className="stack" style={{ gap: 10 }}>
              <Skeleton width="50%" height={10} />
              <Skeleton width="70%" height={24} />
              <Skeleton width="40%" height={10} />
            </div>
          </Card>
        ))}
      </div>
      <Card flush>
        <div className="stack" style={{ padding: 16, gap: 14 }}>
          {Array.from({ length: 8 }, (_, index) => (
            <Skeleton key={index} height={12} width={index % 3 === 2 ? '80%' : '100%'} />
          ))}
        </div>
      </Card>
    </div>
  );
}
