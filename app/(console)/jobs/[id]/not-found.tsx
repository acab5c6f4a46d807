// A job id that names no job: said plainly, inside the console's shell, with the way back to the list.
import Link from 'next/link';
import { Card, EmptyState } from '@/components/ui';

export default function JobNotFound() {
  return (
    <div className="page">
      <Card>
        <EmptyState
          title="There is no such job"
          description="The link may be mistyped, or it points to a job this console has never seen."
          action={<Link href="/jobs">Go to the jobs list</Link>}
        />
      </Card>
    </div>
  );
}
