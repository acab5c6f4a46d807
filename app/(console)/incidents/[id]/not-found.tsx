// An incident id that names no incident: said plainly, with the way back to the lists.
import Link from 'next/link';
import { Card, EmptyState } from '@/components/ui';

export default function IncidentNotFound() {
  return (
    <div className="page">
      <Card>
        <EmptyState
          title="There is no such incident"
          description="The link may be mistyped, or it points to an incident this console has never held."
          action={<Link href="/incidents">Go to all incidents</Link>}
        />
      </Card>
    </div>
  );
}
