// While the audit log loads: the shape of its filters and a table.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function AuditLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the audit log…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={140} height={22} />
        <Skeleton width={480} height={12} />
      </div>
      <div className="row" style={{ gap: 12 }}>
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} width={160} height={32} />
        ))}
      </div>
      <Card flush>
        <div className="stack" style={{ padding: 16, gap: 14 }}>
          {Array.from({ length: 12 }, (_, index) => (
            <Skeleton key={index} height={12} width={index % 4 === 3 ? '85%' : '100%'} />
          ))}
        </div>
      </Card>
    </div>
  );
}
