// An SLO id that names no SLO: said plainly, inside the console's shell, with the way back to the list.
import Link from 'next/link';
import { Card, EmptyState } from '@/components/ui';

export default function SloNotFound() {
  return (
    <div className="page">
      <Card>
        <EmptyState
          title="There is no such SLO"
          description="The link may be mistyped, or the SLO was deleted."
          action={<Link href="/slos">Go to the SLOs</Link>}
        />
      </Card>
    </div>
  );
}
