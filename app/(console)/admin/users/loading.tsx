// The people page while it loads: its header, the list and the form.
import { Card } from '@/components/ui/Card';
import { Skeleton } from '@/components/ui/Skeleton';

export default function UsersLoading() {
  return (
    <div className="page" role="status" aria-live="polite">
      <span className="visually-hidden">Loading people…</span>
      <div className="stack" style={{ gap: 8 }}>
        <Skeleton width={260} height={22} />
        <Skeleton width={520} height={12} />
      </div>
      <Card flush>
        <div className="stack" style={{ padding: 16, gap: 14 }}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={14} />
          ))}
        </div>
      </Card>
      <Card>
        <Skeleton lines={3} height={14} />
      </Card>
    </div>
  );
}
