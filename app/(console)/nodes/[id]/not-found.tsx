import Link from 'next/link';
import { EmptyState } from '@/components/ui';

export default function NodeNotFound() {
  return (
    <div className="page">
      <EmptyState
        title="No such node"
        description="It may have been retired, or the link is wrong."
        action={<Link href="/fleet">Back to the fleet map</Link>}
      />
    </div>
  );
}
